"""Open Badges 3.0 credentials for earned badges (unsigned; see docs/achievements.md).

The credential is an ``OpenBadgeCredential`` (a W3C Verifiable Credential v2) naming the
badge as an ``Achievement``. The learner is identified by a salted SHA-256 hash of their
email address (or of their account id when they have none), never in the clear.
"""

import hashlib
import hmac
from collections.abc import Callable
from datetime import datetime

from django.conf import settings

CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
ISSUER_NAME = "Pathwise"


def _iso(moment: datetime) -> str:
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def identity_hash(value: str, salt: str) -> str:
    return "sha256$" + hashlib.sha256((value + salt).encode()).hexdigest()


def learner_salt(learner_id: int) -> str:
    """A stable per-learner salt derived from the secret key (not guessable, not stored)."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"openbadges:{learner_id}".encode(), hashlib.sha256).hexdigest()[:16]


def credential(*, learner_badge, absolute: Callable[[str], str]) -> dict:
    """The OB 3.0 credential for one earned badge; ``absolute`` makes a path a full URL."""
    badge, learner = learner_badge.badge, learner_badge.learner
    salt = learner_salt(learner.pk)
    if learner.email:
        identity = {"identityType": "emailAddress", "value": learner.email.strip().lower()}
    else:
        identity = {"identityType": "systemId", "value": f"pathwise-user-{learner.pk}"}
    achievement = {
        "id": absolute(badge.get_absolute_url()),
        "type": ["Achievement"],
        "name": badge.name,
        "description": badge.description or badge.criteria,
        "criteria": {"narrative": badge.criteria},
    }
    if badge.image:
        achievement["image"] = {
            "id": absolute(f"/badges/{badge.slug}/image/"),
            "type": "Image",
            "caption": badge.name,
        }
    return {
        "@context": CONTEXT,
        "id": absolute(learner_badge.get_absolute_url()),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": badge.name,
        "issuer": {"id": absolute("/"), "type": ["Profile"], "name": ISSUER_NAME},
        "validFrom": _iso(learner_badge.earned_at),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityHash": identity_hash(identity["value"], salt),
                    "identityType": identity["identityType"],
                    "hashed": True,
                    "salt": salt,
                }
            ],
            "achievement": achievement,
        },
    }
