"""Export jobs: one requested download of learner data, built by a background task."""

from pathlib import Path

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ExportJob(models.Model):
    class Kind(models.TextChoices):
        MY_DATA = "my_data", _("My data")
        CLASS = "class", _("Class")
        EVERYTHING = "everything", _("Everything")

    class Format(models.TextChoices):
        JSON = "json", "JSON"
        CSV = "csv", _("CSV (zip of tables)")
        XAPI = "xapi", _("xAPI statements (JSON lines)")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Ready")
        FAILED = "failed", _("Failed")
        EXPIRED = "expired", _("Expired")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="export_jobs"
    )
    kind = models.CharField(max_length=16, choices=Kind)
    format = models.CharField(max_length=8, choices=Format)
    filters = models.JSONField(default=dict, blank=True, help_text=_("e.g. {'classroom': 3}"))
    status = models.CharField(max_length=16, choices=Status, default=Status.QUEUED)
    records = models.PositiveIntegerField(default=0)
    size_bytes = models.PositiveBigIntegerField(default=0)
    tries = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    # Relative to MEDIA_ROOT ("exports/<unguessable>.<ext>"); empty until built and after purge.
    file_name = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["owner", "-created_at"], name="exportjob_owner_created"),
            models.Index(fields=["status", "expires_at"], name="exportjob_status_expiry"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} export {self.pk} ({self.format}) of {self.owner}"

    def get_absolute_url(self) -> str:
        return reverse("exports:download", args=[self.pk])

    @property
    def is_downloadable(self) -> bool:
        return self.status == self.Status.SUCCEEDED and bool(self.file_name)

    @property
    def can_retry(self) -> bool:
        return self.status == self.Status.FAILED

    @property
    def path(self) -> Path | None:
        return Path(settings.MEDIA_ROOT) / self.file_name if self.file_name else None

    @property
    def extension(self) -> str:
        return {"json": "json", "csv": "zip", "xapi": "jsonl"}[self.format]

    @property
    def download_name(self) -> str:
        stamp = self.created_at.strftime("%Y%m%d-%H%M")
        return f"pathwise-{self.kind.replace('_', '-')}-{stamp}.{self.extension}"


class LrsStatement(models.Model):
    """One xAPI statement for the configured LRS: the outbox (``progress.interop.lrs``).

    Written in the same transaction as what it records (an answer, a completed session, a
    badge), so a statement exists exactly when its event committed. The relay sends pending
    rows in batches and marks them sent; the statement id is stable (a UUIDv5 of the event),
    so sending one again after a lost reply is harmless: the LRS keeps one copy.
    """

    class Kind(models.TextChoices):
        ANSWERED = "answered", _("Answer")
        COMPLETED = "completed", _("Session completed")
        EARNED = "earned", _("Badge earned")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        REJECTED = "rejected", _("Refused by the LRS")

    statement_id = models.UUIDField(unique=True)
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lrs_statements"
    )
    kind = models.CharField(max_length=16, choices=Kind)
    statement = models.JSONField()
    status = models.CharField(max_length=16, choices=Status, default=Status.PENDING)
    created_at = models.DateTimeField()
    # When the relay may (next) take it: created_at at first, later a lease or the back-off.
    next_attempt_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    tries = models.PositiveIntegerField(default=0)
    strikes = models.PositiveSmallIntegerField(
        default=0, help_text=_("Times the LRS failed (5xx) on this statement while taking others.")
    )
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("LRS statement")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(
                fields=["next_attempt_at", "id"],
                condition=models.Q(status="pending"),
                name="lrs_statement_due",
            ),
            models.Index(fields=["status", "sent_at"], name="lrs_statement_status"),
            models.Index(fields=["learner", "created_at"], name="lrs_statement_learner"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.statement_id} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("admin:progress_lrsstatement_change", args=[self.pk])


class LrsRelay(models.Model):
    """The forwarding relay's state: one row (pk 1), written only by the relay.

    ``wake_at`` is when the next scheduled send runs (the task chain; None: none pending);
    ``paused_until`` the back-off after the LRS failed; the rest is what the admin page shows.
    """

    SINGLETON = 1

    wake_at = models.DateTimeField(null=True, blank=True)
    paused_until = models.DateTimeField(null=True, blank=True)
    failures = models.PositiveIntegerField(
        default=0, help_text=_("Consecutive sends that failed (the back-off grows with it).")
    )
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    sent_total = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("LRS relay")

    def __str__(self) -> str:
        return "LRS relay"

    def get_absolute_url(self) -> str:
        return reverse("admin:progress_lrsstatement_changelist")
