"""Rebuild every derived progress table from the attempt log, and report drift.

The replay runs each learner's attempts, in time order (``created_at``, then ``pk``: the
order they were recorded in, and the true interleaving after two learners' histories are
merged, see ``progress.guest_merge``), through the same
pure functions as the answer path (``ledger.advance_concept``, ``streaks``, ``metrics``,
``rollups``), so after normal use it finds no difference. Differences mean something wrote
outside the services, parameters were refitted, or the curriculum changed since.
"""

import math
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from accounts.models import User
from learning.models import Concept
from progress import ledger, metrics, rollups, selectors, services, snapshot, streaks
from progress.models import (
    Attempt,
    ConceptMastery,
    DailyActivity,
    LearnerStats,
    MasteryParameters,
    PracticeSession,
    ProgressMetric,
    ProgressSnapshot,
    params_from,
)

TOLERANCE = 1e-9


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


@dataclass
class Replay:
    """Everything derived for one learner, as the answer path would have left it."""

    concepts: dict[int, ledger.ConceptState] = field(default_factory=dict)
    stats: dict[str, object] = field(default_factory=dict)
    daily: dict[date, list[float]] = field(default_factory=dict)
    metric_values: dict[metrics.RowKey, metrics.Value] = field(default_factory=dict)
    snapshots: dict[tuple[date, str, str, str], float] = field(default_factory=dict)


def replay_learner(
    *,
    learner: User,
    attempts: list[Attempt],
    params: dict[int, object],
    refs: list[rollups.ConceptRef],
    topic_subject: dict[int, int],
    goal: metrics.Goal | None,
) -> Replay:
    out = Replay()
    streak = streaks.StreakState()
    totals = {
        "total_attempts": 0,
        "correct_attempts": 0,
        "score_total": 0.0,
        "seconds_total": 0.0,
        "hints_total": 0,
        "reviews_on_time": 0,
    }
    recent: tuple[bool, ...] = ()
    last_at: datetime | None = None
    for attempt in attempts:
        previous_day = streak.last_active_date
        if previous_day is not None and attempt.local_date > previous_day and out.metric_values:
            for (dim, key, metric), value in out.metric_values.items():
                out.snapshots.setdefault((previous_day, dim, key, metric), value.value)
        advance = ledger.advance_concept(
            out.concepts.get(attempt.concept_id),
            score=attempt.score,
            is_correct=attempt.is_correct,
            hints_used=attempt.hints_used,
            confidence=attempt.confidence,
            learner_attempts_before=totals["total_attempts"],
            now=attempt.created_at,
            params=params.get(attempt.concept_id) or params_from(None),
        )
        out.concepts[attempt.concept_id] = advance.state
        totals["total_attempts"] += 1
        totals["correct_attempts"] += int(attempt.is_correct)
        totals["score_total"] += attempt.score
        totals["seconds_total"] += attempt.time_taken_seconds
        totals["hints_total"] += attempt.hints_used
        totals["reviews_on_time"] += int(advance.review_on_time)
        recent = snapshot.push_result(recent, attempt.is_correct)
        last_at = attempt.created_at
        day = out.daily.setdefault(attempt.local_date, [0, 0, 0.0])
        day[0] += 1
        day[1] += int(attempt.is_correct)
        day[2] += attempt.time_taken_seconds
        streak = streaks.streak_after_activity(streak, attempt.local_date)

        estimates = {cid: s.p_known for cid, s in out.concepts.items()}
        rollup = rollups.curriculum_rollup(refs, estimates)
        topic_id = attempt.concept.topic_id
        keys = metrics.dimension_keys(
            subject_id=topic_subject[topic_id], topic_id=topic_id, goal=goal
        )
        out.metric_values.update(
            metrics.apply_attempt(
                out.metric_values,
                keys=keys,
                is_correct=attempt.is_correct,
                seconds=attempt.time_taken_seconds,
            )
        )
        out.metric_values.update(
            metrics.mastery_rows(
                keys=keys,
                overall=rollup.overall,
                by_subject=rollup.by_subject,
                by_topic=rollup.by_topic,
                goal_value=services.goal_rollup(refs, estimates, goal),
            )
        )
        out.metric_values.update(metrics.streak_row(streak.current))

    statuses = [s.status for s in out.concepts.values()]
    out.stats = {
        **totals,
        "last_activity_at": last_at,
        "last_active_date": streak.last_active_date,
        "current_streak": streak.current,
        "longest_streak": streak.longest,
        "concepts_mastered": statuses.count("mastered"),
        "concepts_in_progress": statuses.count("in_progress"),
        "concepts_review_needed": statuses.count("review_needed"),
        "recent_results": list(recent),
    }
    return out


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


def recompute_progress(
    *, learner_ids: list[int] | None = None, write: bool = False
) -> list[Difference]:
    """Replay learners' attempt logs; return the differences and, if ``write``, fix them."""
    learners = User.objects.filter(attempts__isnull=False).distinct().order_by("pk")
    if learner_ids is not None:
        learners = learners.filter(pk__in=learner_ids)
    params = {p.concept_id: p.as_params() for p in MasteryParameters.objects.all()}
    refs = selectors.concept_refs()
    topic_subject = dict(Concept.objects.values_list("topic_id", "topic__subject_id").distinct())
    differences: list[Difference] = []
    for learner in learners.iterator():
        attempts = list(
            Attempt.objects.filter(learner=learner)
            .select_related("concept")
            .order_by("created_at", "pk")
        )
        replay = replay_learner(
            learner=learner,
            attempts=attempts,
            params=params,
            refs=refs,
            topic_subject=topic_subject,
            goal=services.learner_goal(learner=learner),
        )
        diffs = _diff_learner(learner, replay)
        differences.extend(diffs)
        if write and diffs:
            _write_learner(learner, replay)
    return differences


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
def _write_learner(learner: User, replay: Replay) -> None:
    """Replace the learner's derived rows with the replayed ones."""
    ConceptMastery.objects.filter(learner=learner).exclude(concept_id__in=replay.concepts).delete()
    for concept_id, state in replay.concepts.items():
        ConceptMastery.objects.update_or_create(
            learner=learner,
            concept_id=concept_id,
            defaults={name: getattr(state, name) for name in ledger.STATE_FIELDS},
        )
    sessions = PracticeSession.objects.filter(learner=learner).aggregate(
        started=Count("pk"), completed=Count("pk", filter=Q(status="completed"))
    )
    LearnerStats.objects.update_or_create(
        learner=learner,
        defaults={
            **replay.stats,
            "sessions_started": sessions["started"],
            "sessions_completed": sessions["completed"],
        },
    )
    DailyActivity.objects.filter(learner=learner).delete()
    DailyActivity.objects.bulk_create(
        DailyActivity(learner=learner, date=d, attempts=a, correct=c, seconds=s)
        for d, (a, c, s) in replay.daily.items()
    )
    ProgressMetric.objects.filter(learner=learner).delete()
    last = replay.stats.get("last_activity_at")
    services.metric_upsert(learner=learner, values=replay.metric_values, now=last or timezone.now())
    ProgressSnapshot.objects.filter(learner=learner).delete()
    ProgressSnapshot.objects.bulk_create(
        ProgressSnapshot(learner=learner, date=d, dimension=dim, key=key, metric=m, value=v)
        for (d, dim, key, m), v in replay.snapshots.items()
    )
