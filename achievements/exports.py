"""Badges, points and Open Badge credentials in a learner's personal export (registered with
progress's exports). Credentials are listed by id and status, not re-exported as documents:
the signed file is the one the learner downloads from their badges page."""

from django.db.models import QuerySet

from achievements.models import BadgeCredential, LearnerBadge, PointsEntry
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
        Table(
            "badge_credentials",
            ("badge", "credential_id", "issued_at", "revoked_at", "revocation_reason"),
            lambda: (
                BadgeCredential.objects.filter(learner_badge__learner_id__in=learner_ids)
                .order_by("created_at", "pk")
                .values_list("badge__name", "id", "issued_at", "revoked_at", "revocation_reason")
                .iterator(chunk_size=CHUNK)
            ),
            "The signed Open Badges credentials of your badges: their ids, when each was "
            "issued, and whether and why one was revoked (the signed file itself is on your "
            "badges page).",
            ("achievements.BadgeCredential",),
        ),
    ]
