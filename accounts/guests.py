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
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from accounts import services
from accounts.addresses import client_address
from accounts.models import User
from accounts.throttling import Limit, Throttle

COOKIE_SALT = "pathwise.guest"
# The guest whose practice a student who just logged in on this browser may keep: kept in the
# student's (server-side) session until they answer the question on accounts:guest_claim.
PENDING_CLAIM_KEY = "pathwise.pending_guest_claim"
BACKEND = "django.contrib.auth.backends.ModelBackend"
RATE_WINDOW_SECONDS = 60 * 60
# How stale last_login may get before the middleware refreshes it (what the purge reads).
LAST_SEEN_RESOLUTION = timedelta(days=1)


# Apps above accounts tell how much a guest has done (progress counts answers), so the
# question "keep these 5 answers?" can be asked without accounts importing them.
_activity_counters: list[Callable[[User], int]] = []


def guest_activity_register(counter: Callable[[User], int]) -> None:
    if counter not in _activity_counters:
        _activity_counters.append(counter)


def guest_activity(guest: User) -> int:
    """How many things (answers) ``guest`` has done: 0 means nothing worth keeping."""
    return sum(counter(guest) for counter in _activity_counters)


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
    - A guest who logs in to a student account during this request (a shared computer: it
      may be someone else's practice): nothing moves yet. The student is asked first
      (``accounts:guest_claim``: "add those 5 answers to your account?"). Signing up from a
      guest session keeps the progress at once (``student_register``): that is the guest.
    - A guest who logs out: the guest session ends on the server (``services.guest_end``),
      so a copied cookie logs nobody in.
    - Any other non-guest user: the cookie goes.
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
        if guest is not None and not user.is_authenticated:
            services.guest_end(guest=guest)  # logged out: end it here, not just forget it
        elif guest is not None and user.is_student and not user.is_guest:
            response = self._ask_before_claiming(request, response, guest=guest)
        guest_cookie_delete(response)
        return response

    def _ask_before_claiming(self, request, response, *, guest: User) -> HttpResponse:
        if not User.objects.filter(pk=guest.pk, is_guest=True).exists():
            return response  # claimed already (signing up from the guest session)
        if not guest_activity(guest):
            services.guest_end(guest=guest)  # nothing to keep: no question to ask
            return response
        request.session[PENDING_CLAIM_KEY] = guest.pk
        if response.status_code in (301, 302, 303) and response.get("Location"):
            target = reverse("accounts:guest_claim")
            response["Location"] = f"{target}?{urlencode({'next': response['Location']})}"
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
