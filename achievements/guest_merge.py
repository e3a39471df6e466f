"""Badges and points when a guest's progress moves onto an account.

Connected to ``progress.signals.learner_merged`` (sent once the account's progress is
rebuilt from the combined history, before the guest is deleted). The rule:

- A badge only the guest earned moves with its points entries (earned_at, times, seen kept).
- A badge both earned stays the account's; it keeps the earliest ``earned_at`` when it can be
  earned once. The guest's points entries for it are dropped: a badge never pays twice.
- Points entries not tied to a badge the account already had move.
- Then the rules decide on the combined history: the backfill plan for the account awards
  what the merged stats and sessions now justify (e.g. 60 + 60 answers earn "every 50" twice),
  with points, exactly once. ``LearnerStats.total_points`` is set to the ledger's sum.
"""

from django.db.models import Sum
from django.utils import timezone

from accounts.models import User
from achievements import selectors, services
from achievements.models import Badge, LearnerBadge, PointsEntry
from progress.metrics.services import stats_points_set


def on_learner_merged(sender, *, source: User, target: User, **kwargs) -> None:
    learner_achievements_merge(source=source, target=target)


def learner_achievements_merge(*, source: User, target: User) -> None:
    """Runs inside learner_merge's transaction, with both learners' stats rows locked."""
    both = {lb.badge_id: lb for lb in LearnerBadge.objects.filter(learner=target)}
    for row in LearnerBadge.objects.filter(learner=source).select_related("badge"):
        kept = both.get(row.badge_id)
        if kept is None:
            continue
        if not row.badge.repeatable and row.earned_at < kept.earned_at:
            kept.earned_at = row.earned_at
            kept.save(update_fields=["earned_at"])
    PointsEntry.objects.filter(learner=source, badge_id__in=list(both)).delete()
    LearnerBadge.objects.filter(learner=source, badge_id__in=list(both)).delete()
    LearnerBadge.objects.filter(learner=source).update(learner=target)
    PointsEntry.objects.filter(learner=source).update(learner=target)

    badges = list(Badge.objects.filter(active=True))
    plan = selectors.backfill_plan(badges=badges, learner_ids=[target.pk])
    services.grants_apply(grants=plan, now=timezone.now())
    total = PointsEntry.objects.filter(learner=target).aggregate(s=Sum("amount"))["s"] or 0
    stats_points_set(learner_id=target.pk, total=total)
