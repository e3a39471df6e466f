"""Writes for credentials: issuing one on first download, revoking awards.

Both run in one transaction and lock the award row first, so two first downloads of the
same award issue one credential, and a download racing a revocation either comes first
(and is then revoked) or is refused.
"""

import secrets
from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from accounts.models import User
from achievements.credentials import dataintegrity, document, keys, selectors, status
from achievements.models import BadgeCredential, LearnerBadge

REASON_MAX = 300


class CredentialRevoked(Exception):
    """The award's credential was revoked: it is not issued (again)."""

    def __init__(self, credential: BadgeCredential) -> None:
        super().__init__(credential.revocation_reason)
        self.credential = credential


def _free_slot() -> tuple[int, int]:
    """A random unused (list, index): lists fill to half, so a random pick is rarely taken."""
    list_no = 1 + BadgeCredential.objects.count() // status.LIST_FILL
    for _ in range(20):
        candidates = [secrets.randbelow(status.LIST_SIZE) for _ in range(8)]
        used = set(
            BadgeCredential.objects.filter(
                status_list=list_no, status_index__in=candidates
            ).values_list("status_index", flat=True)
        )
        for index in candidates:
            if index not in used:
                return list_no, index
    raise RuntimeError("No free status list slot found; the list is far fuller than planned.")


def _create(**fields) -> BadgeCredential:
    """Insert with a fresh slot; a slot taken concurrently is retried with another."""
    for _ in range(5):
        list_no, index = _free_slot()
        try:
            with transaction.atomic():
                return BadgeCredential.objects.create(
                    status_list=list_no, status_index=index, **fields
                )
        except IntegrityError:
            continue
    raise RuntimeError("Could not reserve a status list slot.")


def _lock_award(learner_badge_id: int) -> LearnerBadge:
    return LearnerBadge.objects.select_for_update().get(pk=learner_badge_id)


@transaction.atomic
def credential_issue(*, learner_badge: LearnerBadge, now: datetime) -> BadgeCredential:
    """The award's credential: signed and stored on the first call, the same one after.

    Raises ``CredentialRevoked`` for a revoked award, ``ValidationError`` for a guest (a
    guest has no identity to certify), ``keys.SigningKeyError`` without a signing key.
    """
    _lock_award(learner_badge.pk)
    existing = selectors.credential_of_award(learner_badge=learner_badge)
    if existing is not None and existing.revoked_at is not None:
        raise CredentialRevoked(existing)
    if existing is not None and existing.document is not None:
        return existing
    award = selectors.learner_badge_for_credential(learner_badge_id=learner_badge.pk)
    if award.learner.is_guest:
        raise ValidationError(
            gettext("Sign up to keep your badges: guests cannot download them as Open Badges."),
            code="guest",
        )
    signing = keys.signing_key()  # before anything is written: no key, no record
    credential = existing or _create(learner_badge=award, badge=award.badge, created_at=now)
    unsigned = document.credential(
        credential_id=credential.pk,
        learner=award.learner,
        badge=award.badge,
        earned_at=award.earned_at,
        status_list=credential.status_list,
        status_index=credential.status_index,
    )
    credential.document = dataintegrity.sign(
        unsigned,
        private_key=signing.private,
        verification_method=signing.public.verification_method,
        created=now,
    )
    credential.issued_at = now
    credential.save(update_fields=["document", "issued_at"])
    return credential


def _clean_reason(reason: str) -> str:
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError(
            gettext("Give a reason: anyone who verifies the credential is shown it."), code="reason"
        )
    if len(reason) > REASON_MAX:
        raise ValidationError(
            gettext("Keep the reason to %(reason_max)s characters (it has %(reason)s).")
            % {"reason_max": REASON_MAX, "reason": len(reason)},
            code="reason",
        )
    return reason


@transaction.atomic
def awards_revoke(
    *, learner_badges: Iterable[LearnerBadge], reason: str, by: User | None, now: datetime
) -> int:
    """Revoke the credentials of these awards with ``reason``; returns how many were newly
    revoked (an already revoked award keeps its first reason). An award whose credential was
    never downloaded gets a revoked record, so it can never be issued afterwards.

    Revocation is final, as the status list's "revocation" purpose means: to give the badge
    back, award it again after deleting the award.
    """
    reason = _clean_reason(reason)
    ids = sorted({lb.pk for lb in learner_badges})
    revoked = 0
    for award in LearnerBadge.objects.select_for_update().filter(pk__in=ids).order_by("pk"):
        credential = selectors.credential_of_award(learner_badge=award)
        if credential is not None and credential.revoked_at is not None:
            continue
        if credential is None:
            credential = _create(learner_badge=award, badge_id=award.badge_id, created_at=now)
        credential.revoked_at = now
        credential.revocation_reason = reason
        credential.revoked_by = by
        credential.save(update_fields=["revoked_at", "revocation_reason", "revoked_by"])
        revoked += 1
    return revoked
