"""Personal API tokens: list, create (secret shown once), revoke."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts import tokens
from accounts.models import ApiToken


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        max_length=80, help_text=gettext_lazy("What the token is for, e.g. Tablet app.")
    )
    sync = forms.BooleanField(
        required=False,
        label=gettext_lazy("Allow uploading answers recorded offline"),
        help_text=gettext_lazy("Without this the token can only read your data."),
    )


def token_list(request: HttpRequest) -> HttpResponse:
    form = TokenCreateForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        scopes = [ApiToken.Scope.SYNC] if form.cleaned_data["sync"] else []
        try:
            created = tokens.token_create(
                user=request.user,
                name=form.cleaned_data["name"],
                scopes=scopes,
                now=timezone.now(),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            form = TokenCreateForm()
    context = {
        "form": form,
        "created": created,
        "tokens": tokens.tokens_for_user(user=request.user),
    }
    response = render(request, "accounts/tokens.html", context)
    add_never_cache_headers(response)  # the page may carry a secret shown once
    return response


@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = tokens.token_get_for_user(user=request.user, pk=pk)
    tokens.token_revoke(token=token, now=timezone.now())
    messages.success(
        request, _("Token “%(name)s” is revoked and no longer works.") % {"name": token.name}
    )
    return redirect("accounts:token_list")
