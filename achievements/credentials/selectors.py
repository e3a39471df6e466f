"""Reads for credentials: downloads, public pages, the status list and verification."""

from django.db.models import Max, Q
from django.http import Http404

from achievements.models import Badge, BadgeCredential, LearnerBadge


def learner_badge_for_credential(*, learner_badge_id: int) -> LearnerBadge:
    """The award with what its credential needs (badge, scope names, learner): 1 query."""
    return LearnerBadge.objects.select_related("badge__subject", "badge__topic", "learner").get(
        pk=learner_badge_id
    )


def credential_of_award(*, learner_badge: LearnerBadge) -> BadgeCredential | None:
    return BadgeCredential.objects.filter(learner_badge=learner_badge).first()


def credential_get_public(*, pk) -> BadgeCredential:
    """A credential by its public id (404 when unknown or never issued): 1 query."""
    credential = (
        BadgeCredential.objects.select_related("badge").filter(pk=pk, document__isnull=False)
    ).first()
    if credential is None:
        raise Http404("No credential has this id.")
    return credential


def badge_get_public(*, public_id) -> Badge:
    """A badge by its public id, active or not (issued credentials still point at it)."""
    badge = Badge.objects.select_related("subject", "topic").filter(public_id=public_id).first()
    if badge is None:
        raise Http404("No badge has this id.")
    return badge


def revoked_filter() -> Q:
    """Credentials whose bit reads "revoked": revoked, or whose award no longer exists."""
    return Q(revoked_at__isnull=False) | Q(learner_badge__isnull=True)


def status_list_revoked(*, list_no: int) -> list[int]:
    """The indexes set in one status list: 1 query (the slot index covers it)."""
    return list(
        BadgeCredential.objects.filter(revoked_filter(), status_list=list_no)
        .order_by("status_index")
        .values_list("status_index", flat=True)
    )


def status_lists_in_use() -> int:
    """The highest list number handed out (1 when none was)."""
    return BadgeCredential.objects.aggregate(top=Max("status_list"))["top"] or 1


def credential_at_slot(*, list_no: int, index: int) -> BadgeCredential | None:
    return BadgeCredential.objects.filter(status_list=list_no, status_index=index).first()
