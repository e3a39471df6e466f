"""learner_merge: a guest's progress moves onto an account, merged with what the account
already did, in time order, nothing lost and nothing counted twice.

The reference for "merged correctly" is a control learner who answered the same questions,
at the same moments, as one person: the merged account must end up exactly like them."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from django.apps import apps
from django.conf import settings
from django.db.models import Sum

from accounts import services as account_services
from achievements.models import LearnerBadge, PointsEntry
from progress.metrics.recompute import recompute_progress
from progress.models import (
    Attempt,
    ConceptMastery,
    DailyActivity,
    LearnerGoal,
    LearnerStats,
    PracticeSession,
    StudyPlan,
)
from progress.practice.answers import attempt_record
from progress.practice.merge import learner_merge
from progress.practice.sessions import session_complete, session_start
from tests import factories
from tests.achievements.factories import BadgeFactory

pytestmark = pytest.mark.django_db

START = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)  # a Monday morning in London


@pytest.fixture
def curriculum(db):
    topic = factories.TopicFactory()
    shared = factories.ConceptFactory(topic=topic)
    other = factories.ConceptFactory(topic=topic)
    return {
        "shared": [factories.QuestionFactory(concept=shared) for _ in range(3)],
        "other": [factories.QuestionFactory(concept=other)],
    }


def record(learner, question, *, correct: bool, at: datetime, token=None, session=None):
    return attempt_record(
        learner=learner,
        question=question,
        response=factories.answer_for(question, correct=correct),
        client_token=token or uuid.uuid4(),
        now=at,
        session=session,
    )


def interleaved_script(curriculum):
    """(who, question, correct, when): the account and the guest both practise the shared
    concept, on alternating days, so only the time-ordered union makes a 4-day streak."""
    shared, other = curriculum["shared"], curriculum["other"]
    day = timedelta(days=1)
    return [
        ("account", shared[0], True, START),
        ("account", shared[1], False, START + timedelta(minutes=2)),
        ("guest", shared[2], True, START + day),
        ("guest", other[0], True, START + day + timedelta(minutes=1)),
        ("guest", shared[0], True, START + day + timedelta(minutes=3)),
        ("account", shared[1], True, START + 2 * day),
        ("guest", shared[2], False, START + 3 * day),
        ("guest", shared[0], True, START + 3 * day + timedelta(minutes=5)),
    ]


def play(script, learners):
    # Each learner records their own answers in time order, but the account's all come
    # first (as when someone practised as a guest on another device): insertion order is
    # not time order, so the merge must replay by time, not by id.
    for who in ("account", "guest"):
        for owner, question, correct, at in script:
            if owner == who:
                record(learners[who], question, correct=correct, at=at)


MASTERY_FIELDS = ("p_known", "status", "attempts", "correct", "was_mastered", "review_due_at")
STATS_FIELDS = (
    "total_attempts",
    "correct_attempts",
    "score_total",
    "current_streak",
    "longest_streak",
    "last_active_date",
    "concepts_mastered",
    "concepts_in_progress",
    "recent_results",
)


def mastery_of(learner):
    return {
        row.concept_id: tuple(getattr(row, f) for f in MASTERY_FIELDS)
        for row in ConceptMastery.objects.filter(learner=learner)
    }


def assert_same_mastery(actual: dict, expected: dict) -> None:
    assert actual.keys() == expected.keys()
    for concept_id, (p_known, *rest) in expected.items():
        assert actual[concept_id][0] == pytest.approx(p_known, abs=1e-12), concept_id
        assert list(actual[concept_id][1:]) == rest, concept_id


def steps_of(learner):
    return [
        (a.question_id, a.mastery_before, a.mastery_after, a.gap_steps)
        for a in Attempt.objects.filter(learner=learner).order_by("created_at", "pk")
    ]


def test_merged_account_equals_one_learner_who_did_it_all_in_time_order(student, guest, curriculum):
    script = interleaved_script(curriculum)
    play(script, {"account": student, "guest": guest})
    control = factories.StudentFactory(username="control")
    for _, question, correct, at in script:
        record(control, question, correct=correct, at=at)

    result = learner_merge(source=guest, target=student)

    assert result.attempts_moved == 5 and result.attempts_dropped == 0
    assert Attempt.objects.filter(learner=student).count() == 8
    # Mastery reflects the combined history in time order (not account-then-guest).
    assert_same_mastery(mastery_of(student), mastery_of(control))
    stats, reference = (LearnerStats.objects.get(learner=u) for u in (student, control))
    for name in STATS_FIELDS:
        assert getattr(stats, name) == getattr(reference, name), name
    # Counts are sums, the streak comes from the union of days (each alone had gaps).
    assert stats.total_attempts == 8 and stats.correct_attempts == 6
    assert stats.current_streak == 4 and stats.longest_streak == 4
    assert list(
        DailyActivity.objects.filter(learner=student).order_by("date").values_list("attempts")
    ) == [(2,), (3,), (1,), (2,)]
    # "Why this number" chains: every attempt's snapshot is the combined replay's.
    assert steps_of(student) == steps_of(control)
    # And the rebuilt tables are exactly what a fresh replay gives.
    assert recompute_progress(learner_ids=[student.pk]) == []


def test_an_answer_recorded_for_both_counts_once(student, guest, curriculum):
    question = curriculum["shared"][0]
    token = uuid.uuid4()
    record(guest, question, correct=True, at=START, token=token)
    record(student, question, correct=True, at=START + timedelta(seconds=5), token=token)
    record(guest, curriculum["shared"][1], correct=False, at=START + timedelta(minutes=1))

    result = learner_merge(source=guest, target=student)

    assert result.attempts_dropped == 1 and result.attempts_moved == 1
    kept = Attempt.objects.get(learner=student, client_token=token)
    assert kept.created_at == START + timedelta(seconds=5)  # the account's own row
    stats = LearnerStats.objects.get(learner=student)
    assert (stats.total_attempts, stats.correct_attempts) == (2, 1)
    assert ConceptMastery.objects.get(learner=student).attempts == 2


def test_sessions_events_goal_and_plans_move(student, guest, curriculum):
    concept = curriculum["shared"][0].concept
    subject = concept.topic.subject
    session = session_start(learner=guest, now=START, concept=concept)
    record(guest, curriculum["shared"][0], correct=True, at=START, session=session)
    session_complete(session=session, now=START + timedelta(minutes=1))
    session_start(learner=student, now=START, concept=concept)
    LearnerGoal.objects.create(learner=guest, subject=subject)
    plan_fields = {"created_at": START, "start_date": START.date(), "minutes_per_day": 20}
    guest_plan = StudyPlan.objects.create(learner=guest, readiness=0.2, **plan_fields)
    account_plan = StudyPlan.objects.create(learner=student, readiness=0.5, **plan_fields)

    learner_merge(source=guest, target=student)

    assert PracticeSession.objects.filter(learner=student).count() == 2
    stats = LearnerStats.objects.get(learner=student)
    assert (stats.sessions_started, stats.sessions_completed) == (2, 1)
    assert LearnerGoal.objects.get(learner=student).subject == subject  # none before: moved
    guest_plan.refresh_from_db()
    account_plan.refresh_from_db()
    assert guest_plan.learner == student and guest_plan.status == StudyPlan.Status.SUPERSEDED
    assert account_plan.status == StudyPlan.Status.ACTIVE


def test_the_accounts_goal_wins_when_both_have_one(student, guest, curriculum):
    mine, theirs = factories.SubjectFactory(), factories.SubjectFactory()
    LearnerGoal.objects.create(learner=student, subject=mine)
    LearnerGoal.objects.create(learner=guest, subject=theirs)
    learner_merge(source=guest, target=student)
    assert LearnerGoal.objects.get(learner=student).subject == mine


def test_badges_and_points_merge_without_paying_twice(student, guest, curriculum):
    first = BadgeFactory(rule_kind="first_attempt", points=10)
    three = BadgeFactory(rule_kind="questions_answered", threshold=3, points=20)
    five = BadgeFactory(rule_kind="questions_answered", threshold=5, points=50)
    shared = curriculum["shared"]
    # The guest practised first (earned "first" earlier), the account later.
    for minute in range(3):
        record(guest, shared[minute], correct=True, at=START + timedelta(minutes=minute))
    for minute in range(2):
        record(student, shared[minute], correct=True, at=START + timedelta(days=1, minutes=minute))
    guest_first_at = LearnerBadge.objects.get(learner=guest, badge=first).earned_at
    assert LearnerBadge.objects.filter(learner=guest, badge=three).exists()
    assert not LearnerBadge.objects.filter(badge=five).exists()

    account_services.guest_claim(guest=guest, user=student)

    earned = {lb.badge_id: lb for lb in LearnerBadge.objects.filter(learner=student)}
    assert set(earned) == {first.pk, three.pk, five.pk}  # "five": 3 + 2 answers, rules decide
    assert earned[first.pk].times_earned == 1
    assert earned[first.pk].earned_at == guest_first_at  # the earliest
    entries = PointsEntry.objects.filter(learner=student)
    assert sorted(entries.values_list("amount", flat=True)) == [10, 20, 50]
    stats = LearnerStats.objects.get(learner=student)
    assert stats.total_points == 80 == entries.aggregate(s=Sum("amount"))["s"]
    assert not PointsEntry.objects.filter(learner_id=guest.pk).exists()


def test_merging_into_an_account_without_progress_keeps_everything_as_it_was(
    student, guest, curriculum
):
    BadgeFactory(rule_kind="first_attempt", points=5)
    for i, question in enumerate(curriculum["shared"]):
        record(guest, question, correct=True, at=START + timedelta(days=i))
    before_mastery = mastery_of(guest)
    before_steps = [step[1:] for step in steps_of(guest)]
    before_badge = LearnerBadge.objects.get(learner=guest)

    account_services.guest_claim(guest=guest, user=student)

    assert_same_mastery(mastery_of(student), before_mastery)
    assert [step[1:] for step in steps_of(student)] == before_steps
    badge = LearnerBadge.objects.get(learner=student)
    assert badge.earned_at == before_badge.earned_at
    stats = LearnerStats.objects.get(learner=student)
    assert (stats.current_streak, stats.total_points) == (3, 5)


def test_claim_is_all_or_nothing(student, guest, curriculum, monkeypatch):
    record(guest, curriculum["shared"][0], correct=True, at=START)

    def boom(**kwargs):
        raise RuntimeError("rebuild failed")

    monkeypatch.setattr("progress.practice.merge.learner_rederive", boom)
    with pytest.raises(RuntimeError):
        account_services.guest_claim(guest=guest, user=student)
    assert Attempt.objects.filter(learner=guest).count() == 1
    assert not Attempt.objects.filter(learner=student).exists()


# Every table that points at a user needs a merge rule: a new one fails here until it has.
MERGE_RULES = {
    "progress.Attempt": "moved; duplicate client tokens keep the account's",
    "progress.PracticeSession": "moved",
    "progress.LearningEvent": "moved",
    "progress.LearnerGoal": "moved unless the account has one",
    "progress.StudyPlan": "moved; the guest's active plan superseded if the account has one",
    "progress.ExportJob": "moved",
    "progress.ConceptMastery": "rebuilt from attempts",
    "progress.LearnerStats": "rebuilt from attempts and sessions",
    "progress.ProgressMetric": "rebuilt from attempts",
    "progress.ProgressSnapshot": "rebuilt from attempts",
    "progress.DailyActivity": "rebuilt from attempts",
    "progress.LrsStatement": "none for guests: the moved answers are queued under the account",
    "progress.CalendarFeed": "moved unless the account has one",
    "achievements.LearnerBadge": "achievements.guest_merge",
    "achievements.PointsEntry": "achievements.guest_merge",
    "achievements.BadgeCredential": "revoked_by is staff; guests cannot download credentials",
    "accounts.StudentProfile": "the account keeps its own",
    "accounts.ApiToken": "dropped: a guest's tokens die with the guest",
    "accounts.Classroom_students": "guests cannot join classes",
    "accounts.Classroom_teachers": "guests are never teachers",
    "accounts.User_groups": "guests have none",
    "accounts.User_user_permissions": "guests have none",
    "admin.LogEntry": "guests have no admin access",
    # Guests are in no class, so nothing is ever assigned to them (the services refuse it).
    "accounts.ClassGroup_members": "guests cannot be in a class or its groups",
    "progress.Assignment": "guests never set work (created_by is a teacher)",
    "progress.Assignment_students": "nothing is assigned to guests",
    "progress.AssignmentSession": "guests cannot start assignments",
    "progress.AssignmentNotice": "guests get no assignment notices",
}


def test_every_user_owned_table_has_a_merge_rule():
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    owned = {
        model._meta.label
        for model in apps.get_models(include_auto_created=True)
        for field in model._meta.get_fields()
        if field.is_relation and field.concrete and field.related_model is user_model
    }
    assert owned - set(MERGE_RULES) == set(), "decide how guest_merge treats these tables"
