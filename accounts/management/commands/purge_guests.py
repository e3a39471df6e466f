from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts import services


class Command(BaseCommand):
    help = (
        "Delete guest learners not seen for N days (PATHWISE_GUEST_RETENTION_DAYS by default) "
        "with everything they practised. Run it daily (cron or a systemd timer)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"Inactivity in days (default {settings.PATHWISE_GUEST_RETENTION_DAYS}).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Count the guests that would go; delete none."
        )

    def handle(self, *args, days: int | None, dry_run: bool, **options) -> None:
        if days is not None and days < 1:
            raise CommandError("--days must be at least 1.")
        result = services.guests_purge(days=days, now=timezone.now(), dry_run=dry_run)
        if dry_run:
            self.stdout.write(f"Would delete {result.guests} inactive guest(s).")
        else:
            self.stdout.write(
                f"Deleted {result.guests} inactive guest(s) ({result.rows} row(s) in all)."
            )
