"""Background tasks (``django.tasks``) for accounts: thin wrappers over one function each.

Enqueue ``guests_purge_task`` daily (cron, a systemd timer, or the worker's scheduler) to
remove guests inactive for PATHWISE_GUEST_RETENTION_DAYS. The two mail tasks are enqueued
by requests (password reset, email verification) so that no request talks to the mail
server itself (accounts/emails.py says why).
"""

from django.tasks import task
from django.utils import timezone

from accounts import emails, services


@task()
def guests_purge_task(*, days: int | None = None) -> dict:
    result = services.guests_purge(days=days, now=timezone.now())
    return {"guests": result.guests, "rows": result.rows}


@task()
def password_reset_send_task(*, email: str, domain: str, use_https: bool) -> dict:
    # The result says how many mails went out: it stays in the worker's table, never shown.
    sent = emails.password_reset_send(email=email, domain=domain, use_https=use_https)
    return {"sent": sent}


@task()
def email_verification_send_task(*, user_id: int, email: str, site_url: str) -> dict:
    sent = emails.email_verification_send(user_id=user_id, email=email, site_url=site_url)
    return {"sent": sent}
