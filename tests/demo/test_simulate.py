"""Simulated practice histories: valid answers, no drift, deterministic, idempotent."""

import io
import random
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from accounts.models import StudentProfile, User
from achievements.models import Badge, LearnerBadge
from achievements.services import badges_backfill
from demo import simulate
from learning import grading
from learning.models import Question
from progress.metrics.recompute import recompute_progress
from progress.models import (
    Attempt,
    ConceptMastery,
    DailyActivity,
    LearnerStats,
    LearningEvent,
    ProgressMetric,
    ProgressSnapshot,
)
from progress.practice.answers import MAX_TIME_PER_QUESTION, attempt_record

END = datetime(2025, 3, 30, tzinfo=UTC)


def seed_demo(*args: str) -> str:
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def submitted(stored: dict) -> dict:
    """The response as posted, from the stored one (short text is stored as ``text``)."""
    return {"value": stored["text"]} if "text" in stored else stored


def learner_ids(n: int) -> list[int]:
    return list(
        User.objects.filter(username__startswith="learner")
        .order_by("username")
        .values_list("pk", flat=True)[:n]
    )


# --- pure parts ----------------------------------------------------------------------

SPECS = {
    "single": grading.QuestionSpec(
        kind=grading.SINGLE,
        choices=(
            grading.ChoiceSpec(1, "4", True),
            grading.ChoiceSpec(2, "5", False, "Count again."),
            grading.ChoiceSpec(3, "3", False),
        ),
    ),
    "true_false": grading.QuestionSpec(
        kind=grading.TRUE_FALSE,
        choices=(grading.ChoiceSpec(1, "True", False), grading.ChoiceSpec(2, "False", True)),
    ),
    "multiple": grading.QuestionSpec(
        kind=grading.MULTIPLE,
        choices=(
            grading.ChoiceSpec(1, "2", True),
            grading.ChoiceSpec(2, "3", True),
            grading.ChoiceSpec(3, "4", False),
            grading.ChoiceSpec(4, "9", False),
        ),
    ),
    "multiple_one_right": grading.QuestionSpec(
        kind=grading.MULTIPLE,
        choices=(grading.ChoiceSpec(1, "2", True), grading.ChoiceSpec(2, "4", False)),
    ),
    "numeric": grading.QuestionSpec(
        kind=grading.NUMERIC, numeric_answer=Decimal("3.50"), tolerance=Decimal("0.05")
    ),
    "numeric_big": grading.QuestionSpec(kind=grading.NUMERIC, numeric_answer=Decimal("1E+3")),
    "short_text": grading.QuestionSpec(
        kind=grading.SHORT_TEXT,
        choices=(
            grading.ChoiceSpec(1, "photosynthesis", True),
            grading.ChoiceSpec(2, "respiration", False, "That releases energy."),
        ),
    ),
    "short_text_no_wrong": grading.QuestionSpec(
        kind=grading.SHORT_TEXT, choices=(grading.ChoiceSpec(1, "Paris", True),)
    ),
}


@pytest.mark.parametrize("name", sorted(SPECS))
def test_responses_are_valid_and_graded_as_intended(name):
    spec = SPECS[name]
    rng = random.Random(name)
    for _ in range(50):
        right = grading.grade(spec, simulate.answer_response(spec, correct=True, rng=rng))
        assert right.is_correct and right.score == 1
        wrong = grading.grade(spec, simulate.answer_response(spec, correct=False, rng=rng))
        # A short-text question with no anticipated wrong answer can only be answered right.
        assert wrong.is_correct is (name == "short_text_no_wrong")


def test_schedule_is_ascending_before_the_end_in_daytime_bursts_over_sixty_days():
    zone = "America/New_York"
    times = simulate.schedule(rng=random.Random(1), count=2500, end=END, timezone_name=zone)

    moments = [t for t, _ in times]
    assert len(times) == 2500
    assert moments == sorted(moments)
    assert moments[-1] < END and moments[0] >= END - timedelta(days=62)
    local = [m.astimezone(ZoneInfo(zone)) for m in moments]
    days = {m.date() for m in local}
    assert 20 <= len(days) <= 60  # active days, not every day
    assert sum(7 <= m.hour <= 23 for m in local) / len(local) > 0.95
    assert all(0 < s <= MAX_TIME_PER_QUESTION.total_seconds() for _, s in times)


def test_schedule_of_a_few_answers_and_of_none():
    assert simulate.schedule(rng=random.Random(1), count=0, end=END, timezone_name="UTC") == []
    times = simulate.schedule(rng=random.Random(1), count=3, end=END, timezone_name="UTC")
    assert len(times) == 3 and times[-1][0] < END


# --- bulk histories ------------------------------------------------------------------


@pytest.fixture
def seeded(db):
    seed_demo("--learners", "3")
    return learner_ids(3)


def simulate_three(ids: list[int], *, per_learner: int = 60, seed: int = 42):
    return simulate.attempts_simulate(
        learner_ids=ids, attempts_per_learner=per_learner, seed=seed, end=END
    )


ATTEMPT_FIELDS = (
    "question_id",
    "concept_id",
    "response",
    "response_text",
    "score",
    "is_correct",
    "time_taken_seconds",
    "hints_used",
    "confidence",
    "question_snapshot",
    "feedback",
    "mastery_before",
    "mastery_decayed",
    "mastery_after",
    "gap_steps",
    "elapsed_days",
    "created_at",
    "local_date",
)


def _derived(learner) -> dict:
    """The learner's derived rows, without ids, to compare two learners."""
    return {
        "mastery": list(
            ConceptMastery.objects.filter(learner=learner)
            .order_by("concept_id")
            .values("concept_id", "p_known", "status", "attempts", "correct", "review_due_at")
        ),
        "stats": LearnerStats.objects.filter(learner=learner)
        .values("total_attempts", "correct_attempts", "score_total", "current_streak")
        .first(),
        "daily": list(
            DailyActivity.objects.filter(learner=learner)
            .order_by("date")
            .values("date", "attempts", "correct", "seconds")
        ),
        "metrics": sorted(
            ProgressMetric.objects.filter(learner=learner).values_list(
                "dimension", "key", "metric", "value"
            )
        ),
    }


def test_every_simulated_attempt_is_what_the_answer_path_would_store(seeded):
    """A control learner answers the simulated learner's questions, one by one, through
    ``attempt_record`` at the same moments: every stored field and every derived table
    must come out the same as the bulk import wrote them."""
    result = simulate_three(seeded)
    assert result.attempts_created == 180 and result.learners_simulated == seeded
    simulated = User.objects.get(pk=seeded[0])
    control = User.objects.create_user(username="control", role=User.Role.STUDENT)
    StudentProfile.objects.create(user=control, timezone=simulated.profile.timezone)
    history = list(Attempt.objects.filter(learner=simulated).order_by("created_at", "pk"))
    questions = {q.pk: q for q in Question.objects.prefetch_related("choices")}
    for past in history:
        attempt_record(
            learner=control,
            question=questions[past.question_id],
            response=submitted(past.response),
            client_token=uuid.uuid4(),
            now=past.created_at,
            hints_used=past.hints_used,
            confidence=past.confidence,
            time_taken_seconds=past.time_taken_seconds,
        )
    replayed = list(Attempt.objects.filter(learner=control).order_by("created_at", "pk"))
    assert len(replayed) == len(history) == 60
    for bulk, live in zip(history, replayed, strict=True):
        for name in ATTEMPT_FIELDS:
            assert getattr(bulk, name) == getattr(live, name), (name, bulk.pk)
    assert _derived(simulated) == _derived(control)
    tokens = list(Attempt.objects.values_list("client_token", flat=True))
    assert len(set(tokens)) == len(tokens)  # the demo class's own histories included
    for attempt in history:
        assert END - timedelta(days=62) <= attempt.created_at < END


def test_derived_tables_are_built_and_show_no_drift(seeded):
    simulate_three(seeded)

    assert recompute_progress(learner_ids=seeded) == []
    for pk in seeded:
        stats = LearnerStats.objects.get(learner_id=pk)
        assert stats.total_attempts == 60
        assert (
            stats.correct_attempts == Attempt.objects.filter(learner_id=pk, is_correct=True).count()
        )
        assert DailyActivity.objects.filter(learner_id=pk).count() >= 2
        assert ConceptMastery.objects.filter(learner_id=pk).exists()
        assert ProgressMetric.objects.filter(learner_id=pk).exists()
    assert ProgressSnapshot.objects.exists()
    first_answers = Attempt.objects.filter(mastery_before__isnull=True)
    assert first_answers.count() == ConceptMastery.objects.count()  # one first answer each


def test_answers_are_realistic_a_mix_of_right_and_wrong_improving_with_practice(seeded):
    simulate_three(seeded, per_learner=150)

    scores = list(Attempt.objects.order_by("learner_id", "pk").values_list("learner", "is_correct"))
    accuracy = sum(c for _, c in scores) / len(scores)
    assert 0.35 < accuracy < 0.9
    kinds = Counter(Attempt.objects.values_list("question__kind", flat=True))
    assert len(kinds) == len(Question.Kind.values)
    # Concepts come roughly in curriculum order: everyone starts on the first one.
    first_concept = simulate.curriculum_questions()[0][0]
    for pk in seeded:
        assert Attempt.objects.filter(learner_id=pk).order_by("pk").first().concept_id == (
            first_concept
        )
    assert Attempt.objects.filter(hints_used__gt=0).exists()
    assert Attempt.objects.filter(is_correct=False, score__gt=0).exists()  # partial credit


def test_replaying_the_history_through_attempt_record_gives_identical_rows(seeded):
    simulate_three(seeded[:1], per_learner=80)
    badges_backfill(badges=list(Badge.objects.filter(active=True)), now=END)  # as seed_demo
    source = User.objects.get(pk=seeded[0])
    twin = User.objects.create_user(username="twin", password="x", role=User.Role.STUDENT)
    StudentProfile.objects.filter(user=twin).delete()
    StudentProfile.objects.create(user=twin, timezone=source.profile.timezone)

    for attempt in Attempt.objects.filter(learner=source).select_related("question").order_by("pk"):
        attempt_record(
            learner=twin,
            question=attempt.question,
            response=submitted(attempt.response),
            client_token=uuid.uuid4(),
            now=attempt.created_at,
            hints_used=attempt.hints_used,
            confidence=attempt.confidence,
            time_taken_seconds=attempt.time_taken_seconds,
        )

    def rows(model, learner, *fields):
        return sorted(model.objects.filter(learner=learner).values_list(*fields), key=repr)

    attempt_fields = [
        "question_id",
        "response",
        "response_text",
        "score",
        "is_correct",
        "time_taken_seconds",
        "hints_used",
        "confidence",
        "question_snapshot",
        "feedback",
        "mastery_before",
        "mastery_decayed",
        "mastery_after",
        "gap_steps",
        "elapsed_days",
        "created_at",
        "local_date",
    ]
    mastery_fields = ["concept_id", "p_known", "status", "attempts", "correct", "mastered_at"]
    mastery_fields += ["was_mastered", "last_attempt_at", "learner_attempt_seq", "review_due_at"]
    for model, fields in (
        (Attempt, attempt_fields),
        (ConceptMastery, mastery_fields),
        (DailyActivity, ["date", "attempts", "correct", "seconds"]),
        (ProgressMetric, ["dimension", "key", "metric", "value", "numerator", "denominator"]),
        (ProgressSnapshot, ["date", "dimension", "key", "metric", "value"]),
        (LearningEvent, ["kind", "concept_id", "data", "created_at"]),
    ):
        assert rows(model, source, *fields) == rows(model, twin, *fields), model.__name__
    stat_fields = [f.name for f in LearnerStats._meta.fields if f.name not in ("id", "learner")]
    assert rows(LearnerStats, source, *stat_fields) == rows(LearnerStats, twin, *stat_fields)
    # Badges are awarded by the backfill (when the history ends), not answer by answer, so
    # only what was earned and the points are compared, not when.
    badge_fields = ["badge_id", "times_earned"]
    assert rows(LearnerBadge, source, *badge_fields) == rows(LearnerBadge, twin, *badge_fields)
    assert rows(LearnerBadge, source, "badge_id")  # something was earned


class _Rollback(Exception):
    pass


def history(ids: list[int], seed: int) -> list[tuple]:
    """The simulated attempts (without keys or tokens), rolled back afterwards."""
    result = []
    try:
        with transaction.atomic():
            simulate_three(ids, seed=seed)
            result = list(
                Attempt.objects.filter(learner_id__in=ids)
                .order_by("learner__username", "pk")
                .values_list("learner__username", "question_id", "created_at", "response", "score")
            )
            raise _Rollback
    except _Rollback:
        pass
    return result


def test_same_seed_gives_the_same_history_and_another_seed_differs(seeded):
    first, again, other = history(seeded, 42), history(seeded, 42), history(seeded, 7)

    assert len(first) == 180
    assert first == again
    assert first != other
    # A learner's history does not depend on who else is simulated.
    alone = history(seeded[1:2], 42)
    assert alone == [row for row in first if row[0] == alone[0][0]]


def test_seed_demo_attempts_are_idempotent_and_only_new_learners_get_history(db):
    out = seed_demo("--learners", "2", "--attempts-per-learner", "40")
    assert "80 attempts" in out
    before = Attempt.objects.count()
    stats = list(LearnerStats.objects.order_by("pk").values_list("learner", "total_attempts"))

    again = seed_demo("--learners", "2", "--attempts-per-learner", "40")
    assert Attempt.objects.count() == before
    assert "2 learner histories" in again and "attempt" not in again.split("Already")[0]

    seed_demo("--learners", "3", "--attempts-per-learner", "40")
    bulk = Attempt.objects.filter(learner__username__startswith="learner")
    counts = Counter(bulk.values_list("learner__username", flat=True))
    assert counts == {"learner0001": 40, "learner0002": 40, "learner0003": 40}
    assert set(stats) <= set(LearnerStats.objects.values_list("learner", "total_attempts"))
    assert recompute_progress() == []
    latest = Attempt.objects.order_by("-created_at").first().created_at
    assert latest < timezone.now()


def test_seed_demo_rejects_a_negative_count(db):
    with pytest.raises(Exception, match="zero or more"):
        seed_demo("--attempts-per-learner", "-1")
