"""Writes for a learner's derived progress: the learner lock, the per-answer update of daily
activity, streak, snapshots, metrics and concept counts, session counters and points.

``LearnerStats`` is progress's table: other apps change it only through these functions
(achievements adds points with :func:`stats_points_add` under :func:`learners_lock`).
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Case, F, IntegerField, QuerySet, Value, When

from accounts.models import User
from learning import versioning
from learning.models import Concept
from progress.mastery import rollups
from progress.mastery.selectors import concept_refs
from progress.mastery.status import STATUS_IN_PROGRESS, STATUS_MASTERED, STATUS_REVIEW_NEEDED
from progress.metrics import metric_rows, snapshot, sql
from progress.metrics.selectors import learner_goal
from progress.metrics.totals import Totals
from progress.models import (
    LearnerStats,
    ProgressSnapshot,
)


def learners_lock(
    *, learner_ids: Sequence[int], queryset: QuerySet[LearnerStats] | None = None
) -> dict[int, LearnerStats]:
    """Lock the learners' ``LearnerStats`` rows, in id order, creating the missing ones.

    The one lock that serialises everything a learner's answers change: the answer path,
    badge awards and guest merges all take it (always in id order, so two of them never
    deadlock). One statement when every row exists. ``queryset`` adds joins or annotations
    to the locking read (the answer path reads the learner's profile and the content
    version with it); only the stats rows themselves are locked.
    """
    ids = sorted(set(learner_ids))
    locking = (
        (queryset if queryset is not None else LearnerStats.objects.all())
        .select_for_update(of=("self",))
        .order_by("learner_id")
    )
    rows = {row.learner_id: row for row in locking.filter(learner_id__in=ids)}
    missing = [pk for pk in ids if pk not in rows]
    if missing:
        LearnerStats.objects.bulk_create(
            [LearnerStats(learner_id=pk) for pk in missing], ignore_conflicts=True
        )
        rows.update({row.learner_id: row for row in locking.filter(learner_id__in=missing)})
    return rows


def snapshot_of(
    stats: LearnerStats | None,
    *,
    learner_id: int,
    mastered_ids: frozenset[int] = frozenset(),
    refs: Iterable[rollups.ConceptRef] = (),
) -> snapshot.LearnerSnapshot:
    """The learner snapshot signals carry, from a stats row already loaded (or none yet)."""
    if stats is None:
        return snapshot.LearnerSnapshot(learner_id=learner_id)
    return snapshot.LearnerSnapshot(
        learner_id=learner_id,
        total_attempts=stats.total_attempts,
        correct_attempts=stats.correct_attempts,
        current_streak=stats.current_streak,
        longest_streak=stats.longest_streak,
        concepts_mastered=stats.concepts_mastered,
        reviews_on_time=stats.reviews_on_time,
        total_points=stats.total_points,
        recent_results=tuple(stats.recent_results or ()),
        mastered_concept_ids=mastered_ids,
        concept_refs=tuple(refs),
    )


@dataclass(frozen=True)
class ProgressView:
    """What progress_update loaded, handed on so receivers need not query it again."""

    refs: tuple[rollups.ConceptRef, ...]
    mastered_ids: frozenset[int]


def progress_update(
    *,
    learner: User,
    stats: LearnerStats,
    totals: Totals,
    concept: Concept,
    is_correct: bool,
    seconds: float,
    today: date,
    now: datetime,
    content_token: str | None = None,
) -> ProgressView:
    """Daily activity, streak, daily snapshots, metrics and concept counts for one answer.

    Runs inside attempt_record's transaction with the learner's stats row locked; ``totals``
    are the learner's totals after this answer (``stats`` still holds the ones before) and
    are copied onto ``stats`` here. A fixed number of queries: the learner's metric rows,
    (on the first answer of a new local day, one snapshot insert), one daily-activity update,
    the learner's mastery rows, the goal, one upsert; the curriculum's concept list is cached
    per content version.
    """
    previous_day = stats.last_active_date
    # Plain tuples, not model instances: this runs on every answer.
    current = sql.metric_values(learner_id=learner.pk)
    # Snapshot the end of the previous active day before anything changes today.
    if previous_day is not None and today > previous_day and current:
        ProgressSnapshot.objects.bulk_create(
            [
                ProgressSnapshot(
                    learner=learner,
                    date=previous_day,
                    dimension=dimension,
                    key=key,
                    metric=metric,
                    value=v.value,
                )
                for (dimension, key, metric), v in current.items()
            ],
            ignore_conflicts=True,  # history is never overwritten
        )
    daily_activity_add(learner=learner, day=today, is_correct=is_correct, seconds=seconds)
    for name, value in totals.fields().items():
        setattr(stats, name, value)

    rows = sql.mastery_rows(learner_id=learner.pk, names=("concept_id", "p_known", "status"))
    statuses = [status for _, _, status in rows]
    stats.concepts_mastered = statuses.count(STATUS_MASTERED)
    stats.concepts_in_progress = statuses.count(STATUS_IN_PROGRESS)
    stats.concepts_review_needed = statuses.count(STATUS_REVIEW_NEEDED)
    # The curriculum's concept list changes only when content does: kept per process, keyed
    # by the content version read (for free) with the stats row.
    refs = versioning.cached("progress.concept_refs", content_token, lambda: tuple(concept_refs()))
    estimates = {concept_id: p_known for concept_id, p_known, _ in rows}
    goal = learner_goal(learner_id=learner.pk)
    subject_id = next((r.subject_id for r in refs if r.topic_id == concept.topic_id), None)
    if subject_id is None:
        subject_id = concept.topic.subject_id
    keys = metric_rows.dimension_keys(subject_id=subject_id, topic_id=concept.topic_id, goal=goal)
    values = {
        **metric_rows.apply_attempt(current, keys=keys, is_correct=is_correct, seconds=seconds),
        **metric_rows.mastery_rows(
            keys=keys,
            rollup=rollups.curriculum_rollup(refs, estimates),
            goal_value=rollups.goal_rollup(refs, estimates, goal),
        ),
        **metric_rows.streak_row(totals.streak.current),
    }
    metric_upsert(learner_id=learner.pk, values=values, now=now)
    return ProgressView(
        refs=refs,
        mastered_ids=frozenset(
            concept_id for concept_id, _, status in rows if status == STATUS_MASTERED
        ),
    )


def daily_activity_add(*, learner: User, day: date, is_correct: bool, seconds: float) -> None:
    """Count one answer on the learner's day (one upsert)."""
    sql.daily_activity_add(learner_id=learner.pk, day=day, is_correct=is_correct, seconds=seconds)


def metric_upsert(
    *, learner_id: int, values: dict[metric_rows.RowKey, metric_rows.Value], now: datetime
) -> None:
    """Insert or update metric rows in one statement (the unique key makes it an upsert)."""
    sql.metric_upsert(learner_id=learner_id, values=values, now=now)


# Counters other parts of the app move ------------------------------------------------------


def stats_session_started(*, learner: User) -> None:
    LearnerStats.objects.get_or_create(learner=learner)
    LearnerStats.objects.filter(learner=learner).update(sessions_started=F("sessions_started") + 1)


def stats_session_completed(*, learner_id: int) -> LearnerStats | None:
    """Count a completed session; returns the row as it is now (for the signal's snapshot):
    one ``UPDATE ... RETURNING`` where an update and a read were."""
    return sql.stats_increment(learner_id=learner_id, name="sessions_completed")


def stats_points_add(*, points: Mapping[int, int]) -> None:
    """Move each learner's ``total_points`` by their amount: one UPDATE for all of them.
    Callers hold the learners' locks (:func:`learners_lock`)."""
    points = {pk: amount for pk, amount in points.items() if amount}
    if not points:
        return
    if len(points) == 1:
        [(learner_id, amount)] = points.items()
        LearnerStats.objects.filter(learner_id=learner_id).update(
            total_points=F("total_points") + amount
        )
        return
    delta = Case(
        *[When(learner_id=pk, then=Value(amount)) for pk, amount in points.items()],
        default=Value(0),
        output_field=IntegerField(),
    )
    LearnerStats.objects.filter(learner_id__in=list(points)).update(
        total_points=F("total_points") + delta
    )


def stats_points_set(*, learner_id: int, total: int) -> None:
    """Set a learner's total from their points ledger (after merging two ledgers)."""
    LearnerStats.objects.filter(learner_id=learner_id).update(total_points=total)


def stats_sessions_sync(*, learner_id: int, started: int, completed: int) -> None:
    """Sessions started/completed from the session rows (after merging two learners)."""
    LearnerStats.objects.filter(learner_id=learner_id).update(
        sessions_started=started, sessions_completed=completed
    )
