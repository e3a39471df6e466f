"""The password reset page: limited, and the same work whatever address is typed.

The request counts the attempt against the address typed and the client's address, then
enqueues ``password_reset_send_task`` and shows "check your email". Whether the address
has an account, and whether it is verified, is decided by the worker
(``accounts/emails.py``), so the request runs the same statements and takes the same time
for a registered and an unknown address (finding 6): the mail is never sent in it.
"""

from django.contrib.auth.views import PasswordResetView
from django.http import HttpResponse, HttpResponseRedirect
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache

from accounts.addresses import client_address
from accounts.emails import VerifiedEmailPasswordResetForm
from accounts.tasks import password_reset_send_task
from accounts.throttling import as_throttled, password_reset_throttle, throttled_error


@method_decorator(never_cache, name="dispatch")
class ThrottledPasswordResetView(PasswordResetView):
    """Django's password reset, limited per email address and per client address."""

    form_class = VerifiedEmailPasswordResetForm

    def form_valid(self, form) -> HttpResponse:
        email = form.cleaned_data["email"]
        keys = {"email": email.strip().casefold(), "address": client_address(self.request)}
        wait, _claimed = password_reset_throttle().claim(**keys)
        if wait:
            form.add_error(None, throttled_error(wait))
            return as_throttled(self.form_invalid(form), wait)
        password_reset_send_task.enqueue(
            email=email, domain=self.request.get_host(), use_https=self.request.is_secure()
        )
        return HttpResponseRedirect(self.get_success_url())
