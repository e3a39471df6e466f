"""The token API: authentication, scopes, exports, statements and offline sync."""

import json
import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts import tokens
from progress.interop import xapi
from progress.interop.exports.jobs import export_job_run
from progress.interop.exports.services import export_request
from progress.practice.answers import attempt_record
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def api():
    # CSRF is enforced as in production: the API must not depend on it.
    return Client(enforce_csrf_checks=True)


def bearer(user, *scopes) -> dict:
    raw = tokens.token_create(user=user, name="test", scopes=list(scopes), now=timezone.now()).raw
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def record(learner, question, *, when=None, correct=True):
    return attempt_record(
        learner=learner,
        question=question,
        response=factories.answer_for(question, correct=correct),
        client_token=uuid.uuid4(),
        now=when or timezone.now(),
    ).attempt


# Authentication ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "header",
    [None, "", "Bearer", "Bearer nope", "Basic dXNlcjpwYXNz", "Bearer pw_deadbeef_" + "x" * 43],
)
def test_missing_or_unknown_tokens_get_401(api, student, header):
    extra = {"HTTP_AUTHORIZATION": header} if header is not None else {}
    response = api.get(reverse("api:statement_list"), **extra)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["error"]["code"] == "unauthenticated"


def test_session_cookie_is_not_enough(api, student):
    api.force_login(student)
    assert api.get(reverse("api:export_list")).status_code == 401


def test_revoked_token_and_inactive_owner_get_401(api, student):
    created = tokens.token_create(user=student, name="t", scopes=[], now=timezone.now())
    headers = {"HTTP_AUTHORIZATION": f"Bearer {created.raw}"}
    assert api.get(reverse("api:export_list"), **headers).status_code == 200
    tokens.token_revoke(token=created.token, now=timezone.now())
    assert api.get(reverse("api:export_list"), **headers).status_code == 401

    other = bearer(factories.StudentFactory(username="leaver"))
    assert api.get(reverse("api:export_list"), **other).status_code == 200
    type(student).objects.filter(username="leaver").update(is_active=False)
    assert api.get(reverse("api:export_list"), **other).status_code == 401


def test_read_token_cannot_sync_and_methods_are_checked(api, student):
    headers = bearer(student)
    response = api.post(
        reverse("api:attempts_batch"), "[]", content_type="application/json", **headers
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "insufficient_scope"
    assert api.post(reverse("api:statement_list"), **headers).status_code == 405
    assert api.get(reverse("api:attempts_batch"), **bearer(student, "sync")).status_code == 405


# Exports ---------------------------------------------------------------------------------


def test_export_list_shows_only_own_exports_and_downloads_with_the_token(
    api, student, other_student
):
    mine = export_request(user=student, kind="my_data", fmt="json", filters={}, now=timezone.now())
    export_job_run(job_id=mine.pk)
    theirs = export_request(
        user=other_student, kind="my_data", fmt="json", filters={}, now=timezone.now()
    )
    export_job_run(job_id=theirs.pk)
    headers = bearer(student)
    body = api.get(reverse("api:export_list"), **headers).json()
    assert [e["id"] for e in body["exports"]] == [mine.pk]
    assert body["exports"][0]["status"] == "succeeded"
    download = api.get(body["exports"][0]["download_url"], **headers)
    assert download.status_code == 200
    assert json.loads(b"".join(download.streaming_content))["profile"][0]["username"] == "student"
    other_url = reverse("api:export_download", args=[theirs.pk])
    assert api.get(other_url, **headers).status_code == 404


# Statements ------------------------------------------------------------------------------


def test_statements_are_the_users_own_and_paginated(api, student, other_student):
    question = factories.QuestionFactory()
    start = timezone.now() - timedelta(hours=1)
    mine = [record(student, question, when=start + timedelta(minutes=i)) for i in range(5)]
    record(other_student, question)
    headers = bearer(student)
    url = reverse("api:statement_list")
    with CaptureQueriesContext(connection) as queries:
        body = api.get(url, {"page": 2, "limit": 2}, **headers).json()
    # Queries: the token with its user, last_used_at, the count, the page (concept joined).
    assert len(queries) <= 4, [q["sql"] for q in queries]
    assert body["count"] == 5 and body["pages"] == 3
    assert len(body["statements"]) == 2
    assert body["next"] == f"{url}?page=3&limit=2"
    all_ids = [s["id"] for s in api.get(url, {"limit": 500}, **headers).json()["statements"]]
    expected = [xapi.statement_id(learner_id=student.pk, client_token=a.client_token) for a in mine]
    assert all_ids == expected
    assert api.get(url, {"page": 99}, **headers).json()["statements"] == []


@pytest.mark.parametrize("query", [{"limit": "0"}, {"limit": "501"}, {"page": "-1"}, {"page": "x"}])
def test_bad_pagination_is_a_400(api, student, query):
    response = api.get(reverse("api:statement_list"), query, **bearer(student))
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_query"


# Query budgets: the API's lists cost the same however much the user has -----------------


def _queries(api, url, headers) -> int:
    api.get(url, **headers)  # the first use of a token also stamps its last-used time
    with CaptureQueriesContext(connection) as ctx:
        assert api.get(url, **headers).status_code == 200
    return len(ctx)


@pytest.mark.parametrize("name", ["api:statement_list", "api:export_list"])
def test_api_lists_cost_the_same_with_more_data(
    api, student, name, django_capture_on_commit_callbacks
):
    def export() -> None:
        with django_capture_on_commit_callbacks(execute=True):  # the task builds it
            export_request(user=student, kind="my_data", fmt="json", filters={}, now=timezone.now())

    question = factories.QuestionFactory()
    headers = bearer(student)
    url = reverse(name)
    record(student, question)
    export()
    small = _queries(api, url, headers)
    for _ in range(40):
        record(student, factories.QuestionFactory(concept=question.concept))
    for _ in range(4):
        export()
    assert _queries(api, url, headers) == small
    assert small <= 4  # the token with its owner, the page's count, the page (+ related rows)
