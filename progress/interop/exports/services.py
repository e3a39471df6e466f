"""Export use cases: request one (built in the background once the request commits), retry."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from progress.interop.exports.access import export_learners
from progress.interop.models import ExportJob
from progress.tasks import export_job_run_task

MAX_PENDING_PER_USER = 3


def _enqueue(job: ExportJob) -> None:
    job_id = job.pk
    transaction.on_commit(lambda: export_job_run_task.enqueue(job_id=job_id))


@transaction.atomic
def export_request(*, user: User, kind: str, fmt: str, filters: dict, now: datetime) -> ExportJob:
    """Record an export job and build it in the background once the request commits."""
    if fmt not in ExportJob.Format.values:
        raise ValidationError(_("Choose JSON, CSV or xAPI."), code="format")
    export_learners(user=user, kind=kind, filters=filters)  # Http404 when not allowed
    User.objects.select_for_update().filter(pk=user.pk).first()  # one request at a time
    pending = ExportJob.objects.filter(
        owner=user, status__in=[ExportJob.Status.QUEUED, ExportJob.Status.RUNNING]
    ).count()
    if pending >= MAX_PENDING_PER_USER:
        raise ValidationError(
            _("You already have %(n)s exports in progress. Wait for one to finish."),
            params={"n": pending},
            code="busy",
        )
    job = ExportJob.objects.create(
        owner=user, kind=kind, format=fmt, filters=filters, created_at=now
    )
    _enqueue(job)
    return job


@transaction.atomic
def export_retry(*, job: ExportJob, now: datetime) -> ExportJob:
    """Queue a failed export again (other statuses: nothing to retry)."""
    updated = ExportJob.objects.filter(pk=job.pk, status=ExportJob.Status.FAILED).update(
        status=ExportJob.Status.QUEUED, error="", started_at=None, finished_at=None
    )
    if not updated:
        raise ValidationError(_("Only a failed export can be retried."), code="not_failed")
    job.refresh_from_db()
    _enqueue(job)
    return job
