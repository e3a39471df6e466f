"""The interface language of a request: a signed-in user's saved choice, else the language
cookie set by the switcher, else the browser's Accept-Language (Django's LocaleMiddleware).

Students and teachers (and guests) pick a language on the profile page or with the footer
switcher (``accounts.language_views.set_language``); blank follows the browser. The stored
value is a code from ``settings.LANGUAGES``. Content keeps its own language
(``learning.Subject.language``): this is only the language of Pathwise's own words.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from accounts.models import User, validate_interface_language


def user_language_set(*, user: User, language: str) -> User:
    """Save ``language`` (a code from settings.LANGUAGES, or "" for the browser's)."""
    validate_interface_language(language)
    if language != user.language:
        user.language = language
        user.save(update_fields=["language"])
    return user


def interface_language(user) -> str | None:
    """The saved language of a signed-in user, when it is still one Pathwise offers."""
    if not getattr(user, "is_authenticated", False):
        return None
    code = getattr(user, "language", "")
    return code if code and code in dict(settings.LANGUAGES) else None


def language_of(user) -> str:
    """The language to write to ``user`` in when no request says (e-mails sent by a task):
    their saved choice, else the site's default."""
    code = getattr(user, "language", "")
    return code if code and code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class UserLanguageMiddleware:
    """Activate a signed-in user's saved language (after authentication and guests).

    LocaleMiddleware has already activated the cookie's or the browser's language and
    answers ``Content-Language`` with whatever is active when the response leaves, so a
    saved choice made here is what the header reports.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        code = interface_language(request.user)
        if code:
            translation.activate(code)
            request.LANGUAGE_CODE = code
        return self.get_response(request)
