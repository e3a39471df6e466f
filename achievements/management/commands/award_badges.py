"""``manage.py award_badges [--badge SLUG] [--dry-run]``: backfill badges.

Awards a new or changed badge to everyone who already qualifies, with points, exactly once;
running it again awards nothing.
"""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from achievements import services
from achievements.models import Badge


class Command(BaseCommand):
    help = "Award active badges to every learner who already qualifies (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--badge", action="append", metavar="SLUG", help="Only this badge (repeatable)."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Report who would earn what; write nothing."
        )

    def handle(self, *args, badge: list[str] | None, dry_run: bool, **options) -> None:
        badges = Badge.objects.filter(active=True).order_by("display_order", "name")
        if badge:
            badges = Badge.objects.filter(slug__in=badge)
            missing = set(badge) - set(badges.values_list("slug", flat=True))
            if missing:
                raise CommandError(f"No badge with slug {', '.join(sorted(missing))}.")
            inactive = badges.filter(active=False)
            if inactive.exists():
                names = ", ".join(b.slug for b in inactive)
                raise CommandError(f"Inactive badges are not awarded: {names}.")
        results = services.badges_backfill(badges=list(badges), dry_run=dry_run)
        verb = "would earn" if dry_run else "earned"
        for result in results:
            self.stdout.write(
                f"{result.badge.slug}: {result.learners} learner(s) {verb} it "
                f"({result.awards} award(s))."
            )
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")
