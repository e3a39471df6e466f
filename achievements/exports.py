"""Badges and points in a learner's personal export (registered with progress's exports)."""

from django.db.models import QuerySet

from achievements.models import LearnerBadge, PointsEntry
from progress.interop.exports.tables import CHUNK, Table


def learner_tables(learner_ids: QuerySet) -> list[Table]:
    return [
        Table(
            "badges",
            ("badge", "earned_at", "times_earned", "progress_current", "progress_target"),
            lambda: (
                LearnerBadge.objects.filter(learner_id__in=learner_ids)
                .order_by("earned_at", "pk")
                .values_list(
                    "badge__name",
                    "earned_at",
                    "times_earned",
                    "progress_current",
                    "progress_target",
                )
                .iterator(chunk_size=CHUNK)
            ),
            "The badges you earned, when, and how many times.",
            ("achievements.LearnerBadge",),
        ),
        Table(
            "points",
            ("amount", "reason", "created_at"),
            lambda: (
                PointsEntry.objects.filter(learner_id__in=learner_ids)
                .order_by("created_at", "pk")
                .values_list("amount", "reason", "created_at")
                .iterator(chunk_size=CHUNK)
            ),
            "Every point you were given, and why.",
            ("achievements.PointsEntry",),
        ),
    ]
