"""Offline sync (``POST /api/v1/attempts/batch``): answers made on a device without a
connection, recorded later, each item on its own, and stored progress always equal to a replay
of the log, however late or out of order the answers arrive."""

import json
import uuid
from datetime import UTC, datetime, timedelta
from itertools import pairwise

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import tokens
from accounts.models import ApiToken
from achievements.models import LearnerBadge
from progress.metrics.recompute import recompute_progress
from progress.models import Attempt, LearnerStats, ProgressSnapshot
from progress.practice.answers import attempt_record
from tests import factories
from tests.achievements.factories import BadgeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _an_established_account(student):
    """The student signed up two months ago (offline answers after that are plausible)."""
    student.date_joined = timezone.now() - timedelta(days=60)
    student.save(update_fields=["date_joined"])


@pytest.fixture
def api():
    from django.test import Client

    return Client(enforce_csrf_checks=True)


def bearer(user, *scopes) -> dict:
    raw = tokens.token_create(user=user, name="test", scopes=list(scopes), now=timezone.now()).raw
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


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


# Accepted times ----------------------------------------------------------------------------


def test_answers_from_before_the_account_existed_are_refused(api, sync_headers):
    """A new account posting a year-2000 answer and a week of backdated ones gets no history."""
    newcomer = factories.StudentFactory(username="newcomer")
    BadgeFactory(rule_kind="streak_days", threshold=3)
    question = factories.QuestionFactory()
    now = timezone.now()
    items = [item(question, when=datetime(2000, 1, 1, 9, tzinfo=UTC))]
    items += [item(question, when=now - timedelta(days=d)) for d in range(1, 9)]
    body = post_batch(api, bearer(newcomer, "sync"), items).json()
    assert body["recorded"] == 0 and body["rejected"] == 9
    assert all("before the account was created" in r["reason"] for r in body["results"])
    assert not Attempt.objects.filter(learner=newcomer).exists()
    assert not LearnerBadge.objects.filter(learner=newcomer).exists()


def test_answers_older_than_the_offline_window_are_refused(api, student, sync_headers, settings):
    settings.PATHWISE_OFFLINE_WINDOW_DAYS = 30
    question = factories.QuestionFactory()
    now = timezone.now()
    body = post_batch(
        api,
        sync_headers,
        [
            item(question, when=now - timedelta(days=31)),
            item(question, when=now - timedelta(days=29)),
        ],
    ).json()
    assert [r["status"] for r in body["results"]] == ["rejected", "recorded"]
    assert "last 30 days" in body["results"][0]["reason"]


@pytest.mark.parametrize(
    ("answered_at", "accepted"),
    [("+23:59", False), ("-15:00", False), ("+14:00", True), ("-12:00", True)],
)
def test_offsets_no_clock_uses_are_refused_and_real_ones_stored_in_utc(
    api, student, sync_headers, answered_at, accepted
):
    question = factories.QuestionFactory()
    local = (timezone.now() - timedelta(hours=30)).replace(microsecond=0, tzinfo=None)
    body = post_batch(
        api,
        sync_headers,
        [item(question, when=timezone.now(), answered_at=local.isoformat() + answered_at)],
    ).json()
    assert body["results"][0]["status"] == ("recorded" if accepted else "rejected")
    if accepted:
        stored = Attempt.objects.get(learner=student)
        assert stored.created_at.utcoffset() == timedelta(0)


# One bad item never blocks the others ------------------------------------------------------


@pytest.mark.parametrize(
    "bad",
    [
        {"response": {"value": "a\u0000b"}},  # NUL: PostgreSQL cannot store it
        {"question_id": 10**30},  # beyond any database key (SQLite overflowed)
        {"answered_at": "2026-03-01T10:00:00+23:59"},  # an offset PostgreSQL refuses
        {"response": {"choices": ["x\u0000"]}},
    ],
)
def test_a_bad_item_between_two_good_ones_never_blocks_them(api, student, sync_headers, bad):
    question = factories.QuestionFactory(kind="short_text")
    now = timezone.now()
    items = [
        item(question, when=now - timedelta(minutes=3)),
        {**item(question, when=now - timedelta(minutes=2)), **bad},
        item(question, when=now - timedelta(minutes=1)),
    ]
    for attempt in range(2):  # the device sends the batch again: the same answer each time
        response = post_batch(api, sync_headers, items)
        assert response.status_code == 200 and response["Content-Type"] == "application/json"
        statuses = [r["status"] for r in response.json()["results"]]
        expected_ok = "recorded" if attempt == 0 else "duplicate"
        assert statuses == [expected_ok, "rejected", expected_ok]
    assert Attempt.objects.filter(learner=student).count() == 2


def test_the_api_answers_json_even_when_something_breaks(api, student, sync_headers, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("progress.interop.api._batch_items", broken)
    response = post_batch(api, sync_headers, [])
    assert response.status_code == 500
    assert response.json()["error"]["code"] == "server_error"


# Late answers rebuild what they change -----------------------------------------------------


def test_late_and_out_of_order_answers_leave_progress_equal_to_a_replay(api, student, sync_headers):
    questions = [factories.QuestionFactory() for _ in range(3)]
    now = timezone.now()
    live = attempt_record(
        learner=student,
        question=questions[0],
        response=factories.answer_for(questions[0]),
        client_token=uuid.uuid4(),
        now=now,
    ).attempt
    # The tablet was offline for the three days before: its answers arrive now, newest first.
    late = [
        item(questions[d % 3], when=now - timedelta(days=d, hours=1), correct=d % 2 == 0)
        for d in (1, 3, 2)
    ]
    body = post_batch(api, sync_headers, late).json()
    assert body["recorded"] == 3
    assert recompute_progress(learner_ids=[student.pk]) == []
    stats = LearnerStats.objects.get(learner=student)
    assert stats.total_attempts == 4
    assert stats.current_streak == 4  # four days in a row, whatever the order they arrived in
    assert stats.last_activity_at == live.created_at  # never moved backwards
    assert ProgressSnapshot.objects.filter(learner=student).values("date").distinct().count() == 3
    # "Why this number" chains: each answer starts where the one before it on the concept left.
    for concept_id in {q.concept_id for q in questions}:
        chain = list(
            Attempt.objects.filter(learner=student, concept_id=concept_id).order_by("created_at")
        )
        for before, after in pairwise(chain):
            assert after.mastery_before == pytest.approx(before.mastery_after)


def test_a_late_answer_is_counted_once_and_resending_it_changes_nothing(api, student, sync_headers):
    question = factories.QuestionFactory()
    now = timezone.now()
    attempt_record(
        learner=student,
        question=question,
        response=factories.answer_for(question),
        client_token=uuid.uuid4(),
        now=now,
    )
    late = [item(question, when=now - timedelta(days=2))]
    post_batch(api, sync_headers, late)
    stored = list(LearnerStats.objects.filter(learner=student).values())
    again = post_batch(api, sync_headers, late).json()
    assert again["duplicate"] == 1
    assert list(LearnerStats.objects.filter(learner=student).values()) == stored
    assert recompute_progress(learner_ids=[student.pk]) == []


def test_two_tabs_whose_clock_readings_arrive_out_of_order_do_not_drift(student):
    """Tab A read the clock first but took the learner's lock second: it counts second."""
    question = factories.QuestionFactory()
    t1 = timezone.now()
    t2 = t1 + timedelta(milliseconds=600)
    for moment in (t2, t1):  # B (later reading) gets the lock first, then A
        attempt_record(
            learner=student,
            question=question,
            response=factories.answer_for(question, correct=moment == t1),
            client_token=uuid.uuid4(),
            now=moment,
        )
    first, second = Attempt.objects.filter(learner=student).order_by("pk")
    assert second.created_at >= first.created_at
    assert recompute_progress(learner_ids=[student.pk]) == []
