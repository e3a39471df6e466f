"""Keeping (or not) the practice a guest left on this browser, when a student logs in."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache

from accounts import guests, services
from accounts.access import student_required
from accounts.models import User


def _next(request: HttpRequest) -> str:
    """Where to go afterwards: a local path from the form or the address, else home."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("home")


@never_cache
@student_required
def guest_claim(request: HttpRequest) -> HttpResponse:
    """ "You practised as a guest on this computer: add those 5 answers to your account?" """
    pk = request.session.get(guests.PENDING_CLAIM_KEY)
    guest = User.objects.filter(pk=pk, is_guest=True).first() if pk else None
    if guest is None or request.user.is_guest:
        request.session.pop(guests.PENDING_CLAIM_KEY, None)
        return redirect(_next(request))
    if request.method == "POST":
        request.session.pop(guests.PENDING_CLAIM_KEY, None)
        if request.POST.get("choice") == "keep":
            answers = guests.guest_activity(guest)
            services.guest_claim(guest=guest, user=request.user)
            messages.success(
                request,
                ngettext(
                    "Added %(n)d answer from the guest session to your account.",
                    "Added %(n)d answers from the guest session to your account.",
                    answers,
                )
                % {"n": answers},
            )
        else:
            services.guest_end(guest=guest)
            messages.info(
                request, _("The guest practice was discarded. Your account is as it was.")
            )
        return redirect(_next(request))
    context = {"answers": guests.guest_activity(guest), "next": _next(request)}
    return render(request, "accounts/guest_claim.html", context)
