"""``manage.py fit_mastery``: fit each concept's mastery parameters from the attempts."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from learning.models import Concept
from progress.mastery import fitting
from progress.mastery.em import MIN_FIT_RESPONSES, MIN_FIT_STUDENTS

PARAM_NAMES = ("prior", "learn", "slip", "guess", "forget")


class Command(BaseCommand):
    help = (
        "Fit each concept's mastery parameters (prior, learn, slip, guess, forget) by EM "
        "from the recorded attempts. Concepts with too little data keep their parameters."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Fit and print the table; write nothing."
        )
        parser.add_argument("--concept", metavar="SLUG", help="Fit only this concept.")
        parser.add_argument(
            "--min-responses",
            type=int,
            default=MIN_FIT_RESPONSES,
            metavar="N",
            help=(
                "Fit only concepts with at least N responses "
                f"(default {MIN_FIT_RESPONSES}; at least "
                f"{MIN_FIT_STUDENTS} learners are always needed)."
            ),
        )

    def handle(
        self, *args, dry_run: bool, concept: str | None, min_responses: int, **options
    ) -> None:
        target = None
        if concept is not None:
            target = Concept.objects.select_related("topic__subject").filter(slug=concept).first()
            if target is None:
                raise CommandError(f"No concept with the slug {concept!r}.")
        try:
            report = fitting.mastery_parameters_fit(
                now=timezone.now(), min_responses=min_responses, dry_run=dry_run, concept=target
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self._print_table(report)

    def _print_table(self, report: fitting.FitReport) -> None:
        width = max([len("concept"), *(len(c.concept.slug) for c in report.concepts)])
        header = f"{'concept':<{width}}  {'responses':>9}  {'learners':>8}  " + "  ".join(
            f"{name:>6}" for name in PARAM_NAMES
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for line in report.concepts:
            start = f"{line.concept.slug:<{width}}  {line.responses:>9}  {line.learners:>8}  "
            if line.params is not None:
                values = "  ".join(f"{getattr(line.params, n):>6.3f}" for n in PARAM_NAMES)
            else:
                kept = "kept current" if line.had_row else "kept defaults"
                values = f"{kept} (too little data)"
            self.stdout.write(start + values)
        verb = "Would write" if report.dry_run else "Wrote"
        self.stdout.write(
            f"{verb} parameters for {len(report.fitted)} concept(s) from {report.attempts} "
            f"attempt(s) ({report.iterations} EM iteration(s)); {len(report.kept)} kept "
            f"(fewer than {report.min_responses} responses or {report.min_learners} learners)."
        )
        if report.dry_run:
            self.stdout.write(self.style.WARNING("Dry run: nothing was written."))
