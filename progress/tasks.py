"""Background tasks (``django.tasks``): thin wrappers that call one use case each.

Arguments are JSON-serialisable ids so the database backend (django-tasks-db) can queue
them; the Immediate backend used in development and tests runs them inline.
"""

from datetime import datetime

from django.tasks import task
from django.utils import timezone

from core import clock
from progress.assignments.notices import assignment_notices_send
from progress.interop.exports.jobs import export_job_run, exports_purge
from progress.interop.lrs.relay import relay_run


@task()
def export_job_run_task(*, job_id: int) -> dict:
    job = export_job_run(job_id=job_id)
    return {"job": job_id, "status": job.status if job else "missing"}


@task()
def exports_purge_task() -> dict:
    result = exports_purge(now=timezone.now())
    return {"expired": result.expired, "interrupted": result.interrupted, "orphans": result.orphans}


@task()
def assignment_notices_task() -> dict:
    """New-assignment notices and day-before reminders; each is sent once however often
    this runs (enqueue it every few minutes from cron as well: ``manage.py
    assignment_notices``)."""
    result = assignment_notices_send(now=clock.now())
    return {"new": result.new, "reminders": result.reminders, "emails": result.emails}


@task()
def lrs_send_task(*, scheduled_for: str | None = None) -> dict:
    """Send due xAPI statements to the LRS, then schedule the next run (the task chain:
    ``progress.interop.lrs.relay``)."""
    when = datetime.fromisoformat(scheduled_for) if scheduled_for else None
    report = relay_run(now=timezone.now(), scheduled_for=when)
    return {
        "sent": report.sent,
        "rejected": report.rejected,
        "failed": report.failed,
        "skipped": report.skipped,
    }
