"""``manage.py award_badges``: retroactive awards, exactly once."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum

from achievements import selectors
from achievements.models import LearnerBadge, PointsEntry
from progress.mastery.status import STATUS_MASTERED
from progress.models import LearnerStats, PracticeSession
from tests.achievements.factories import BadgeFactory
from tests.factories import ConceptFactory, ConceptMasteryFactory, QuestionFactory, StudentFactory

pytestmark = pytest.mark.django_db


def award_badges(*args: str) -> str:
    out = io.StringIO()
    call_command("award_badges", *args, stdout=out)
    return out.getvalue()


def learner_with(**stats):
    learner = StudentFactory()
    LearnerStats.objects.create(learner=learner, **stats)
    return learner


def test_a_new_badge_is_awarded_to_everyone_who_already_qualifies_once():
    badge = BadgeFactory(slug="ten-answers", rule_kind="questions_answered", threshold=10, points=8)
    ready = [learner_with(total_attempts=12), learner_with(total_attempts=10)]
    not_yet = learner_with(total_attempts=9)

    out = award_badges("--badge", "ten-answers")

    assert "ten-answers: 2 learner(s) earned it" in out
    assert set(LearnerBadge.objects.filter(badge=badge).values_list("learner", flat=True)) == {
        s.pk for s in ready
    }
    for learner in [*ready, not_yet]:
        ledger = PointsEntry.objects.filter(learner=learner).aggregate(s=Sum("amount"))["s"] or 0
        assert LearnerStats.objects.get(learner=learner).total_points == ledger
    assert LearnerStats.objects.get(learner=ready[0]).total_points == 8

    before = (LearnerBadge.objects.count(), PointsEntry.objects.count())
    assert "0 learner(s) earned it" in award_badges("--badge", "ten-answers")
    assert (LearnerBadge.objects.count(), PointsEntry.objects.count()) == before


def test_dry_run_writes_nothing():
    BadgeFactory(slug="first", rule_kind="first_attempt")
    learner_with(total_attempts=1)
    out = award_badges("--dry-run")
    assert "first: 1 learner(s) would earn it" in out
    assert "nothing was written" in out
    assert not LearnerBadge.objects.exists()
    assert not PointsEntry.objects.exists()


def test_repeatable_badges_catch_up_and_a_raised_threshold_awards_nothing_twice():
    badge = BadgeFactory(rule_kind="questions_answered", threshold=10, repeatable=True, points=1)
    learner = learner_with(total_attempts=35)
    award_badges()
    assert LearnerBadge.objects.get(badge=badge).times_earned == 3
    assert LearnerStats.objects.get(learner=learner).total_points == 3

    LearnerStats.objects.filter(learner=learner).update(total_attempts=41)
    award_badges()
    assert LearnerBadge.objects.get(badge=badge).times_earned == 4
    award_badges()
    assert LearnerBadge.objects.get(badge=badge).times_earned == 4
    assert LearnerStats.objects.get(learner=learner).total_points == 4


def test_mastery_and_session_badges_are_judged_from_history():
    concept = ConceptFactory()
    QuestionFactory(concept=concept)  # concepts count once they have published questions
    topic_badge = BadgeFactory(rule_kind="topic_mastered", topic=concept.topic)
    perfect = BadgeFactory(rule_kind="perfect_session", second_parameter=3, repeatable=True)
    learner = learner_with(total_attempts=9, concepts_mastered=1)
    ConceptMasteryFactory(learner=learner, concept=concept, status=STATUS_MASTERED)
    for correct in (3, 2, 4):
        PracticeSession.objects.create(
            learner=learner,
            scope="concept",
            concept=concept,
            started_at="2026-01-05T10:00:00Z",
            status=PracticeSession.Status.COMPLETED,
            question_count=correct if correct != 2 else 3,
            correct_count=correct,
            score_total=correct,
        )

    award_badges()

    assert LearnerBadge.objects.filter(badge=topic_badge, learner=learner).exists()
    assert LearnerBadge.objects.get(badge=perfect).times_earned == 2


def test_inactive_and_unknown_badges_are_refused():
    BadgeFactory(slug="off", active=False)
    with pytest.raises(CommandError, match="Inactive"):
        award_badges("--badge", "off")
    with pytest.raises(CommandError, match="nope"):
        award_badges("--badge", "nope")


def test_dry_run_queries_are_bounded(django_assert_max_num_queries):
    badge = BadgeFactory(rule_kind="first_attempt")
    for _ in range(30):
        learner_with(total_attempts=1)
    # learner ids, published concepts, stats, mastered concepts, existing awards
    with django_assert_max_num_queries(5):
        assert selectors.badge_dry_run(badge=badge) == 30
