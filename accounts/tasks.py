"""Background tasks (``django.tasks``) for accounts: thin wrappers over one service each.

Enqueue ``guests_purge_task`` daily (cron, a systemd timer, or the worker's scheduler) to
remove guests inactive for PATHWISE_GUEST_RETENTION_DAYS.
"""

from django.tasks import task
from django.utils import timezone

from accounts import services


@task()
def guests_purge_task(*, days: int | None = None) -> dict:
    result = services.guests_purge(days=days, now=timezone.now())
    return {"guests": result.guests, "rows": result.rows}
