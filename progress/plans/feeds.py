"""Calendar subscription tokens: the secret in a learner's feed address (pure).

A token reads ``cal_<43 characters>`` (256 bits from ``secrets``); the database keeps its
SHA-256 digest only, as for API tokens (``accounts.tokens``), so a leaked database does not
leak working feed addresses. A plain hash is enough for a high-entropy secret.
"""

import hashlib
import secrets

FEED_TOKEN_PREFIX = "cal_"  # noqa: S105 - a public marker, not a secret


def feed_token_new() -> str:
    return f"{FEED_TOKEN_PREFIX}{secrets.token_urlsafe(32)}"


def feed_token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()
