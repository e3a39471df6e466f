"""Rebuild every derived progress table from the attempt log, and report drift.

The replay (``progress.metrics.replay``) runs each learner's attempts in time order
(``created_at``, then ``pk``: the order they were recorded in, and the true interleaving
after two histories are merged, see ``progress.practice.merge``) through the same pure
functions as the answer path, so after normal use it finds no difference. Differences mean
something wrote outside the services, parameters were refitted, or the curriculum changed.
"""

import math
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from accounts.models import User
from learning.models import Concept
from progress.mastery import evidence, ledger
from progress.mastery.bkt import MasteryStep
from progress.mastery.selectors import concept_refs
from progress.metrics.replay import Answer, Curriculum, Replay, replay
from progress.metrics.services import learner_goal, learners_lock, metric_upsert
from progress.models import (
    Attempt,
    ConceptMastery,
    DailyActivity,
    LearnerStats,
    MasteryParameters,
    PracticeSession,
    ProgressMetric,
    ProgressSnapshot,
)

TOLERANCE = 1e-9
# What each attempt records of the mastery step it caused ("why this number" reads them):
# derived from the log like the tables, so compared and rewritten with them.
STEP_FIELDS = (
    "mastery_before",
    "mastery_decayed",
    "mastery_after",
    "gap_steps",
    "elapsed_days",
    "evidence",
)


def step_values(step: MasteryStep) -> tuple:
    """The STEP_FIELDS values an attempt stores for its mastery step."""
    return (
        step.p_before,
        step.p_decayed,
        step.p_after,
        step.gap_steps,
        step.elapsed_days,
        step.evidence,
    )


@dataclass(frozen=True)
class Difference:
    learner_id: int
    table: str
    key: str
    stored: object
    recomputed: object

    def __str__(self) -> str:
        return (
            f"learner {self.learner_id} {self.table} {self.key}: "
            f"stored {self.stored!r}, recomputed {self.recomputed!r}"
        )


def _same(a: object, b: object) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        try:
            return math.isclose(float(a), float(b), rel_tol=TOLERANCE, abs_tol=TOLERANCE)
        except (TypeError, ValueError):
            return False
    return a == b


def _compare(learner_id: int, table: str, stored: dict, recomputed: dict) -> list[Difference]:
    diffs = []
    for key in sorted(set(stored) | set(recomputed), key=str):
        s, r = stored.get(key), recomputed.get(key)
        if not _same(s, r):
            diffs.append(Difference(learner_id, table, str(key), s, r))
    return diffs


def curriculum_for_replay() -> Curriculum:
    """The curriculum as the replay needs it (3 queries)."""
    return Curriculum(
        params={p.concept_id: p.as_params() for p in MasteryParameters.objects.all()},
        refs=tuple(concept_refs()),
        topic_subject=dict(Concept.objects.values_list("topic_id", "topic__subject_id").distinct()),
    )


def answer_of(attempt: Attempt, *, topic_id: int) -> Answer:
    return Answer(
        concept_id=attempt.concept_id,
        topic_id=topic_id,
        question_id=attempt.question_id,
        chance=evidence.chance_of_snapshot(attempt.question_snapshot),
        score=attempt.score,
        is_correct=attempt.is_correct,
        hints_used=attempt.hints_used,
        confidence=attempt.confidence,
        seconds=attempt.time_taken_seconds,
        created_at=attempt.created_at,
        local_date=attempt.local_date,
    )


def learner_replay(*, learner: User, curriculum: Curriculum) -> tuple[list[Attempt], Replay]:
    """The learner's attempts in the order they count (``created_at``, then ``pk``) and their
    replay."""
    attempts = list(
        Attempt.objects.filter(learner=learner)
        .select_related("concept")
        .order_by("created_at", "pk")
    )
    result = replay(
        (answer_of(a, topic_id=a.concept.topic_id) for a in attempts),
        curriculum=curriculum,
        goal=learner_goal(learner_id=learner.pk),
    )
    return attempts, result


@dataclass(frozen=True)
class Rederived:
    attempts: list[Attempt]  # the learner's attempts in replay order, steps rewritten
    replay: Replay
    curriculum: Curriculum
    steps_rewritten: int


@transaction.atomic
def learner_rederive(*, learner: User, since: datetime | None = None) -> Rederived:
    """Rebuild everything derived for ``learner`` from their attempt log, as if the answers
    had arrived in time order, and rewrite each attempt's mastery snapshot from ``since`` on
    (all of them when None), so "why this number" chains without a jump.

    For history that changed in the middle: an answer synced late from an offline device, or
    a guest's answers merged into an account. Callers hold the learner lock."""
    curriculum = curriculum_for_replay()
    attempts, result = learner_replay(learner=learner, curriculum=curriculum)
    changed = []
    for attempt, advance in zip(attempts, result.steps, strict=True):
        if since is not None and attempt.created_at < since:
            continue
        new = step_values(advance.step)
        if new != tuple(getattr(attempt, name) for name in STEP_FIELDS):
            for name, value in zip(STEP_FIELDS, new, strict=True):
                setattr(attempt, name, value)
            changed.append(attempt)
    Attempt.objects.bulk_update(changed, STEP_FIELDS, batch_size=500)
    if _diff_learner(learner, result):
        derived_write(learner_id=learner.pk, replay=result)
    return Rederived(
        attempts=attempts, replay=result, curriculum=curriculum, steps_rewritten=len(changed)
    )


def recompute_progress(
    *, learner_ids: list[int] | None = None, write: bool = False
) -> list[Difference]:
    """Replay learners' attempt logs; return the differences and, if ``write``, fix them."""
    learners = User.objects.filter(attempts__isnull=False).distinct().order_by("pk")
    if learner_ids is not None:
        learners = learners.filter(pk__in=learner_ids)
    curriculum = curriculum_for_replay()
    differences: list[Difference] = []
    for learner in learners.iterator():
        attempts, result = learner_replay(learner=learner, curriculum=curriculum)
        step_diffs, changed = _diff_steps(learner.pk, attempts, result)
        diffs = _diff_learner(learner, result)
        differences.extend(diffs + step_diffs)
        if write and (diffs or changed):
            # Under the learner lock, as every other writer of derived rows: the answer path
            # relies on it (it reads the mastery row without a row lock of its own).
            with transaction.atomic():
                learners_lock(learner_ids=[learner.pk])
                if diffs:
                    derived_write(learner_id=learner.pk, replay=result)
                if changed:
                    Attempt.objects.bulk_update(changed, STEP_FIELDS, batch_size=500)
    return differences


def _diff_steps(
    learner_id: int, attempts: list[Attempt], replay: Replay
) -> tuple[list[Difference], list[Attempt]]:
    """Attempts whose stored mastery step differs from the replay's, set to the replay's
    values (unsaved): the differences to report and the rows to write."""
    diffs, changed = [], []
    for attempt, advance in zip(attempts, replay.steps, strict=True):
        new = step_values(advance.step)
        old = tuple(getattr(attempt, name) for name in STEP_FIELDS)
        if all(_same(a, b) for a, b in zip(old, new, strict=True)):
            continue
        diffs.append(Difference(learner_id, "attempt", f"{attempt.pk} mastery step", old, new))
        for name, value in zip(STEP_FIELDS, new, strict=True):
            setattr(attempt, name, value)
        changed.append(attempt)
    return diffs, changed


def _diff_learner(learner: User, replay: Replay) -> list[Difference]:
    diffs: list[Difference] = []
    stored_concepts = {
        (row.concept_id, name): getattr(row, name)
        for row in ConceptMastery.objects.filter(learner=learner)
        for name in ledger.STATE_FIELDS
    }
    new_concepts = {
        (cid, name): getattr(state, name)
        for cid, state in replay.concepts.items()
        for name in ledger.STATE_FIELDS
    }
    diffs += _compare(learner.pk, "concept_mastery", stored_concepts, new_concepts)

    stats = LearnerStats.objects.filter(learner=learner).first()
    stored_stats = {k: getattr(stats, k) for k in replay.stats} if stats else {}
    diffs += _compare(learner.pk, "learner_stats", stored_stats, replay.stats)

    stored_daily = {
        d.date: [d.attempts, d.correct, d.seconds]
        for d in DailyActivity.objects.filter(learner=learner)
    }
    for key in set(stored_daily) | set(replay.daily):
        s, r = stored_daily.get(key), replay.daily.get(key)
        if s is None or r is None or not all(_same(a, b) for a, b in zip(s, r, strict=True)):
            diffs.append(Difference(learner.pk, "daily_activity", str(key), s, r))

    stored_metrics = {
        (m.dimension, m.key, m.metric): (m.value, m.numerator, m.denominator)
        for m in ProgressMetric.objects.filter(learner=learner)
    }
    new_metrics = {
        k: (v.value, v.numerator, v.denominator) for k, v in replay.metric_values.items()
    }
    for key in set(stored_metrics) | set(new_metrics):
        s, r = stored_metrics.get(key), new_metrics.get(key)
        if s is None or r is None or not all(_same(a, b) for a, b in zip(s, r, strict=True)):
            diffs.append(Difference(learner.pk, "progress_metric", str(key), s, r))

    stored_snaps = {
        (p.date, p.dimension, p.key, p.metric): p.value
        for p in ProgressSnapshot.objects.filter(learner=learner)
    }
    diffs += _compare(learner.pk, "progress_snapshot", stored_snaps, replay.snapshots)
    return diffs


@transaction.atomic
def derived_write(*, learner_id: int, replay: Replay) -> None:
    """Replace the learner's derived rows with the replayed ones."""
    ConceptMastery.objects.filter(learner_id=learner_id).exclude(
        concept_id__in=replay.concepts
    ).delete()
    for concept_id, state in replay.concepts.items():
        ConceptMastery.objects.update_or_create(
            learner_id=learner_id,
            concept_id=concept_id,
            defaults={name: getattr(state, name) for name in ledger.STATE_FIELDS},
        )
    sessions = PracticeSession.objects.filter(learner_id=learner_id).aggregate(
        started=Count("pk"), completed=Count("pk", filter=Q(status="completed"))
    )
    LearnerStats.objects.update_or_create(
        learner_id=learner_id,
        defaults={
            **replay.stats,
            "sessions_started": sessions["started"],
            "sessions_completed": sessions["completed"],
        },
    )
    DailyActivity.objects.filter(learner_id=learner_id).delete()
    DailyActivity.objects.bulk_create(
        DailyActivity(learner_id=learner_id, date=d, attempts=a, correct=c, seconds=s)
        for d, (a, c, s) in replay.daily.items()
    )
    ProgressMetric.objects.filter(learner_id=learner_id).delete()
    last = replay.stats.get("last_activity_at")
    metric_upsert(learner_id=learner_id, values=replay.metric_values, now=last or timezone.now())
    ProgressSnapshot.objects.filter(learner_id=learner_id).delete()
    ProgressSnapshot.objects.bulk_create(
        ProgressSnapshot(learner_id=learner_id, date=d, dimension=dim, key=key, metric=m, value=v)
        for (d, dim, key, m), v in replay.snapshots.items()
    )
