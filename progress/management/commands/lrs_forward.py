"""Send queued xAPI statements to the LRS now, or start the worker's sending chain.

manage.py lrs_forward              # send what is due, in batches, and report
manage.py lrs_forward --schedule   # make sure the tasks worker is sending (idempotent:
                                   # scripts/serve runs it; cron it as a watchdog)
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from progress.interop.lrs.outbox import lrs_enabled
from progress.interop.lrs.relay import outbox_send, relay_schedule


class Command(BaseCommand):
    help = "Send queued xAPI statements to the configured LRS (or schedule the worker to)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Schedule the tasks worker's sending chain instead of sending here.",
        )
        parser.add_argument(
            "--max-batches", type=int, default=None, help="Stop after this many batches."
        )

    def handle(self, *args, schedule: bool, max_batches: int | None, **options) -> None:
        if not lrs_enabled():
            self.stdout.write("LRS forwarding is off (DJANGO_LRS_ENDPOINT is not set).")
            return
        now = timezone.now()
        if schedule:
            if relay_schedule(at=now, now=now):
                self.stdout.write("Scheduled: the tasks worker sends the backlog now.")
            else:
                self.stdout.write("Already scheduled (or the tasks backend cannot defer).")
            return
        if max_batches is not None and max_batches < 1:
            raise CommandError("--max-batches must be at least 1.")
        report = outbox_send(now=now, max_batches=max_batches)
        if report.skipped == "paused":
            self.stdout.write(f"Paused after a failure until {report.paused_until:%H:%M:%S}.")
            return
        self.stdout.write(
            f"Sent {report.sent} statement(s) in {report.batches} batch(es); "
            f"{report.rejected} refused."
        )
        if report.failed:
            raise CommandError(f"The LRS failed: {report.error}")
