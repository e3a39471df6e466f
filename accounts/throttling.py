"""Rate limits on the doors an attacker can knock on: logins, password resets, join codes.

Each limit counts events per key (an account at an address, a client address, a user) in
a sliding window held in the ``throttle`` cache, shared by every worker (the database
cache by default; ``DJANGO_THROTTLE_CACHE_URL``; see docs/security.md). Once a key reaches
its limit, the action is refused with "Too many attempts; try again in N minutes." (HTTP
429 with Retry-After) until the oldest event leaves the window, whether or not the next
try would have been right: a lock that opened for the right password would tell the
attacker it was right.

- Log in (the site and the admin): failed attempts per (username, client address) and per
  client address. A success clears that pair's count, never the address's (a valid
  account of one's own must not buy more guesses at others).
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
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse

from accounts.addresses import client_address

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
    """Counters as *slots*: the n-th event in a window claims slot n with ``cache.add``.

    ``add`` is atomic on every cache backend (an INSERT on the database cache), where
    ``get`` + ``set`` (which is what the database cache's ``incr`` does) would let two
    workers both read 4 and both write 5. So however many workers check passwords at
    once, at most ``attempts`` events are counted per window. Each slot holds its own
    expiry time, which makes the window slide: a slot frees itself ``window`` seconds
    after it was claimed.
    """

    scope: str
    limits: tuple[Limit, ...]

    def _slots(self, limit: Limit, value: str) -> list[str]:
        digest = hashlib.sha256(value.encode()).hexdigest()[:40]
        base = f"pathwise:throttle:{self.scope}:{limit.key}:{digest}"
        return [f"{base}:{n}" for n in range(limit.attempts)]

    def _pairs(self, values: dict[str, str]):
        for limit in self.limits:
            value = values.get(limit.key)
            if value:
                yield limit, self._slots(limit, value)

    def wait_seconds(self, **values: str) -> int:
        """Seconds until these keys may try again; 0 when they may try now."""
        cache = _cache()
        now = time.time()
        wait = 0.0
        for limit, slots in self._pairs(values):
            live = [until for until in cache.get_many(slots).values() if until > now]
            if len(live) >= limit.attempts:
                wait = max(wait, min(live) - now, 1)
        return math.ceil(wait)

    def claim(self, **values: str) -> tuple[int, list[str]]:
        """Count one event for each key, refusing once any key is full.

        Returns ``(wait_seconds, claimed_slots)``: ``wait_seconds`` is 0 when the event
        was counted against every key (``claimed_slots`` can then be released with
        :meth:`release`), else nothing is counted and it says how long to wait.
        """
        cache = _cache()
        claimed: list[str] = []
        for limit, slots in self._pairs(values):
            now = time.time()
            taken = cache.get_many(slots)
            free = (s for s in slots if taken.get(s, 0) <= now)
            slot = next((s for s in free if cache.add(s, now + limit.window, limit.window)), None)
            if slot is None:
                self.release(claimed)
                return max(self.wait_seconds(**values), 1), []
            claimed.append(slot)
        return 0, claimed

    def hit(self, **values: str) -> None:
        """Count one event for each key (a full key stays full)."""
        cache = _cache()
        for limit, slots in self._pairs(values):
            now = time.time()
            taken = cache.get_many(slots)
            for s in slots:
                if taken.get(s, 0) <= now and cache.add(s, now + limit.window, limit.window):
                    break

    def release(self, slots: list[str]) -> None:
        """Give back slots taken by :meth:`claim` (the event turned out not to count)."""
        if slots:
            _cache().delete_many(slots)

    def clear(self, **values: str) -> None:
        cache = _cache()
        for _limit, slots in self._pairs(values):
            cache.delete_many(slots)


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
            # One account *from one address*: a stranger elsewhere cannot lock it.
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


KNOWN_LOGIN_DAYS = 30
"""An account that logged in from an address is not held back by that address's limit."""


def _known_key(pair: str) -> str:
    return "pathwise:throttle:login-known:" + hashlib.sha256(pair.encode()).hexdigest()[:40]


class ThrottledLoginMixin:
    """For AuthenticationForm subclasses: at most N password checks per account and address.

    The account's count is kept per (account, client address), so failures from one place
    never lock the account anywhere else: the student signs in from home while someone
    at school is refused. The address's own, larger count stops one place from trying
    many accounts; it does not apply to an account that has signed in from that address
    in the last ``KNOWN_LOGIN_DAYS`` days, so a classmate's guessing does not lock out
    the class that shares the school's address.

    Each check is claimed before the password is looked at (``Throttle.claim``), so
    concurrent requests on several workers cannot check more passwords than the limit.
    """

    throttle_wait = 0

    def clean(self):
        username = self.cleaned_data.get("username")
        if not (username and self.cleaned_data.get("password")):
            return super().clean()
        throttle = login_throttle()
        address = _address(self.request)
        pair = f"{username.casefold()}\n{address}"
        keys = {"account": pair, "address": address}
        if _cache().get(_known_key(pair)):
            keys.pop("address")  # still counted below, never a reason to refuse
        wait, claimed = throttle.claim(**keys)
        if wait:
            self.throttle_wait = wait
            raise throttled_error(wait)
        try:
            cleaned = super().clean()
        except ValidationError as exc:
            if exc.code != "invalid_login":
                throttle.release(claimed)  # an inactive account, say: not a guess
            elif "address" not in keys:
                throttle.hit(address=address)
            raise
        throttle.release(claimed)
        throttle.clear(account=pair)
        _cache().set(_known_key(pair), 1, timeout=KNOWN_LOGIN_DAYS * 86400)
        return cleaned


class ThrottledAuthenticationForm(ThrottledLoginMixin, AuthenticationForm):
    pass


class ThrottledAdminAuthenticationForm(ThrottledLoginMixin, AdminAuthenticationForm):
    pass


def _is_throttled(form) -> bool:
    return any(e.code == THROTTLED for e in form.non_field_errors().as_data())


def as_throttled(response: HttpResponse, wait_seconds: int) -> HttpResponse:
    """A refusal: 429 Too Many Requests with Retry-After (seconds)."""
    response.status_code = 429
    response["Retry-After"] = str(max(1, wait_seconds))
    return response


def login_response(response: HttpResponse) -> HttpResponse:
    """The login page's answer, turned into a 429 when its form was refused by the limit."""
    form = (getattr(response, "context_data", None) or {}).get("form")
    if form is not None and form.is_bound and not form.is_valid() and _is_throttled(form):
        return as_throttled(response, form.throttle_wait)
    return response


@login_not_required
def admin_login(request: HttpRequest) -> HttpResponse:
    """The admin's login (``admin.site.login``, wired in config/urls.py), 429 when refused."""
    from django.contrib import admin  # the admin site is configured after this module

    return login_response(admin.site.login(request))


class ThrottledLoginView(LoginView):
    """Django's login, limited per account and per address; a refusal answers 429."""

    authentication_form = ThrottledAuthenticationForm

    def form_invalid(self, form) -> HttpResponse:
        return login_response(super().form_invalid(form))
