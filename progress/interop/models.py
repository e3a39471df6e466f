"""Export jobs: one requested download of learner data, built by a background task."""

from pathlib import Path

from django.conf import settings
from django.db import models
from django.urls import reverse


class ExportJob(models.Model):
    class Kind(models.TextChoices):
        MY_DATA = "my_data", "My data"
        CLASS = "class", "Class"
        EVERYTHING = "everything", "Everything"

    class Format(models.TextChoices):
        JSON = "json", "JSON"
        CSV = "csv", "CSV (zip of tables)"
        XAPI = "xapi", "xAPI statements (JSON lines)"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Ready"
        FAILED = "failed", "Failed"
        EXPIRED = "expired", "Expired"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="export_jobs"
    )
    kind = models.CharField(max_length=16, choices=Kind)
    format = models.CharField(max_length=8, choices=Format)
    filters = models.JSONField(default=dict, blank=True, help_text="e.g. {'classroom': 3}")
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
