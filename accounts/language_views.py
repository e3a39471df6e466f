"""The footer's language switcher: Django's ``set_language`` (cookie + redirect), and for a
signed-in user the choice is saved on their account too (accounts.languages)."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from accounts.languages import user_language_set


@login_not_required
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    response = django_set_language(request)
    code = request.POST.get("language", "")
    if request.user.is_authenticated and code in dict(settings.LANGUAGES):
        user_language_set(user=request.user, language=code)
    return response
