"""Health endpoints, the database-unavailable page, and nothing half-written on failure."""

from unittest import mock

import pytest
from django.contrib.sessions.models import Session
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse

from core import views as core_views
from progress.metrics import services as metrics_services
from progress.models import Attempt, ConceptMastery, LearnerStats
from tests.factories import PracticeSessionFactory, QuestionFactory, answer_post_data


def refuse(*args, **kwargs):
    raise OperationalError("connection to server failed: Connection refused")


def database_down():
    """Inside this block every query fails as if the database server were gone."""
    return mock.patch.object(connection, "ensure_connection", refuse)


def test_healthz_answers_without_database_session_or_login(client, db):
    with database_down():
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert not response.cookies


def test_readyz_is_ready_with_database_and_migrations(client, db):
    response = client.get(reverse("core:readyz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "migrations": "ok"}
    assert "no-cache" in response["Cache-Control"]
    assert not response.cookies
    assert Session.objects.count() == 0


def test_readyz_fails_while_the_database_is_unreachable_and_recovers_after(client, db):
    with database_down():
        down = client.get("/readyz")
    assert down.status_code == 503
    assert down.json()["database"] == "unreachable (OperationalError)"
    assert down["Retry-After"] == "30"
    assert client.get("/readyz").status_code == 200


def test_readyz_fails_when_a_migration_is_not_applied(client, db, monkeypatch):
    shipped = core_views._migrations_on_disk() | {("progress", "9999_not_yet_migrated")}
    monkeypatch.setattr(core_views, "_migrations_on_disk", lambda: shipped)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["unapplied_migrations"] == ["progress.9999_not_yet_migrated"]


def test_health_endpoints_refuse_writes(client, db):
    assert client.post("/readyz").status_code == 405
    assert client.post("/healthz").status_code == 405


def test_a_page_answers_the_friendly_503_while_the_database_is_down(login, student):
    client = login(student)
    client.raise_request_exception = False
    with database_down():
        # The session is read by a middleware (the login check), before any view runs.
        response = client.get(reverse("progress:dashboard"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert b"Pathwise is back in a moment" in response.content
    assert b"Traceback" not in response.content
    assert client.get(reverse("progress:dashboard")).status_code == 200


def test_a_database_error_inside_a_view_is_the_503_page_too(login, student, monkeypatch):
    def refuse(**kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("progress.reports.student_views.student_dashboard", refuse)
    response = login(student).get(reverse("progress:dashboard"))
    assert response.status_code == 503
    assert b"Pathwise is back in a moment" in response.content


def test_the_api_gets_json_when_the_database_is_down(client, db):
    client.raise_request_exception = False
    with database_down():
        # A well-formed token: the API looks it up in the database, which is down.
        response = client.get(
            "/api/v1/statements/", HTTP_AUTHORIZATION=f"Bearer pw_abcdef_{'x' * 43}"
        )
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"


def test_other_errors_stay_500(login, student, monkeypatch):
    def broken(**kwargs):
        raise ValueError("a bug, not an outage")

    monkeypatch.setattr("progress.reports.student_views.student_dashboard", broken)
    client = login(student)
    client.raise_request_exception = False
    assert client.get(reverse("progress:dashboard")).status_code == 500


@pytest.mark.django_db(transaction=True)
def test_database_failure_mid_answer_leaves_nothing_half_written(student, monkeypatch):
    """The attempt row is inserted, then the connection drops: the whole answer rolls back."""
    question = QuestionFactory()
    session = PracticeSessionFactory(learner=student, concept=question.concept)
    client = Client(raise_request_exception=False)
    client.force_login(student)
    client.get(reverse("progress:session_question", args=[session.pk]))
    data = answer_post_data(question)

    def drop(**kwargs):
        # Runs after Attempt.objects.create(), inside attempt_record's transaction.
        assert Attempt.objects.filter(learner=student).exists()
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(metrics_services, "progress_update", drop)
    failed = client.post(reverse("progress:session_answer", args=[session.pk]), data)
    assert failed.status_code == 503
    assert Attempt.objects.count() == 0
    assert ConceptMastery.objects.count() == 0
    assert LearnerStats.objects.filter(learner=student, total_attempts__gt=0).count() == 0

    # The database is back: resubmitting the same page records the answer once.
    monkeypatch.undo()
    ok = client.post(reverse("progress:session_answer", args=[session.pk]), data)
    assert ok.status_code == 302
    again = client.post(reverse("progress:session_answer", args=[session.pk]), data)
    assert again["Location"] == ok["Location"]
    assert Attempt.objects.count() == 1


def test_readyz_fails_when_the_cache_table_was_not_created(client, db, settings):
    """Without `createcachetable` every login would fail: keep the server out of the pool."""
    settings.CACHES = {
        **settings.CACHES,
        "throttle": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "never_created",
        },
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["cache_table"] == "missing: run manage.py createcachetable"
