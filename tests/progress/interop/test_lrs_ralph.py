"""LRS forwarding against a real LRS: Ralph (``tests/lrs.py``), served from its own venv
with its file-system backend in append mode (``scripts/ralph-lrs`` says why), a fresh data
directory per test. Statements are read back through Ralph's own xAPI GET.

The outage is real: the server process is stopped in the middle of the run (connections are
refused) and started again on the same port and directory.
"""

import uuid
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from progress.interop import xapi
from progress.interop.lrs.relay import (
    lrs_statements_requeue,
    outbox_send,
    relay_run,
    relay_schedule,
    relay_state,
)
from progress.interop.models import LrsRelay, LrsStatement
from progress.models import Attempt
from progress.practice.answers import attempt_record
from tests import factories

KINDS = ("single", "multiple", "true_false", "numeric", "short_text")
# What Ralph adds to a statement it stores (xAPI 1.0.3 2.4.8, 2.4.9).
LRS_ADDED = {"stored", "authority"}


@pytest.fixture
def questions(db):
    spanish = factories.SubjectFactory(name="Matemáticas", slug="mates", language="es")
    concept = factories.ConceptFactory(topic=factories.TopicFactory(subject=spanish))
    return [
        factories.QuestionFactory(concept=concept, kind=kind, prompt=f"<p>¿Pregunta {kind}?</p>")
        for kind in KINDS
    ]


def answer(learners, questions, count, *, start):
    """``count`` answers through the real answer path, alternating learners and kinds."""
    attempts = []
    for i in range(count):
        question = questions[i % len(questions)]
        recorded = attempt_record(
            learner=learners[i % len(learners)],
            question=question,
            response=factories.answer_for(question, correct=i % 3 != 0),
            client_token=uuid.uuid4(),
            now=start + timedelta(seconds=i),
        )
        attempts.append(recorded.attempt)
    return attempts


def expected_ids(attempts) -> set[str]:
    return {
        xapi.statement_id(learner_id=a.learner_id, client_token=a.client_token) for a in attempts
    }


def pending() -> int:
    return LrsStatement.objects.filter(status=LrsStatement.Status.PENDING).count()


@pytest.mark.django_db
def test_answers_reach_the_lrs_exactly_once_across_an_outage(
    lrs_settings, ralph, student, other_student, questions
):
    lrs_settings.PATHWISE_LRS_BATCH_SIZE = 8
    lrs_settings.PATHWISE_LRS_RETRY_SECONDS = 10
    learners = [student, other_student]
    now = timezone.now()

    # 1. The LRS is up: 20 answers go in three batches (8 + 8 + 4).
    first = answer(learners, questions, 20, start=now)
    report = outbox_send(now=now + timedelta(minutes=1))
    assert (report.sent, report.batches, report.failed) == (20, 3, False)
    assert len(ralph.statements()) == 20

    # 2. The LRS goes down. Answers are still recorded (the outbox does not need the LRS);
    #    the send fails without losing anything, and the relay backs off.
    ralph.stop()
    second = answer(learners, questions, 15, start=now + timedelta(minutes=2))
    down_at = now + timedelta(minutes=3)
    report = outbox_send(now=down_at)
    assert report.failed and report.sent == 0
    assert "no answer" in report.error
    assert pending() == 15
    relay = relay_state()
    assert relay.failures == 1 and relay.paused_until == down_at + timedelta(seconds=10)
    assert "no answer" in relay.last_error
    assert outbox_send(now=down_at + timedelta(seconds=5)).skipped == "paused"
    # Still down at the next try: the pause doubles.
    report = outbox_send(now=relay.paused_until)
    assert report.failed
    assert relay_state().paused_until == relay.paused_until + timedelta(seconds=20)
    assert pending() == 15

    # 3. The LRS is back (same port, same store); more answers arrive; the backlog drains.
    ralph.start()
    back_at = relay_state().paused_until
    third = answer(learners, questions, 5, start=back_at)
    report = outbox_send(now=back_at + timedelta(seconds=5))
    assert (report.sent, report.failed) == (20, False)
    assert pending() == 0
    assert relay_state().failures == 0 and relay_state().paused_until is None

    # Every answer is in the LRS exactly once, and reads back as it was sent.
    stored = ralph.statements()
    ids = [s["id"] for s in stored]
    all_attempts = first + second + third
    assert len(ids) == len(set(ids)) == 40
    assert set(ids) == expected_ids(all_attempts)
    sent = {str(row.statement_id): row.statement for row in LrsStatement.objects.all()}
    for statement in stored:
        assert {k: v for k, v in statement.items() if k not in LRS_ADDED} == sent[statement["id"]]
    # The content's language and plain text came through Ralph's validation intact.
    languages = {s["context"]["language"] for s in stored}
    assert languages == {"es"}
    names = {s["object"]["definition"]["name"]["es"] for s in stored}
    assert names == {f"¿Pregunta {kind}?" for kind in KINDS}

    # 4. A lost reply: the relay died after POSTing six statements, before marking them
    #    sent. Sending them again is harmless: the LRS keeps one copy of each.
    again = list(LrsStatement.objects.order_by("pk").values_list("pk", flat=True)[:6])
    LrsStatement.objects.filter(pk__in=again).update(
        status=LrsStatement.Status.PENDING, next_attempt_at=now
    )
    report = outbox_send(now=now + timedelta(minutes=10))
    assert (report.sent, report.failed) == (6, False)
    assert len(ralph.statements()) == 40
    assert Attempt.objects.count() == 40


@pytest.mark.django_db
def test_refused_statements_are_set_aside_and_bad_credentials_pause(
    lrs_settings, ralph, student, questions
):
    now = timezone.now()
    good = answer([student], questions, 5, start=now)
    broken = {"id": str(uuid.uuid4()), "actor": {"objectType": "Agent", "mbox": "nobody"}}
    bad = LrsStatement.objects.create(
        statement_id=broken["id"],
        learner=student,
        kind=LrsStatement.Kind.ANSWERED,
        statement=broken,
        created_at=now,
        next_attempt_at=now,
    )
    # Wrong password: the LRS says 401, which is about us, not the statements: all wait.
    lrs_settings.PATHWISE_LRS_PASSWORD = "not-the-password"
    report = outbox_send(now=now + timedelta(minutes=1))
    assert report.failed and "HTTP 401" in report.error
    assert pending() == 6

    # Fixed. Ralph 5.1 answers this invalid statement with a 500 (its error handler cannot
    # serialise the validation error), so the whole batch fails; sent one by one, the
    # other five go through and the broken one gets a strike and waits.
    lrs_settings.PATHWISE_LRS_PASSWORD = ralph.password
    at = relay_state().paused_until
    report = outbox_send(now=at)
    assert (report.sent, report.rejected, report.failed) == (5, 0, False), report.error
    assert {s["id"] for s in ralph.statements()} == expected_ids(good)
    bad.refresh_from_db()
    assert (bad.status, bad.strikes) == (LrsStatement.Status.PENDING, 1)
    # Still failing alone at its next tries: rejected at the third strike, with the reason.
    for _ in range(2):
        bad.refresh_from_db()
        report = outbox_send(now=bad.next_attempt_at)
    assert report.rejected == 1 and not report.failed
    bad.refresh_from_db()
    assert bad.status == LrsStatement.Status.REJECTED
    assert "failed on this statement 3 times" in bad.last_error and "HTTP 500" in bad.last_error
    assert relay_state().failures == 0, "a bad statement is not an LRS outage"

    # An operator can queue it again (it is back in the outbox, with a clean slate).
    assert lrs_statements_requeue(ids=[bad.pk], now=at) == 1
    bad.refresh_from_db()
    assert (bad.status, bad.strikes) == (LrsStatement.Status.PENDING, 0)


@pytest.mark.django_db(transaction=True)
def test_the_tasks_worker_sends_in_batches_and_keeps_one_chain(
    lrs_settings, ralph, student, questions
):
    """django-tasks-db's worker (``db_worker --batch``) runs the send; the run schedules the
    next one; a "send now" supersedes the scheduled run instead of starting a second chain."""
    from django_tasks_db.models import DBTaskResult

    lrs_settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    lrs_settings.PATHWISE_LRS_BATCH_SIZE = 4
    now = timezone.now()
    attempts = answer([student], questions, 10, start=now - timedelta(minutes=5))
    assert relay_schedule(at=now, now=now)
    assert not relay_schedule(at=now, now=now), "one run is enough"
    call_command("db_worker", batch=True, queue_name="*", verbosity=0)

    assert {s["id"] for s in ralph.statements()} == expected_ids(attempts)
    assert pending() == 0
    relay = LrsRelay.objects.get()
    assert relay.sent_total == 10 and relay.wake_at is not None and relay.wake_at > now
    later = DBTaskResult.objects.filter(status="READY")
    assert later.count() == 1 and later.get().run_after == relay.wake_at
    # A run whose time is not the relay's any more was superseded: it sends nothing.
    scheduled = relay.wake_at
    assert relay_schedule(at=timezone.now(), now=timezone.now())  # "send now"
    assert relay_run(now=timezone.now(), scheduled_for=scheduled).skipped == "superseded"
