"""Receivers: wired to progress's signals, evaluating only what the event can move, with a
query count that does not depend on how many badges exist."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from achievements import receivers
from achievements.models import LearnerBadge
from learning import versioning
from progress.practice.answers import attempt_record
from progress.signals import attempt_recorded, concept_mastered, session_completed
from tests.achievements.factories import BadgeFactory, answer
from tests.factories import QuestionFactory, StudentFactory, answer_for

pytestmark = pytest.mark.django_db


def test_receivers_are_connected_once():
    for signal, receiver in (
        (attempt_recorded, receivers.on_attempt_recorded),
        (session_completed, receivers.on_session_completed),
        (concept_mastered, receivers.on_concept_mastered),
    ):
        sync_receivers, _async = signal._live_receivers(None)
        live = list(sync_receivers)
        assert live.count(receiver) == 1


def test_a_rolled_back_answer_awards_nothing(student):
    BadgeFactory(rule_kind="first_attempt")
    question = QuestionFactory()
    with pytest.raises(RuntimeError):
        from django.db import transaction

        with transaction.atomic():
            answer(student, question)
            assert LearnerBadge.objects.filter(learner=student).exists()
            raise RuntimeError("the request failed after the answer")
    assert not LearnerBadge.objects.filter(learner=student).exists()


def make_badges(count: int) -> None:
    """``count`` active badges, a fifth of each kind an answer can move or not; a fifth
    ``first_attempt`` (earned by a first answer), so awarding is bulk too."""
    kinds = [
        ("first_attempt", {}),
        ("questions_answered", {"threshold": 50}),
        ("accuracy", {"threshold": 90, "second_parameter": 20}),
        ("concepts_mastered", {"threshold": 3}),  # not moved by an answer
        ("perfect_session", {"second_parameter": 5}),  # not moved by an answer
    ]
    for n in range(count):
        kind, extra = kinds[n % len(kinds)]
        BadgeFactory(rule_kind=kind, **extra)


def record_queries(learner, question) -> list[str]:
    versioning.clear()  # every measurement with the same (cold) curriculum cache
    with CaptureQueriesContext(connection) as captured:
        attempt_record(
            learner=learner,
            question=question,
            response=answer_for(question),
            client_token=uuid.uuid4(),
            now=timezone.now(),
        )
    return [q["sql"] for q in captured.captured_queries]


# What the badges add to an answer:
#   1 the active badges an answer can move, LEFT JOIN this learner's awards (always)
# and, only when something is earned:
#   2 LearnerStats FOR UPDATE (the learner's lock, already held by the answer)
#   3 the learner's awards again, under the lock   4 INSERT LearnerBadge (bulk)
#   5 INSERT PointsEntry (bulk)                    6 UPDATE LearnerStats total_points (F())
def test_answer_query_count_does_not_depend_on_the_number_of_badges():
    question = QuestionFactory()
    make_badges(5)
    few_first, few_again = StudentFactory(), StudentFactory()
    answer(few_again, question)
    few = record_queries(few_first, question)  # earns 1 badge
    few_quiet = record_queries(few_again, question)  # earns nothing

    make_badges(195)
    many_first, many_again = StudentFactory(), StudentFactory()
    answer(many_again, question)
    many = record_queries(many_first, question)  # earns 40 badges
    many_quiet = record_queries(many_again, question)

    assert LearnerBadge.objects.filter(learner=few_first).count() == 1
    assert LearnerBadge.objects.filter(learner=many_first).count() == 40
    assert len(many) == len(few), "\n".join(many)
    assert len(many_quiet) == len(few_quiet), "\n".join(many_quiet)
    # Reads and writes of badge tables: 1 when nothing is earned, 4 when something is
    # (the badges, the re-check, the two inserts), plus the lock and the points update.
    assert len([sql for sql in few_quiet if "achievements_" in sql]) == 1
    assert len([sql for sql in few if "achievements_" in sql]) == 4
    assert len([sql for sql in few if '"total_points" + ' in sql]) == 1
