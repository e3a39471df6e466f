"""The LRS outbox: what is queued, in which transaction, for whom (no LRS needed: nothing is
sent here; ``test_lrs_ralph.py`` sends to a real one)."""

import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts import services as account_services
from achievements.services import event_handle
from progress.interop import xapi
from progress.interop.models import LrsStatement
from progress.interop.statements import statements_for, statements_queryset
from progress.metrics.services import snapshot_of
from progress.metrics.snapshot import Event
from progress.models import LearnerStats
from progress.practice.answers import attempt_record
from progress.practice.sessions import session_complete, session_start
from tests import factories
from tests.achievements.factories import BadgeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def forwarding(settings):
    # Nothing listens there: these tests only look at the outbox.
    settings.PATHWISE_LRS_ENDPOINT = "http://127.0.0.1:9/xAPI/"
    return settings


def record(learner, question, **kwargs):
    return attempt_record(
        learner=learner,
        question=question,
        response=factories.answer_for(question),
        client_token=kwargs.pop("token", None) or uuid.uuid4(),
        now=kwargs.pop("now", None) or timezone.now(),
        **kwargs,
    )


def test_nothing_is_queued_when_no_lrs_is_configured(student):
    record(student, factories.QuestionFactory())
    assert not LrsStatement.objects.exists()


def test_an_answer_queues_the_statement_an_export_would_write(forwarding, student):
    result = record(student, factories.QuestionFactory(kind="multiple"))
    queued = LrsStatement.objects.get()
    [exported] = statements_for(statements_queryset(learners=[student]))
    assert queued.statement == exported
    assert (queued.kind, queued.status, queued.learner_id) == ("answered", "pending", student.pk)
    assert str(queued.statement_id) == xapi.statement_id(
        learner_id=student.pk, client_token=result.attempt.client_token
    )
    assert queued.next_attempt_at == queued.created_at == result.attempt.created_at


def test_a_replayed_answer_queues_nothing_more(forwarding, student):
    question, token = factories.QuestionFactory(), uuid.uuid4()
    record(student, question, token=token)
    record(student, question, token=token)
    assert LrsStatement.objects.count() == 1


def test_a_refused_or_rolled_back_answer_leaves_no_statement(forwarding, student):
    question = factories.QuestionFactory()
    session = session_start(learner=student, now=timezone.now(), concept=question.concept)
    session_complete(session=session, now=timezone.now())
    before = LrsStatement.objects.count()  # the completed session's own statement
    with pytest.raises(ValidationError, match="session has ended"):
        record(student, question, session=session)
    with pytest.raises(RuntimeError), transaction.atomic():
        record(student, question)
        raise RuntimeError("the request failed after the answer")
    assert LrsStatement.objects.count() == before


def test_a_completed_session_queues_a_completed_statement(forwarding, student):
    question = factories.QuestionFactory()
    session = session_start(learner=student, now=timezone.now(), concept=question.concept)
    record(student, question, session=session)
    session_complete(session=session, now=timezone.now() + timedelta(minutes=3))
    row = LrsStatement.objects.get(kind=LrsStatement.Kind.COMPLETED)
    statement = row.statement
    assert statement["id"] == xapi.session_statement_id(
        learner_id=student.pk, session_id=session.pk
    )
    assert statement["verb"]["id"] == xapi.VERB_COMPLETED
    parent = statement["context"]["contextActivities"]["parent"][0]
    assert parent["id"].endswith(f"/xapi/concepts/{question.concept.slug}")
    assert (
        statement["result"]["extensions"][
            f"{forwarding.PATHWISE_LRS_ID_BASE}/xapi/extensions/questions"
        ]
        == 1
    )
    session_complete(session=session, now=timezone.now())  # idempotent: nothing more
    assert LrsStatement.objects.filter(kind=LrsStatement.Kind.COMPLETED).count() == 1


def test_an_awarded_badge_queues_one_statement_per_time_earned(forwarding, student):
    badge = BadgeFactory(rule_kind="first_attempt", name="First <em>step</em>")
    record(student, factories.QuestionFactory())  # earns it through the real receivers
    row = LrsStatement.objects.get(kind=LrsStatement.Kind.EARNED)
    assert row.statement["object"]["id"].endswith(f"/xapi/badges/{badge.slug}")
    assert row.statement["object"]["definition"]["name"] == {"en": "First step"}
    assert row.statement["id"] == xapi.earned_statement_id(
        learner_id=student.pk, badge_id=badge.pk, occurrence=1
    )
    # Evaluating the same event again awards nothing and queues nothing.
    stats = LearnerStats.objects.get(learner=student)
    event_handle(
        event=Event("attempt_recorded", snapshot_of(stats, learner_id=student.pk)),
        now=timezone.now(),
    )
    assert LrsStatement.objects.filter(kind=LrsStatement.Kind.EARNED).count() == 1


def test_guests_are_forwarded_once_they_claim_an_account(forwarding, guest, student):
    question = factories.QuestionFactory()
    BadgeFactory(rule_kind="first_attempt")
    session = session_start(learner=guest, now=timezone.now(), concept=question.concept)
    tokens = [record(guest, question, session=session).attempt.client_token for _ in range(3)]
    session_complete(session=session, now=timezone.now())
    assert not LrsStatement.objects.exists(), "nothing leaves for a guest"

    account_services.guest_claim(guest=guest, user=student)
    rows = LrsStatement.objects.all()
    assert {str(r.statement_id) for r in rows} == {
        xapi.statement_id(learner_id=student.pk, client_token=token) for token in tokens
    }
    assert {r.learner_id for r in rows} == {student.pk}
    assert {r.statement["actor"]["account"]["name"] for r in rows} == {str(student.pk)}
