"""Two simultaneous answers that both qualify award once (real PostgreSQL connections).

Run with ``DATABASE_URL=postgres://...``; skipped on SQLite, which serialises writers.
"""

import uuid

import pytest
from django.db.models import Sum
from django.utils import timezone

from achievements import services
from achievements.models import LearnerBadge, PointsEntry
from achievements.selectors import Grant
from progress.models import LearnerStats
from progress.practice.answers import attempt_record
from tests.achievements.factories import BadgeFactory
from tests.concurrency import run_together
from tests.factories import QuestionFactory, StudentFactory, answer_for

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("postgresql_only"),
]

THREADS = 6


def assert_ledger_matches(learner):
    ledger = PointsEntry.objects.filter(learner=learner).aggregate(s=Sum("amount"))["s"] or 0
    assert LearnerStats.objects.get(learner=learner).total_points == ledger


def test_simultaneous_answers_award_once():
    badge = BadgeFactory(rule_kind="first_attempt", points=5)
    counter = BadgeFactory(rule_kind="questions_answered", threshold=2, points=7)
    learner = StudentFactory()
    questions = QuestionFactory.create_batch(THREADS)

    def work(i):
        attempt_record(
            learner=learner,
            question=questions[i],
            response=answer_for(questions[i]),
            client_token=uuid.uuid4(),
            now=timezone.now(),
        )

    run_together(THREADS, work)

    assert LearnerStats.objects.get(learner=learner).total_attempts == THREADS
    assert LearnerBadge.objects.get(learner=learner, badge=badge).times_earned == 1
    assert LearnerBadge.objects.get(learner=learner, badge=counter).times_earned == 1
    assert PointsEntry.objects.filter(learner=learner).count() == 2
    assert_ledger_matches(learner)


def test_simultaneous_grants_without_the_answer_lock_award_once():
    """The award service takes the learner's lock itself (backfill, admin, retries)."""
    badge = BadgeFactory(rule_kind="questions_answered", threshold=1, points=3)
    learner = StudentFactory()
    LearnerStats.objects.create(learner=learner, total_attempts=1)

    run_together(
        THREADS,
        lambda i: services.grants_apply(
            grants=[Grant(learner.pk, badge, total=1)], now=timezone.now()
        ),
    )

    assert LearnerBadge.objects.get(learner=learner, badge=badge).times_earned == 1
    assert PointsEntry.objects.filter(learner=learner).count() == 1
    assert_ledger_matches(learner)
