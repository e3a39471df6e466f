"""Email verification links: a signed, expiring token naming one account and one address.

The token carries the account's id and the address it was sent to, signed with the secret
key (``django.core.signing``, its own salt), so it cannot be forged or pointed at another
account. It proves the address only while the account still has that address: a link for
an address that was replaced since verifies nothing. Nothing is stored until it is used.
"""

from dataclasses import dataclass

from django.core import signing

SALT = "pathwise.email-verification"
MAX_AGE_SECONDS = 3 * 24 * 60 * 60  # three days


@dataclass(frozen=True)
class VerificationClaim:
    user_id: int
    email: str


def verification_token(*, user_id: int, email: str) -> str:
    return signing.dumps({"u": user_id, "e": email.casefold()}, salt=SALT, compress=True)


def verification_claim(token: str) -> VerificationClaim | None:
    """What a token proves, or None when it is forged, malformed or expired."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature:  # SignatureExpired is a BadSignature
        return None
    if not (isinstance(data, dict) and isinstance(data.get("u"), int)):
        return None
    if not isinstance(data.get("e"), str) or not data["e"]:
        return None
    return VerificationClaim(user_id=data["u"], email=data["e"])
