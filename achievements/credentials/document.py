"""The documents Pathwise signs: an award's OpenBadgeCredential and the status list.

An ``OpenBadgeCredential`` (a W3C Verifiable Credential 2.0, OB 3.0.3 context) names the
badge as an ``Achievement`` whose id is the badge's public page. The learner is identified
by a salted SHA-256 hash of their email address (or of their account id when they have
none), never in the clear. Every URL is built on ``DJANGO_SITE_URL`` (``keys.absolute``);
the issuer is the site's ``did:web``.
"""

import hashlib
import hmac
import uuid
from datetime import datetime

from django.conf import settings
from django.urls import reverse

from achievements.credentials import status
from achievements.credentials.dataintegrity import iso
from achievements.credentials.jsonld import OB_V3, VC_V2
from achievements.credentials.keys import absolute, issuer_did

CONTEXT = [VC_V2, OB_V3]
CREDENTIAL_TYPES = ["VerifiableCredential", "OpenBadgeCredential"]
STATUS_LIST_TYPES = ["VerifiableCredential", "BitstringStatusListCredential"]


def identity_hash(value: str, salt: str) -> str:
    return "sha256$" + hashlib.sha256((value + salt).encode()).hexdigest()


def learner_salt(learner_id: int) -> str:
    """A stable per-learner salt derived from the secret key (not guessable, not stored)."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"openbadges:{learner_id}".encode(), hashlib.sha256).hexdigest()[:16]


def credential_url(credential_id: uuid.UUID) -> str:
    return absolute(reverse("achievements:credential_detail", args=[credential_id]))


def status_list_url(list_no: int) -> str:
    return absolute(reverse("achievements:status_list", args=[list_no]))


def issuer_profile() -> dict:
    return {
        "id": issuer_did(),
        "type": ["Profile"],
        "name": settings.PATHWISE_OB_ISSUER_NAME,
        "url": absolute("/"),
    }


def _subject(learner) -> dict:
    salt = learner_salt(learner.pk)
    if learner.email:
        identity_type, value = "emailAddress", learner.email.strip().lower()
    else:
        identity_type, value = "systemId", f"pathwise-user-{learner.pk}"
    return {
        "type": "IdentityObject",
        "identityHash": identity_hash(value, salt),
        "identityType": identity_type,
        "hashed": True,
        "salt": salt,
    }


def achievement(badge) -> dict:
    """The badge as an OB 3.0 ``Achievement`` (select_related subject, topic for criteria)."""
    page = absolute(badge.get_public_url())
    return {
        "id": page,
        "type": ["Achievement"],
        "name": badge.name,
        "description": badge.description or badge.criteria,
        "criteria": {"id": page, "narrative": badge.criteria},
        "image": {
            "id": absolute(reverse("achievements:achievement_image", args=[badge.public_id])),
            "type": "Image",
            "caption": badge.name,
        },
    }


def credential(
    *,
    credential_id: uuid.UUID,
    learner,
    badge,
    earned_at: datetime,
    status_list: int,
    status_index: int,
) -> dict:
    """The unsigned credential for one award."""
    status_url = status_list_url(status_list)
    return {
        "@context": CONTEXT,
        "id": credential_url(credential_id),
        "type": CREDENTIAL_TYPES,
        "name": badge.name,
        "issuer": issuer_profile(),
        "validFrom": iso(earned_at),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [_subject(learner)],
            "achievement": achievement(badge),
        },
        "credentialStatus": {
            "id": f"{status_url}#{status_index}",
            "type": status.ENTRY_TYPE,
            "statusPurpose": status.PURPOSE,
            "statusListIndex": str(status_index),
            "statusListCredential": status_url,
        },
    }


def status_list_credential(*, list_no: int, revoked: list[int], valid_from: datetime) -> dict:
    """The unsigned ``BitstringStatusListCredential`` for list ``list_no``."""
    url = status_list_url(list_no)
    return {
        "@context": [VC_V2],
        "id": url,
        "type": STATUS_LIST_TYPES,
        "issuer": issuer_did(),
        "validFrom": iso(valid_from),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": status.PURPOSE,
            "encodedList": status.encode(revoked),
        },
    }
