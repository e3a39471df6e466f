"""Personal API tokens: create, revoke, authenticate.

A token reads ``pw_<8 public chars>_<43 secret chars>`` (about 256 bits of randomness from
``secrets``). The database keeps only its SHA-256 hex digest and the public prefix, so a
leaked database does not leak usable tokens; the full token is shown once, at creation.
A plain hash (no salt, no slow KDF) is enough because the secret is high-entropy: nothing
to brute-force, and the lookup is one unique-index query.

A token authenticates as its owner and nothing more: every API view scopes its reads and
writes to ``token.user`` exactly as the web pages do, a deactivated owner's tokens stop
working, and scopes only ever narrow what a token may do ("read" by default, "sync" to
upload offline answers).
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext

from accounts.models import ApiToken, User

TOKEN_PREFIX = "pw_"  # noqa: S105 (a public marker, not a secret)
PUBLIC_CHARS = 8
MAX_ACTIVE_TOKENS = 20
# Recording "last used" costs a write; once a minute per token is precise enough.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _new_raw_token() -> tuple[str, str]:
    public = secrets.token_hex(PUBLIC_CHARS // 2)
    return f"{TOKEN_PREFIX}{public}", f"{TOKEN_PREFIX}{public}_{secrets.token_urlsafe(32)}"


@dataclass(frozen=True)
class CreatedToken:
    token: ApiToken
    raw: str  # show once, never store


def tokens_for_user(*, user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("revoked_at", "-created_at", "-pk")


@transaction.atomic
def token_create(*, user: User, name: str, scopes: list[str], now: datetime) -> CreatedToken:
    """A new token for ``user``; the returned ``raw`` value is the only copy of the secret."""
    name = name.strip()
    if not name:
        raise ValidationError(
            gettext("Give the token a name so you can recognise it later."), code="name"
        )
    unknown = set(scopes) - set(ApiToken.Scope.values)
    if unknown:
        raise ValidationError(
            gettext("Unknown scope: %(s)s."), params={"s": ", ".join(sorted(unknown))}
        )
    scopes = sorted({ApiToken.Scope.READ, *scopes})  # every token may at least read
    # Lock the owner so two concurrent requests cannot both pass the limit.
    User.objects.select_for_update().filter(pk=user.pk).first()
    if ApiToken.objects.filter(user=user, revoked_at__isnull=True).count() >= MAX_ACTIVE_TOKENS:
        raise ValidationError(
            gettext("You have %(n)s active tokens. Revoke one you no longer use first."),
            params={"n": MAX_ACTIVE_TOKENS},
            code="too_many",
        )
    prefix, raw = _new_raw_token()
    token = ApiToken.objects.create(
        user=user,
        name=name[:80],
        prefix=prefix,
        key_hash=token_hash(raw),
        scopes=scopes,
        created_at=now,
    )
    return CreatedToken(token=token, raw=raw)


def token_get_for_user(*, user: User, pk: int) -> ApiToken:
    """The user's own token; 404 for anyone else's."""
    return get_object_or_404(ApiToken, pk=pk, user=user)


def token_revoke(*, token: ApiToken, now: datetime) -> ApiToken:
    """Revoke (idempotent). The row stays so the owner sees when it was revoked."""
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=now)
    token.refresh_from_db(fields=["revoked_at"])
    return token


def parse_bearer(header: str | None) -> str | None:
    """The token from an ``Authorization: Bearer <token>`` header, or None."""
    if not header:
        return None
    scheme, _, value = header.strip().partition(" ")
    value = value.strip()
    if scheme.lower() != "bearer" or not value.startswith(TOKEN_PREFIX) or len(value) > 200:
        return None
    return value


def token_authenticate(*, header: str | None, now: datetime) -> ApiToken | None:
    """The active token named by the header (with its active owner loaded), or None.

    One query (token joined to its user), plus one update at most once a minute.
    """
    raw = parse_bearer(header)
    if raw is None:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=token_hash(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
