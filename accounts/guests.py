"""Guest identity on the web: the signed cookie, the creation rate limit and the middleware.

A guest is logged in through Django's session like anyone else (so LoginRequiredMiddleware
lets them through). The long-lived cookie only carries the guest's random username, signed
with the secret key and a salt, so a returning guest whose session expired is logged back
in. Nothing guessable ever appears in a URL. The writes live in ``accounts.services``.
"""

from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from accounts import services
from accounts.addresses import client_address
from accounts.models import User
from accounts.throttling import Limit, Throttle

COOKIE_SALT = "pathwise.guest"
BACKEND = "django.contrib.auth.backends.ModelBackend"
RATE_WINDOW_SECONDS = 60 * 60
# How stale last_login may get before the middleware refreshes it (what the purge reads).
LAST_SEEN_RESOLUTION = timedelta(days=1)


def guest_cookie_set(response: HttpResponse, *, guest: User) -> None:
    response.set_signed_cookie(
        settings.PATHWISE_GUEST_COOKIE_NAME,
        guest.username,
        salt=COOKIE_SALT,
        max_age=settings.PATHWISE_GUEST_COOKIE_AGE,
        secure=settings.PATHWISE_GUEST_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def guest_cookie_delete(response: HttpResponse) -> None:
    response.delete_cookie(settings.PATHWISE_GUEST_COOKIE_NAME, samesite="Lax")


def guest_from_cookie(request: HttpRequest) -> User | None:
    """The active guest the request's cookie names, or None (absent, forged, expired, purged)."""
    username = request.get_signed_cookie(
        settings.PATHWISE_GUEST_COOKIE_NAME,
        default=None,
        salt=COOKIE_SALT,
        max_age=settings.PATHWISE_GUEST_COOKIE_AGE,
    )
    if not username:
        return None
    return User.objects.filter(username=username, is_guest=True, is_active=True).first()


def guest_creation_allowed(request: HttpRequest) -> bool:
    """Count one guest creation for this client address; False once over the hourly limit."""
    limit = settings.PATHWISE_GUEST_CREATE_LIMIT
    if limit <= 0:
        return False
    throttle = Throttle("guest-create", (Limit("address", limit, RATE_WINDOW_SECONDS),))
    wait, _claimed = throttle.claim(address=client_address(request))
    return not wait


def guest_start(request: HttpRequest, response: HttpResponse, *, guest: User) -> None:
    """Log ``guest`` in on this request and give the browser the guest cookie."""
    login(request, guest, backend=BACKEND)
    guest_cookie_set(response, guest=guest)


class GuestMiddleware:
    """Recognise returning guests, and hand a guest's progress over when they log in.

    Goes right after AuthenticationMiddleware. It only does anything for requests carrying
    the guest cookie: ordinary users pay nothing.

    - Anonymous with a valid cookie: log the guest back in (their session had expired).
    - A guest: refresh ``last_login`` at most daily (the purge judges inactivity by it).
    - A guest who logs in to (or signs up for) a student account during this request: their
      progress moves onto it (``services.guest_claim``, one transaction) and the cookie goes.
    - Any other non-guest user, or a guest who logged out: the cookie goes.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.PATHWISE_GUEST_COOKIE_NAME not in request.COOKIES:
            return self.get_response(request)
        guest = self._recognise(request)
        response = self.get_response(request)
        user = request.user
        if guest is not None and user.is_authenticated and user.pk == guest.pk:
            return response
        if guest is not None and user.is_authenticated and user.is_student and not user.is_guest:
            services.guest_claim(guest=guest, user=user)
        guest_cookie_delete(response)
        return response

    def _recognise(self, request: HttpRequest) -> User | None:
        user = request.user
        if user.is_authenticated:
            if not user.is_guest:
                return None
            now = timezone.now()
            if user.last_login is None or now - user.last_login > LAST_SEEN_RESOLUTION:
                User.objects.filter(pk=user.pk).update(last_login=now)
                user.last_login = now
            return user
        guest = guest_from_cookie(request)
        if guest is not None:
            login(request, guest, backend=BACKEND)  # updates last_login
        return guest
