"""Mail the worker sends for accounts: the email verification link and password resets.

Both run in the tasks worker (``accounts/tasks.py``), never in the request: an SMTP
conversation takes tens of milliseconds, and a request that only talks to the mail server
for registered addresses tells anyone with a stopwatch which addresses are registered
(finding 6). The request enqueues the same task whatever the address.
"""

from django.contrib.auth.forms import PasswordResetForm
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.languages import language_of
from accounts.models import User
from accounts.verification import verification_token


class VerifiedEmailPasswordResetForm(PasswordResetForm):
    """Django's reset form, sending only to addresses their owner has verified.

    An unverified address may belong to someone else (anyone can type any address at
    sign-up), and a reset link is the key to the account.
    """

    def get_users(self, email):
        return (user for user in super().get_users(email) if user.email_is_verified)


def password_reset_send(*, email: str, domain: str, use_https: bool) -> int:
    """Send the reset link to every active account with this verified address."""
    form = VerifiedEmailPasswordResetForm(data={"email": email})
    if not form.is_valid():
        return 0
    users = list(form.get_users(form.cleaned_data["email"]))
    if users:
        form.save(domain_override=domain, use_https=use_https)
    return len(users)


def email_verification_send(*, user_id: int, email: str, site_url: str) -> bool:
    """Mail the verification link for ``email``, if the account still has that address."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email or user.email.casefold() != email.casefold():
        return False  # changed or removed since: a link to it would verify nothing
    if user.email_is_verified:
        return False
    token = verification_token(user_id=user.pk, email=user.email)
    link = site_url.rstrip("/") + reverse("accounts:email_verify", args=[token])
    context = {"user": user, "link": link}
    with translation.override(language_of(user)):  # the reader's language, not the task's
        send_mail(
            subject=_("Confirm your email address for Pathwise"),
            message=render_to_string("accounts/email_verification_email.txt", context),
            from_email=None,
            recipient_list=[user.email],
        )
    return True
