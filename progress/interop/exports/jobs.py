"""Building a queued export (the background task's body) and cleaning up old ones.

``progress.tasks`` calls these; nothing here enqueues, so the task module and the use cases
(``services``) never import each other in a circle.
"""

import logging
import os
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import IO

from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext

from progress.interop.exports.access import export_learners
from progress.interop.exports.personal import export_tables
from progress.interop.exports.tables import write_csv_zip, write_json, write_xapi_lines
from progress.interop.models import ExportJob

logger = logging.getLogger(__name__)

EXPORT_DIR = "exports"
STALE_RUNNING = timedelta(hours=6)


def export_build(*, job: ExportJob, fh: IO[bytes]) -> int:
    """Write the export's file to ``fh``, re-checking the owner's access; returns records."""
    learners = export_learners(user=job.owner, kind=job.kind, filters=job.filters)
    if job.format == ExportJob.Format.XAPI:
        return write_xapi_lines(learners, fh)
    tables = export_tables(job=job, learners=learners)
    if job.format == ExportJob.Format.CSV:
        return write_csv_zip(tables, fh)
    meta = {"kind": job.kind, "filters": job.filters, "created_at": job.created_at}
    return write_json(tables, fh, meta=meta)


def _describe(exc: BaseException) -> str:
    if isinstance(exc, Http404):
        return gettext("You no longer have access to the data this export covers.")
    if isinstance(exc, OSError):
        return gettext("The export file could not be written (%(error)s).") % {
            "error": exc.strerror or exc
        }
    return f"{type(exc).__name__}: {exc}"[:1000]


def export_job_run(*, job_id: int) -> ExportJob | None:
    """Build one queued export (the background task's body). Idempotent: a job that is not
    queued (already built, running elsewhere, gone) is left alone."""
    with transaction.atomic():
        job = (
            ExportJob.objects.select_for_update(of=("self",))
            .select_related("owner")
            .filter(pk=job_id)
            .first()
        )
        if job is None or job.status != ExportJob.Status.QUEUED:
            return job
        job.status = ExportJob.Status.RUNNING
        job.started_at = timezone.now()
        job.tries += 1
        job.save(update_fields=["status", "started_at", "tries"])

    relative = f"{EXPORT_DIR}/{secrets.token_urlsafe(24)}.{job.extension}"
    final = Path(settings.MEDIA_ROOT) / relative
    partial = final.with_name(final.name + ".part")
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
        with open(partial, "xb") as fh:
            records = export_build(job=job, fh=fh)
        os.replace(partial, final)
    except Exception as exc:
        partial.unlink(missing_ok=True)
        logger.exception("Export %s failed", job_id)
        finished = timezone.now()
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportJob.Status.FAILED, error=_describe(exc), finished_at=finished
        )
        raise
    finished = timezone.now()
    ttl = timedelta(hours=settings.PATHWISE_EXPORT_TTL_HOURS)
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJob.Status.SUCCEEDED,
        records=records,
        size_bytes=final.stat().st_size,
        file_name=relative,
        finished_at=finished,
        expires_at=finished + ttl,
    )
    job.refresh_from_db()
    return job


@dataclass(frozen=True)
class PurgeResult:
    expired: int
    interrupted: int
    orphans: int


def exports_purge(*, now: datetime) -> PurgeResult:
    """Delete expired export files, fail jobs stuck running, remove orphaned files."""
    expired = 0
    for job in ExportJob.objects.filter(status=ExportJob.Status.SUCCEEDED, expires_at__lte=now):
        if job.path is not None:
            job.path.unlink(missing_ok=True)
        expired += ExportJob.objects.filter(pk=job.pk, status=ExportJob.Status.SUCCEEDED).update(
            status=ExportJob.Status.EXPIRED, file_name=""
        )
    interrupted = ExportJob.objects.filter(
        status=ExportJob.Status.RUNNING, started_at__lt=now - STALE_RUNNING
    ).update(
        status=ExportJob.Status.FAILED,
        error="The export was interrupted (the worker stopped). Retry it.",
        finished_at=now,
    )
    orphans = 0
    directory = Path(settings.MEDIA_ROOT) / EXPORT_DIR
    if directory.is_dir():
        known = set(ExportJob.objects.exclude(file_name="").values_list("file_name", flat=True))
        cutoff = (now - timedelta(hours=settings.PATHWISE_EXPORT_TTL_HOURS)).timestamp()
        for path in directory.iterdir():
            relative = f"{EXPORT_DIR}/{path.name}"
            if path.is_file() and relative not in known and path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
                orphans += 1
    return PurgeResult(expired=expired, interrupted=interrupted, orphans=orphans)
