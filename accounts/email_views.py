"""The account's email address: change it, have the link sent again, verify it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from accounts import services, throttling
from accounts.forms import EmailForm
from accounts.verification import verification_claim

RESENDS_PER_HOUR = 3


def _resend_throttle() -> throttling.Throttle:
    return throttling.Throttle(
        "email-verification", (throttling.Limit("user", RESENDS_PER_HOUR, 3600),)
    )


def _page(request: HttpRequest, form: EmailForm, **kwargs) -> HttpResponse:
    context = {"form": form, "user_email": request.user.email}
    return render(request, "accounts/email_settings.html", context, **kwargs)


def _resend(request: HttpRequest) -> HttpResponse:
    user = request.user
    wait, _claimed = _resend_throttle().claim(user=str(user.pk))
    if wait:
        messages.error(request, throttling.too_many_message(wait))
        form = EmailForm(user=user, initial={"email": user.email})
        return throttling.as_throttled(_page(request, form), wait)
    if not user.email_is_verified:
        services.email_verification_request(user=user, site_url=request.build_absolute_uri("/"))
    messages.success(request, _("We sent a new link to %(email)s.") % {"email": user.email})
    return redirect("accounts:email")


@never_cache
def email_settings(request: HttpRequest) -> HttpResponse:
    """Show the address and whether it is verified; change it, or send the link again."""
    user = request.user
    if user.is_guest:
        return render(request, "accounts/email_settings.html", {"guest": True})
    if request.method == "POST" and "resend" in request.POST and user.email:
        return _resend(request)
    form = EmailForm(request.POST or None, user=user, initial={"email": user.email})
    if request.method == "POST" and form.is_valid():
        try:
            services.user_email_change(
                user=user,
                email=form.cleaned_data["email"],
                site_url=request.build_absolute_uri("/"),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            pending = user.email and not user.email_is_verified
            messages.success(
                request,
                _("Saved. Open the link we sent to %(email)s.") % {"email": user.email}
                if pending
                else _("Saved."),
            )
            return redirect("accounts:email")
    return _page(request, form)


@login_not_required
@never_cache
def email_verify(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the mail: GET asks to confirm (link scanners only GET), POST verifies."""
    claim = verification_claim(token)
    if claim is None:
        return render(request, "accounts/email_verify.html", {"invalid": True}, status=400)
    if request.method == "POST":
        try:
            services.email_verify(claim=claim)
        except ValidationError as exc:
            context = {"invalid": True, "message": exc.messages[0]}
            return render(request, "accounts/email_verify.html", context, status=400)
        messages.success(request, _("Thank you: your email address is confirmed."))
        return redirect("home")
    return render(request, "accounts/email_verify.html", {"email": claim.email})
