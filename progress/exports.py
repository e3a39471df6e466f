"""Data exports: who may export what, the table builders, and the export-job use cases.

Three kinds of export, checked with the same rules as the pages:

- ``my_data``: any signed-in user, their own profile, attempts, mastery, metrics, daily
  activity and (when the achievements app provides them) badges and points;
- ``class``: a teacher, one class they teach (``classroom_get_for_user``): the class's
  attempts and mastery;
- ``everything``: superusers, every learner's attempts and mastery.

Formats: JSON (one object of tables), CSV (a zip with one CSV per table) and xAPI
(JSON lines, one statement per attempt; see ``progress.xapi``). Files are written by a
background task (``progress.tasks.export_job_run_task``) under ``MEDIA_ROOT/exports`` with
an unguessable name, served only to their owner, and deleted after
``PATHWISE_EXPORT_TTL_HOURS`` by ``purge_exports``. Builders stream rows with
``.iterator()``, so memory does not grow with the size of the export.
"""

import csv
import io
import json
import logging
import os
import secrets
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import IO, Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import StudentProfile, User
from accounts.selectors import classroom_get_for_user
from progress import xapi
from progress.models import Attempt, ConceptMastery, DailyActivity, LearnerStats, ProgressMetric
from progress.models_exports import ExportJob

logger = logging.getLogger(__name__)

EXPORT_DIR = "exports"
MAX_PENDING_PER_USER = 3
STALE_RUNNING = timedelta(hours=6)
CHUNK = 2000
# Spreadsheet programs run cells starting with these as formulas (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


# Permissions -------------------------------------------------------------------------------


def kinds_for_user(*, user: User) -> list[str]:
    kinds = [ExportJob.Kind.MY_DATA]
    if user.is_teacher or user.is_superuser:
        kinds.append(ExportJob.Kind.CLASS)
    if user.is_superuser:
        kinds.append(ExportJob.Kind.EVERYTHING)
    return kinds


def export_learners(*, user: User, kind: str, filters: dict) -> QuerySet[User]:
    """The learners an export of ``kind`` by ``user`` covers; Http404 when not allowed."""
    if kind not in kinds_for_user(user=user):
        raise Http404("No such export.")
    if kind == ExportJob.Kind.MY_DATA:
        return User.objects.filter(pk=user.pk)
    if kind == ExportJob.Kind.CLASS:
        classroom_id = filters.get("classroom")
        if not isinstance(classroom_id, int):
            raise Http404("No such class.")
        classroom = classroom_get_for_user(user=user, pk=classroom_id)
        return User.objects.filter(classrooms=classroom)
    return User.objects.all()


def export_get_for_user(*, user: User, pk: int) -> ExportJob:
    """The user's own export job; 404 for anyone else's (admins included)."""
    return get_object_or_404(ExportJob, pk=pk, owner=user)


def exports_for_user(*, user: User, limit: int = 50) -> QuerySet[ExportJob]:
    return ExportJob.objects.filter(owner=user).order_by("-created_at", "-pk")[:limit]


# Tables ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[str, ...]
    rows: Callable[[], Iterable[tuple]]  # called once, when the table is written


def _badge_tables(learner_ids: QuerySet) -> list[Table]:
    """Badges and points, if the achievements app provides them (it is optional here)."""
    try:
        learner_badge = apps.get_model("achievements", "LearnerBadge")
        points_entry = apps.get_model("achievements", "PointsEntry")
    except LookupError:
        return []
    return [
        Table(
            "badges",
            ("badge", "earned_at", "times_earned", "progress_current", "progress_target"),
            lambda: (
                learner_badge.objects.filter(learner_id__in=learner_ids)
                .order_by("earned_at", "pk")
                .values_list(
                    "badge__name",
                    "earned_at",
                    "times_earned",
                    "progress_current",
                    "progress_target",
                )
                .iterator(chunk_size=CHUNK)
            ),
        ),
        Table(
            "points",
            ("amount", "reason", "created_at"),
            lambda: (
                points_entry.objects.filter(learner_id__in=learner_ids)
                .order_by("created_at", "pk")
                .values_list("amount", "reason", "created_at")
                .iterator(chunk_size=CHUNK)
            ),
        ),
    ]


ATTEMPT_COLUMNS = (
    "attempt_id",
    "learner_id",
    "username",
    "answered_at",
    "local_date",
    "concept",
    "question_id",
    "question_kind",
    "question_prompt",
    "response",
    "score",
    "is_correct",
    "time_taken_seconds",
    "hints_used",
    "confidence",
    "session_id",
    "mastery_before",
    "mastery_after",
    "client_token",
)


def _attempt_rows(learners: QuerySet[User]) -> Iterator[tuple]:
    rows = (
        Attempt.objects.filter(learner__in=learners)
        .order_by("learner_id", "created_at", "pk")
        .values_list(
            "pk",
            "learner_id",
            "learner__username",
            "created_at",
            "local_date",
            "concept__slug",
            "question_id",
            "question_snapshot",
            "response_text",
            "score",
            "is_correct",
            "time_taken_seconds",
            "hints_used",
            "confidence",
            "session_id",
            "mastery_before",
            "mastery_after",
            "client_token",
        )
        .iterator(chunk_size=CHUNK)
    )
    for row in rows:
        snapshot = row[7] or {}
        yield (*row[:7], snapshot.get("kind", ""), snapshot.get("prompt", ""), *row[8:])


MASTERY_COLUMNS = (
    "learner_id",
    "username",
    "concept",
    "concept_name",
    "p_known",
    "status",
    "attempts",
    "correct",
    "mastered_at",
    "last_attempt_at",
    "review_due_at",
)


def _mastery_rows(learners: QuerySet[User]) -> Iterator[tuple]:
    return (
        ConceptMastery.objects.filter(learner__in=learners)
        .order_by("learner_id", "concept_id")
        .values_list(
            "learner_id",
            "learner__username",
            "concept__slug",
            "concept__name",
            "p_known",
            "status",
            "attempts",
            "correct",
            "mastered_at",
            "last_attempt_at",
            "review_due_at",
        )
        .iterator(chunk_size=CHUNK)
    )


def _learner_tables(user: User) -> list[Table]:
    """Everything Pathwise holds about one learner."""
    me = User.objects.filter(pk=user.pk)

    def profile_rows() -> list[tuple]:
        profile = StudentProfile.objects.filter(user=user).first()
        classes = ", ".join(user.classrooms.order_by("name").values_list("name", flat=True))
        return [
            (
                user.username,
                user.first_name,
                user.last_name,
                user.email,
                user.role,
                user.date_joined,
                profile.grade if profile else "",
                profile.goal if profile else "",
                profile.exam_date if profile else None,
                profile.minutes_per_day if profile else None,
                profile.timezone if profile else "",
                classes,
            )
        ]

    stats_fields = (
        "total_attempts",
        "correct_attempts",
        "seconds_total",
        "hints_total",
        "sessions_started",
        "sessions_completed",
        "current_streak",
        "longest_streak",
        "total_points",
        "concepts_mastered",
        "last_activity_at",
    )
    return [
        Table(
            "profile",
            (
                "username",
                "first_name",
                "last_name",
                "email",
                "role",
                "date_joined",
                "grade",
                "goal",
                "exam_date",
                "minutes_per_day",
                "timezone",
                "classes",
            ),
            profile_rows,
        ),
        Table(
            "stats",
            stats_fields,
            lambda: LearnerStats.objects.filter(learner=user).values_list(*stats_fields),
        ),
        Table("attempts", ATTEMPT_COLUMNS, lambda: _attempt_rows(me)),
        Table("mastery", MASTERY_COLUMNS, lambda: _mastery_rows(me)),
        Table(
            "metrics",
            ("dimension", "key", "metric", "value", "updated_at"),
            lambda: (
                ProgressMetric.objects.filter(learner=user)
                .order_by("dimension", "key", "metric")
                .values_list("dimension", "key", "metric", "value", "updated_at")
            ),
        ),
        Table(
            "daily_activity",
            ("date", "attempts", "correct", "seconds"),
            lambda: (
                DailyActivity.objects.filter(learner=user)
                .order_by("date")
                .values_list("date", "attempts", "correct", "seconds")
                .iterator(chunk_size=CHUNK)
            ),
        ),
        *_badge_tables(me.values("pk")),
    ]


def export_tables(*, job: ExportJob, learners: QuerySet[User]) -> list[Table]:
    if job.kind == ExportJob.Kind.MY_DATA:
        return _learner_tables(job.owner)
    return [
        Table("attempts", ATTEMPT_COLUMNS, lambda: _attempt_rows(learners)),
        Table("mastery", MASTERY_COLUMNS, lambda: _mastery_rows(learners)),
    ]


# Writers -----------------------------------------------------------------------------------


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value  # shown as text, never run as a formula
    return value


def write_csv_zip(tables: list[Table], fh: IO[bytes]) -> int:
    """A zip with one UTF-8 CSV per table; returns the number of rows written."""
    records = 0
    with zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for table in tables:
            with (
                archive.open(f"{table.name}.csv", "w", force_zip64=True) as raw,
                io.TextIOWrapper(raw, encoding="utf-8", newline="") as text,
            ):
                writer = csv.writer(text)
                writer.writerow(table.columns)
                for row in table.rows():
                    writer.writerow([_csv_cell(v) for v in row])
                    records += 1
    return records


def write_json(tables: list[Table], fh: IO[bytes], *, meta: dict) -> int:
    """One JSON object: ``meta`` plus a list of row objects per table (streamed)."""
    records = 0

    def dump(value: Any) -> bytes:
        return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False).encode()

    fh.write(b'{"export": ' + dump(meta))
    for table in tables:
        fh.write(b", " + dump(table.name) + b": [")
        for i, row in enumerate(table.rows()):
            fh.write((b", " if i else b"") + dump(dict(zip(table.columns, row, strict=True))))
            records += 1
        fh.write(b"]")
    fh.write(b"}\n")
    return records


def attempt_facts(attempt: Attempt) -> xapi.AttemptFacts:
    return xapi.AttemptFacts(
        learner_id=attempt.learner_id,
        client_token=attempt.client_token,
        question_id=attempt.question_id,
        snapshot=attempt.question_snapshot or {},
        concept_slug=attempt.concept.slug,
        concept_name=attempt.concept.name,
        response=attempt.response or {},
        response_text=attempt.response_text,
        score=attempt.score,
        is_correct=attempt.is_correct,
        time_taken_seconds=attempt.time_taken_seconds,
        hints_used=attempt.hints_used,
        created_at=attempt.created_at,
    )


def statements_queryset(*, learners: QuerySet[User]) -> QuerySet[Attempt]:
    """Attempts shaped for xAPI statements, oldest first (1 query, concept joined)."""
    return (
        Attempt.objects.filter(learner__in=learners)
        .select_related("concept")
        .only(
            "learner_id",
            "client_token",
            "question_id",
            "question_snapshot",
            "concept__slug",
            "concept__name",
            "response",
            "response_text",
            "score",
            "is_correct",
            "time_taken_seconds",
            "hints_used",
            "created_at",
        )
        .order_by("created_at", "pk")
    )


def statements_for(attempts: Iterable[Attempt]) -> list[dict]:
    base = settings.PATHWISE_LRS_ID_BASE
    return [xapi.attempt_statement(attempt_facts(a), id_base=base) for a in attempts]


def write_xapi_lines(learners: QuerySet[User], fh: IO[bytes]) -> int:
    records = 0
    base = settings.PATHWISE_LRS_ID_BASE
    for attempt in statements_queryset(learners=learners).iterator(chunk_size=CHUNK):
        statement = xapi.attempt_statement(attempt_facts(attempt), id_base=base)
        fh.write(json.dumps(statement, ensure_ascii=False).encode() + b"\n")
        records += 1
    return records


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


# Use cases ---------------------------------------------------------------------------------


def _enqueue(job: ExportJob) -> None:
    from progress.tasks import export_job_run_task  # tasks import this module

    job_id = job.pk
    transaction.on_commit(lambda: export_job_run_task.enqueue(job_id=job_id))


@transaction.atomic
def export_request(*, user: User, kind: str, fmt: str, filters: dict, now: datetime) -> ExportJob:
    """Record an export job and build it in the background once the request commits."""
    if fmt not in ExportJob.Format.values:
        raise ValidationError("Choose JSON, CSV or xAPI.", code="format")
    export_learners(user=user, kind=kind, filters=filters)  # Http404 when not allowed
    User.objects.select_for_update().filter(pk=user.pk).first()  # one request at a time
    pending = ExportJob.objects.filter(
        owner=user, status__in=[ExportJob.Status.QUEUED, ExportJob.Status.RUNNING]
    ).count()
    if pending >= MAX_PENDING_PER_USER:
        raise ValidationError(
            "You already have %(n)s exports in progress. Wait for one to finish.",
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
        raise ValidationError("Only a failed export can be retried.", code="not_failed")
    job.refresh_from_db()
    _enqueue(job)
    return job


def _describe(exc: BaseException) -> str:
    if isinstance(exc, Http404):
        return "You no longer have access to the data this export covers."
    if isinstance(exc, OSError):
        return f"The export file could not be written ({exc.strerror or exc})."
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
