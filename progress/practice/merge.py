"""Merging one learner's progress into another's: a guest who signs up or logs in.

``accounts`` announces ``guest_claimed`` (guest, user) inside its claim transaction; the
receiver below calls :func:`learner_merge`, then accounts deletes the guest. The rules, in
short (docs/guests.md has the why):

- Attempts move. A client token both learners used is one answer recorded twice (the same
  form submitted before and after logging in): the account's row is kept, the guest's dropped.
- Practice sessions and learning events move. The goal moves only if the account has none.
  Study plans move; the guest's active plan is superseded when the account has one.
  The calendar subscription moves unless the account has its own (its address keeps
  working). Export jobs move.
- Every derived table (mastery, review cards, stats, daily activity, streak, metrics,
  snapshots) is rebuilt for the account from the combined attempt log in time order
  (``recompute_progress`` replays by ``(created_at, pk)``), and the per-attempt mastery
  snapshots from the first guest answer on are rewritten to match the combined replay.
- ``learner_merged`` is then sent so apps above progress (achievements) merge their rows.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Min, Q
from django.utils.translation import gettext as _

from accounts.models import User
from progress.metrics.recompute import learner_rederive
from progress.metrics.services import learners_lock, stats_sessions_sync
from progress.models import (
    Attempt,
    CalendarFeed,
    ExportJob,
    LearnerGoal,
    LearningEvent,
    PracticeSession,
    StudyPlan,
)
from progress.signals import learner_merged


@dataclass(frozen=True)
class MergeResult:
    attempts_moved: int
    attempts_dropped: int  # duplicates of the account's own answers (same client token)
    sessions_moved: int


def guest_answer_count(guest: User) -> int:
    """How many answers a guest left (what a student is asked whether to keep)."""
    return Attempt.objects.filter(learner_id=guest.pk).count()


def on_guest_claimed(sender, *, guest: User, user: User, **kwargs) -> None:
    learner_merge(source=guest, target=user)


@transaction.atomic
def learner_merge(*, source: User, target: User) -> MergeResult:
    """Move everything ``source`` practised onto ``target`` and rebuild ``target``'s
    derived progress from the combined history. Nothing is counted twice."""
    if source.pk == target.pk:
        raise ValidationError(_("A learner cannot be merged into themselves."), code="same")
    learners_lock(learner_ids=[source.pk, target.pk])

    duplicates = Attempt.objects.filter(
        learner=source,
        client_token__in=Attempt.objects.filter(learner=target).values("client_token"),
    )
    dropped = duplicates.count()
    if dropped:
        duplicates.delete()
    first_moved = Attempt.objects.filter(learner=source).aggregate(at=Min("created_at"))["at"]
    moved_ids = list(Attempt.objects.filter(learner=source).values_list("pk", flat=True))
    moved = Attempt.objects.filter(learner=source).update(learner=target)
    sessions = PracticeSession.objects.filter(learner=source).update(learner=target)
    LearningEvent.objects.filter(learner=source).update(learner=target)
    if not LearnerGoal.objects.filter(learner=target).exists():
        LearnerGoal.objects.filter(learner=source).update(learner=target)
    if StudyPlan.objects.filter(learner=target, status=StudyPlan.Status.ACTIVE).exists():
        StudyPlan.objects.filter(learner=source, status=StudyPlan.Status.ACTIVE).update(
            status=StudyPlan.Status.SUPERSEDED
        )
    StudyPlan.objects.filter(learner=source).update(learner=target)
    if not CalendarFeed.objects.filter(learner=target).exists():
        CalendarFeed.objects.filter(learner=source).update(learner=target)
    ExportJob.objects.filter(owner=source).update(owner=target)

    if first_moved is not None:
        learner_rederive(learner=target, since=first_moved)
    _session_counts_sync(learner=target)
    learner_merged.send(sender=User, source=source, target=target, attempt_ids=moved_ids)
    return MergeResult(attempts_moved=moved, attempts_dropped=dropped, sessions_moved=sessions)


def _session_counts_sync(*, learner: User) -> None:
    """Sessions started/completed from the (merged) session rows: recompute only writes
    them when an attempt-derived value differs."""
    counts = PracticeSession.objects.filter(learner=learner).aggregate(
        started=Count("pk"), completed=Count("pk", filter=Q(status="completed"))
    )
    stats_sessions_sync(
        learner_id=learner.pk, started=counts["started"], completed=counts["completed"]
    )
