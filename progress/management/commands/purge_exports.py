from django.core.management.base import BaseCommand
from django.utils import timezone

from progress.interop.exports.jobs import exports_purge


class Command(BaseCommand):
    help = (
        "Delete export files older than PATHWISE_EXPORT_TTL_HOURS, mark exports stuck "
        "running as failed (so they can be retried) and remove orphaned export files. "
        "Run it hourly (cron or a systemd timer)."
    )

    def handle(self, *args, **options) -> None:
        result = exports_purge(now=timezone.now())
        self.stdout.write(
            f"Expired {result.expired} export(s), marked {result.interrupted} interrupted "
            f"export(s) failed, removed {result.orphans} orphaned file(s)."
        )
