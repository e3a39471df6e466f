from django.core.management.base import BaseCommand

from progress.metrics.recompute import recompute_progress


class Command(BaseCommand):
    help = (
        "Rebuild every derived progress table (mastery, stats, daily activity, metrics, "
        "snapshots) and each attempt's recorded mastery step from the attempt log, and report "
        "any difference from the stored values. After a change to the mastery rules, --fix "
        "re-derives existing rows under the new rules."
    )

    def add_arguments(self, parser):
        parser.add_argument("--learner", type=int, action="append", help="Learner id (repeatable).")
        parser.add_argument(
            "--fix", action="store_true", help="Write the recomputed values where they differ."
        )

    def handle(self, *args, learner=None, fix=False, **options):
        differences = recompute_progress(learner_ids=learner, write=fix)
        for difference in differences:
            self.stdout.write(str(difference))
        if differences:
            verb = "fixed" if fix else "found (run with --fix to rewrite them)"
            self.stdout.write(self.style.WARNING(f"{len(differences)} difference(s) {verb}."))
        else:
            self.stdout.write(
                self.style.SUCCESS("No drift: stored progress matches the attempt log.")
            )
