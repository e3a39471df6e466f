from django.core.management.base import BaseCommand

from progress.tasks import assignment_notices_task


class Command(BaseCommand):
    help = (
        "Queue the assignment notice task for the tasks worker: a notice to each student "
        "when an assignment opens, and a reminder the day before it is due (each sent "
        "once, however often this runs). Run it every 15 minutes (cron or a systemd timer); "
        "with the immediate tasks backend it runs here and then."
    )

    def handle(self, *args, **options) -> None:
        result = assignment_notices_task.enqueue()
        if result.is_finished:
            value = result.return_value
            self.stdout.write(
                f"Sent {value['new']} new-assignment notice(s), {value['reminders']} "
                f"reminder(s) and {value['emails']} e-mail(s)."
            )
        else:
            self.stdout.write(f"Queued assignment notices (task {result.id}).")
