"""Rate limits on the doors an attacker can knock on: logins, password resets, join codes.

Each limit counts events per key (an account, a client address, a user) in a fixed window
held in the ``throttle`` cache (``DJANGO_THROTTLE_CACHE_URL``; see docs/security.md). Once a
key reaches its limit, the action is refused with "Too many attempts; try again in N
minutes." until the window ends, whether or not the next try would have been right: a
lock that opened for the right password would tell the attacker it was right.

- Log in (the site and the admin): failed attempts per username and per client address.
  A success clears the username's count, never the address's (a valid account of one's
  own must not buy more guesses at others).
- Password reset: requests per email address and per client address, successful or not,
  so the limit reveals nothing about which addresses have accounts.
- Join codes (joining a class, signing up with a code): unknown codes per user (or per
  address for a visitor signing up) and per client address.

Keys are hashed, so usernames and emails never sit in the cache in the clear.
"""

import hashlib
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView, PasswordResetView
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache

from accounts.guests import client_address

THROTTLED = "throttled"
"""``ValidationError`` code of a refusal, so views can answer 429."""


def _cache():
    return caches[settings.PATHWISE_THROTTLE_CACHE]


@dataclass(frozen=True)
class Limit:
    """At most ``attempts`` events per ``window`` seconds for each value of one key."""

    key: str
    attempts: int
    window: int


@dataclass(frozen=True)
class Throttle:
    scope: str
    limits: tuple[Limit, ...]

    def _cache_key(self, limit: Limit, value: str) -> str:
        digest = hashlib.sha256(value.encode()).hexdigest()[:40]
        return f"pathwise:throttle:{self.scope}:{limit.key}:{digest}"

    def _pairs(self, values: dict[str, str]):
        for limit in self.limits:
            value = values.get(limit.key)
            if value:
                yield limit, self._cache_key(limit, value)

    def wait_seconds(self, **values: str) -> int:
        """Seconds until these keys may try again; 0 when they may try now."""
        cache = _cache()
        now = time.time()
        wait = 0.0
        for limit, key in self._pairs(values):
            entry = cache.get_many([key, key + ":until"])
            if entry.get(key, 0) >= limit.attempts:
                wait = max(wait, entry.get(key + ":until", now + limit.window) - now, 1)
        return math.ceil(wait)

    def hit(self, **values: str) -> None:
        """Count one event for each key."""
        cache = _cache()
        for limit, key in self._pairs(values):
            # The window starts with the first event; both entries expire together.
            cache.add(key + ":until", time.time() + limit.window, timeout=limit.window)
            cache.add(key, 0, timeout=limit.window)
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr: a new window
                cache.set(key, 1, timeout=limit.window)

    def clear(self, **values: str) -> None:
        cache = _cache()
        for _limit, key in self._pairs(values):
            cache.delete_many([key, key + ":until"])


def too_many_message(wait_seconds: int) -> str:
    minutes = max(1, math.ceil(wait_seconds / 60))
    unit = "minute" if minutes == 1 else "minutes"
    return f"Too many attempts; try again in {minutes} {unit}."


def throttled_error(wait_seconds: int) -> ValidationError:
    return ValidationError(too_many_message(wait_seconds), code=THROTTLED)


def login_throttle() -> Throttle:
    window = settings.PATHWISE_LOGIN_LOCKOUT_MINUTES * 60
    return Throttle(
        "login",
        (
            Limit("account", settings.PATHWISE_LOGIN_FAILURES_PER_ACCOUNT, window),
            Limit("address", settings.PATHWISE_LOGIN_FAILURES_PER_ADDRESS, window),
        ),
    )


def password_reset_throttle() -> Throttle:
    return Throttle(
        "password-reset",
        (
            Limit("email", settings.PATHWISE_PASSWORD_RESETS_PER_EMAIL, 3600),
            Limit("address", settings.PATHWISE_PASSWORD_RESETS_PER_ADDRESS, 3600),
        ),
    )


def join_code_throttle() -> Throttle:
    return Throttle(
        "join-code",
        (
            Limit("user", settings.PATHWISE_JOIN_CODE_FAILURES_PER_USER, 3600),
            Limit("address", settings.PATHWISE_JOIN_CODE_FAILURES_PER_ADDRESS, 3600),
        ),
    )


def _address(request: HttpRequest | None) -> str:
    return client_address(request) if request is not None else ""


# Join codes ---------------------------------------------------------------------------------


def _join_keys(request: HttpRequest) -> dict[str, str]:
    user = request.user
    who = f"user:{user.pk}" if user.is_authenticated else f"visitor:{_address(request)}"
    return {"user": who, "address": _address(request)}


def join_code_wait(request: HttpRequest) -> int:
    """Seconds before this user (or visitor) may try another join code; 0: now."""
    return join_code_throttle().wait_seconds(**_join_keys(request))


def join_code_failed(request: HttpRequest) -> None:
    """Count one unknown join code against this user and address."""
    join_code_throttle().hit(**_join_keys(request))


# Log in -------------------------------------------------------------------------------------


class ThrottledLoginMixin:
    """For AuthenticationForm subclasses: refuse once the username or address is locked."""

    def clean(self):
        username = self.cleaned_data.get("username")
        if not (username and self.cleaned_data.get("password")):
            return super().clean()
        throttle = login_throttle()
        keys = {"account": username.casefold(), "address": _address(self.request)}
        if wait := throttle.wait_seconds(**keys):
            raise throttled_error(wait)
        try:
            cleaned = super().clean()
        except ValidationError as exc:
            if exc.code == "invalid_login":
                throttle.hit(**keys)
            raise
        throttle.clear(account=keys["account"])
        return cleaned


class ThrottledAuthenticationForm(ThrottledLoginMixin, AuthenticationForm):
    pass


class ThrottledAdminAuthenticationForm(ThrottledLoginMixin, AdminAuthenticationForm):
    pass


def _is_throttled(form) -> bool:
    return any(e.code == THROTTLED for e in form.non_field_errors().as_data())


class ThrottledLoginView(LoginView):
    """Django's login, limited per account and per address; a refusal answers 429."""

    authentication_form = ThrottledAuthenticationForm

    def form_invalid(self, form) -> HttpResponse:
        response = super().form_invalid(form)
        if _is_throttled(form):
            response.status_code = 429
        return response


# Password reset -----------------------------------------------------------------------------


@method_decorator(never_cache, name="dispatch")
class ThrottledPasswordResetView(PasswordResetView):
    """Django's password reset, limited per email address and per client address.

    Every request counts (existing address or not), and the answer is the same "check your
    email" page either way, so neither the page nor the limit reveals who has an account.
    """

    def form_valid(self, form) -> HttpResponse:
        throttle = password_reset_throttle()
        keys = {
            "email": form.cleaned_data["email"].strip().casefold(),
            "address": _address(self.request),
        }
        if wait := throttle.wait_seconds(**keys):
            form.add_error(None, throttled_error(wait))
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        throttle.hit(**keys)
        return super().form_valid(form)
