"""The token API: authentication, scopes, exports, statements and offline sync."""

import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts import tokens
from accounts.models import ApiToken
from progress.interop import xapi
from progress.interop.exports.jobs import export_job_run
from progress.interop.exports.services import export_request
from progress.models import Attempt, LearnerStats
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


# Offline sync ----------------------------------------------------------------------------


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def item(question, *, when, correct=True, token=None, **overrides) -> dict:
    data = {
        "client_token": str(token or uuid.uuid4()),
        "question_id": question.pk,
        "response": factories.answer_for(question, correct=correct),
        "answered_at": iso(when),
        "time_taken_seconds": 20,
    }
    data.update(overrides)
    return data


def post_batch(api, headers, payload):
    body = payload if isinstance(payload, str | bytes) else json.dumps(payload)
    return api.post(reverse("api:attempts_batch"), body, content_type="application/json", **headers)


@pytest.fixture
def sync_headers(student):
    return bearer(student, "sync")


def test_batch_records_in_answer_order_and_resending_records_nothing(api, student, sync_headers):
    question = factories.QuestionFactory()
    base = timezone.now() - timedelta(hours=2)
    items = [
        item(question, when=base + timedelta(minutes=30), correct=False),
        item(question, when=base),
        item(question, when=base + timedelta(minutes=10)),
    ]
    response = post_batch(api, sync_headers, {"items": items})
    assert response.status_code == 200
    body = response.json()
    assert (body["recorded"], body["duplicate"], body["rejected"]) == (3, 0, 0)
    assert [r["client_token"] for r in body["results"]] == [i["client_token"] for i in items]
    stored = list(Attempt.objects.filter(learner=student).order_by("pk"))
    assert [a.created_at for a in stored] == sorted(a.created_at for a in stored)
    assert stored[0].time_taken_seconds == 20
    assert [str(a.client_token) for a in stored] == [
        items[1]["client_token"],
        items[2]["client_token"],
        items[0]["client_token"],
    ]

    again = post_batch(api, sync_headers, items).json()  # a bare list works too
    assert (again["recorded"], again["duplicate"], again["rejected"]) == (0, 3, 0)
    assert Attempt.objects.filter(learner=student).count() == 3
    assert LearnerStats.objects.get(learner=student).total_attempts == 3


def test_one_bad_item_is_reported_and_the_good_ones_recorded(api, student, sync_headers):
    question = factories.QuestionFactory()
    draft = factories.QuestionFactory(status="draft")
    now = timezone.now()
    items = [
        item(question, when=now - timedelta(minutes=3)),
        item(question, when=now + timedelta(hours=1)),  # future
        item(question, when=now, answered_at="2026-01-01T10:00:00"),  # no timezone
        item(question, when=now, question_id=999_999),  # unknown question
        item(draft, when=now),  # not published
        item(question, when=now, response={"choices": "nope"}),  # malformed response
        item(question, when=now, client_token="not-a-uuid"),
        item(question, when=now, time_taken_seconds=-4),
        "not an object",
        item(question, when=now - timedelta(minutes=1)),
    ]
    body = post_batch(api, sync_headers, {"items": items}).json()
    statuses = [r["status"] for r in body["results"]]
    assert statuses == ["recorded"] + ["rejected"] * 8 + ["recorded"]
    reasons = [r.get("reason", "") for r in body["results"]]
    assert "future" in reasons[1] and "time zone" in reasons[2]
    assert "no question" in reasons[3] and "not available" in reasons[4]
    assert Attempt.objects.filter(learner=student).count() == 2


def test_same_token_twice_in_one_batch_counts_once(api, student, sync_headers):
    question = factories.QuestionFactory()
    token = uuid.uuid4()
    now = timezone.now()
    items = [item(question, when=now, token=token), item(question, when=now, token=token)]
    body = post_batch(api, sync_headers, items).json()
    assert [r["status"] for r in body["results"]] == ["recorded", "duplicate"]


@pytest.mark.parametrize(
    ("payload", "status"),
    [
        ("{not json", 400),
        ('{"items": [{"question_id": NaN}]}', 400),
        (b"\xff\xfe", 400),
        ('{"items": "many"}', 400),
        ("42", 400),
    ],
)
def test_malformed_bodies_are_400_and_write_nothing(api, student, sync_headers, payload, status):
    response = post_batch(api, sync_headers, payload)
    assert response.status_code == status
    assert "error" in response.json()
    assert Attempt.objects.count() == 0


def test_too_many_items_is_refused_with_a_message(api, student, sync_headers):
    question = factories.QuestionFactory()
    items = [item(question, when=timezone.now()) for _ in range(201)]
    response = post_batch(api, sync_headers, items)
    assert response.status_code == 413
    assert "at most 200" in response.json()["error"]["message"]
    assert Attempt.objects.count() == 0


def test_huge_body_is_413(api, student, sync_headers, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = post_batch(api, sync_headers, {"items": [], "padding": "x" * 5000})
    assert response.status_code == 413


def test_token_of_another_user_records_as_that_user_only(api, student, other_student):
    question = factories.QuestionFactory()
    post_batch(api, bearer(other_student, "sync"), [item(question, when=timezone.now())])
    assert Attempt.objects.filter(learner=other_student).count() == 1
    assert Attempt.objects.filter(learner=student).count() == 0
    assert ApiToken.objects.filter(user=other_student).count() == 1


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


@pytest.mark.parametrize(
    ("content_type", "encode"),
    [
        ("text/plain", json.dumps),
        ("application/x-www-form-urlencoded", lambda items: "items=" + json.dumps(items)),
    ],
)
def test_batch_refuses_a_body_that_is_not_declared_json(api, sync_headers, content_type, encode):
    """A form or text/plain POST needs no CORS preflight: a JSON API reads only JSON."""
    question = factories.QuestionFactory()
    response = api.post(
        reverse("api:attempts_batch"),
        encode([item(question, when=timezone.now())]),
        content_type=content_type,
        **sync_headers,
    )
    assert response.status_code == 415
    assert response.json()["error"]["code"] == "unsupported_media_type"
    assert not Attempt.objects.exists()


def test_batch_accepts_json_with_a_charset(api, sync_headers):
    question = factories.QuestionFactory()
    response = api.post(
        reverse("api:attempts_batch"),
        json.dumps([item(question, when=timezone.now())]),
        content_type="application/json; charset=utf-8",
        **sync_headers,
    )
    assert response.status_code == 200
    assert response.json()["recorded"] == 1
