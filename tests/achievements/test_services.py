"""Awarding: once, repeatable, the points ledger, sessions and mastery, the starter set."""

from datetime import timedelta

import pytest
from django.db.models import Sum
from django.utils import timezone

from achievements import services
from achievements.models import Badge, LearnerBadge, PointsEntry
from progress.models import LearnerStats
from progress.practice.sessions import session_complete, session_start
from tests.achievements.factories import BadgeFactory, answer
from tests.factories import (
    ActivityFactory,
    ActivityQuestionFactory,
    ConceptFactory,
    PracticeSessionFactory,
    QuestionFactory,
    StudentFactory,
)

pytestmark = pytest.mark.django_db


def ledger_total(learner) -> int:
    return PointsEntry.objects.filter(learner=learner).aggregate(s=Sum("amount"))["s"] or 0


def stats_points(learner) -> int:
    return LearnerStats.objects.get(learner=learner).total_points


def test_first_answer_earns_first_steps_once_with_points(student):
    badge = BadgeFactory(name="First steps", rule_kind="first_attempt", points=5)
    question = QuestionFactory()

    answer(student, question)
    answer(student, question, correct=False)

    earned = LearnerBadge.objects.get(learner=student, badge=badge)
    assert earned.times_earned == 1
    assert earned.seen_at is None  # to be announced
    assert ledger_total(student) == stats_points(student) == 5


def test_counter_badge_waits_for_its_threshold(student):
    badge = BadgeFactory(rule_kind="correct_answers", threshold=3, points=7)
    question = QuestionFactory()
    for correct in (True, False, True):
        answer(student, question, correct=correct)
    assert not LearnerBadge.objects.filter(badge=badge).exists()

    answer(student, question)

    assert LearnerBadge.objects.get(badge=badge).progress_current == 3
    assert stats_points(student) == 7


def test_repeatable_counter_is_earned_at_every_further_multiple(student):
    badge = BadgeFactory(rule_kind="questions_answered", threshold=2, points=3, repeatable=True)
    question = QuestionFactory()
    for _ in range(5):
        answer(student, question, correct=False)

    earned = LearnerBadge.objects.get(badge=badge)
    assert earned.times_earned == 2  # at 2 and at 4
    assert PointsEntry.objects.filter(learner=student, badge=badge).count() == 2
    assert ledger_total(student) == stats_points(student) == 6


def test_inactive_badges_are_never_awarded(student):
    BadgeFactory(rule_kind="first_attempt", active=False)
    answer(student, QuestionFactory())
    assert not LearnerBadge.objects.exists()
    assert stats_points(student) == 0


def test_a_repeat_is_announced_again(student):
    badge = BadgeFactory(rule_kind="questions_answered", threshold=1, repeatable=True)
    question = QuestionFactory()
    answer(student, question)
    services.badges_mark_seen(learner=student)
    assert LearnerBadge.objects.get(badge=badge).seen_at is not None

    answer(student, question)

    assert LearnerBadge.objects.get(badge=badge).seen_at is None


def finished_session(learner, *, questions, correct, activity=None):
    if activity is not None:
        session = session_start(learner=learner, now=timezone.now(), activity=activity)
    else:
        session = PracticeSessionFactory(
            learner=learner, concept=questions[0].concept, target_questions=len(questions)
        )
    for i, question in enumerate(questions):
        answer(learner, question, correct=i < correct, session=session)
    return session_complete(session=session, now=timezone.now())


def test_each_new_perfect_session_earns_a_repeatable_badge(student):
    badge = BadgeFactory(rule_kind="perfect_session", second_parameter=3, repeatable=True)
    once = BadgeFactory(rule_kind="perfect_session", second_parameter=3)
    concept = ConceptFactory()
    questions = QuestionFactory.create_batch(3, concept=concept)

    finished_session(student, questions=questions, correct=3)
    finished_session(student, questions=questions, correct=2)  # not perfect
    finished_session(student, questions=questions, correct=3)

    assert LearnerBadge.objects.get(badge=badge).times_earned == 2
    assert LearnerBadge.objects.get(badge=once).times_earned == 1
    assert ledger_total(student) == stats_points(student) == 30


def test_passing_an_activity(student):
    badge = BadgeFactory(rule_kind="activity_passed")
    activity = ActivityFactory(pass_mark=60)
    items = ActivityQuestionFactory.create_batch(
        2, activity=activity, question__concept=activity.concept
    )
    questions = [item.question for item in items]

    finished_session(student, questions=questions, correct=1, activity=activity)  # 50%
    assert not LearnerBadge.objects.filter(badge=badge).exists()
    finished_session(student, questions=questions, correct=2, activity=activity)
    assert LearnerBadge.objects.filter(badge=badge, learner=student).exists()


def test_mastering_a_concept_earns_mastery_badges(student):
    concept = ConceptFactory()
    anywhere = BadgeFactory(rule_kind="concepts_mastered", threshold=1, category="mastery")
    in_topic = BadgeFactory(rule_kind="topic_mastered", topic=concept.topic, threshold=1)
    elsewhere = BadgeFactory(
        rule_kind="concepts_mastered", threshold=1, topic=ConceptFactory().topic
    )
    # Different questions: the same one again within a sitting is practice, not evidence.
    questions = QuestionFactory.create_batch(10, concept=concept)
    start = timezone.now() - timedelta(hours=1)
    for n in range(10):
        result = answer(student, questions[n], now=start + timedelta(minutes=n))
        if result.newly_mastered:
            break
    assert result.newly_mastered, "the concept should be mastered after a run of right answers"

    earned = set(LearnerBadge.objects.filter(learner=student).values_list("badge_id", flat=True))
    assert {anywhere.pk, in_topic.pk} <= earned
    assert elsewhere.pk not in earned


def test_grants_apply_is_idempotent(student):
    """Applying the same grant twice (a retried event) awards once."""
    from achievements.selectors import Grant

    badge = BadgeFactory(rule_kind="questions_answered", threshold=1, points=4)
    LearnerStats.objects.create(learner=student, total_attempts=1)
    grant = Grant(student.pk, badge, total=1, current=1, target=1)
    now = timezone.now()

    assert len(services.grants_apply(grants=[grant], now=now)) == 1
    assert services.grants_apply(grants=[grant], now=now) == []
    assert LearnerBadge.objects.get().times_earned == 1
    assert ledger_total(student) == stats_points(student) == 4


def test_points_for_many_learners_in_one_update():
    from achievements.selectors import Grant

    badge = BadgeFactory(points=5)
    bigger = BadgeFactory(points=20)
    learners = StudentFactory.create_batch(3)
    grants = [Grant(s.pk, badge, total=1) for s in learners] + [Grant(learners[0].pk, bigger, 1)]
    services.grants_apply(grants=grants, now=timezone.now())
    assert [stats_points(s) for s in learners] == [25, 5, 5]
    for learner in learners:
        assert ledger_total(learner) == stats_points(learner)


def test_starter_set_is_idempotent_and_varied():
    created, existing = services.badge_starter_set_ensure()
    assert (created, existing) == (15, 0)
    badges = Badge.objects.all()
    assert set(badges.values_list("category", flat=True)) == set(Badge.Category.values)
    assert badges.filter(hidden=True).count() >= 2
    assert badges.filter(repeatable=True).exists()
    assert Badge.objects.get(slug="first-steps").rule_kind == "first_attempt"
    for badge in badges:
        badge.full_clean()

    Badge.objects.filter(slug="century").update(points=999)  # an author's edit
    assert services.badge_starter_set_ensure() == (0, 15)
    assert Badge.objects.count() == 15
    assert Badge.objects.get(slug="century").points == 999
