"""``manage.py import_questions FILE``: a GIFT, Moodle XML or Pathwise JSON bank into a concept.

    manage.py import_questions bank.gift --concept fractions-basics
    manage.py import_questions bank.xml --create-categories --subject maths [--concept SLUG]
    manage.py import_questions bank.json --concept fractions-basics --publish --dry-run

Questions are created as drafts unless ``--publish`` is given. ``--dry-run`` reports what
would happen and writes nothing. Exits with an error, having written nothing, on a
malformed file (the message names the line).
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from learning.importing import FORMAT_NAMES, ImportReport, questions_import
from learning.models import Concept, Subject


class Command(BaseCommand):
    help = "Import questions from a GIFT, Moodle XML or Pathwise JSON file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--concept", metavar="SLUG", help="Concept to import into.")
        parser.add_argument(
            "--create-categories",
            action="store_true",
            help="Turn the file's categories into topics/concepts under --subject.",
        )
        parser.add_argument("--subject", metavar="SLUG", help="Subject for --create-categories.")
        parser.add_argument(
            "--format", choices=sorted(FORMAT_NAMES), help="Default: from the file name."
        )
        parser.add_argument(
            "--publish", action="store_true", help="Publish the questions (default: drafts)."
        )
        parser.add_argument("--dry-run", action="store_true", help="Report only; write nothing.")

    def handle(self, *args, **options) -> None:
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from None
        concept = _get(Concept, options["concept"], "concept")
        subject = _get(Subject, options["subject"], "subject")
        try:
            report = questions_import(
                data=data,
                filename=path.name,
                fmt=options["format"],
                concept=concept,
                subject=subject,
                create_categories=options["create_categories"],
                publish=options["publish"],
                dry_run=options["dry_run"],
            )
        except ValidationError as error:
            raise CommandError("\n".join(error.messages)) from None
        self._print(report)

    def _print(self, report: ImportReport) -> None:
        for item in report.imported:
            label = item.title or item.prompt[:60]
            self.stdout.write(f"  + {item.source_ref}: {item.kind} “{label}” → {item.concept}")
        for name in report.created_topics:
            self.stdout.write(f"  new topic: {name}")
        for name in report.created_concepts:
            self.stdout.write(f"  new concept: {name}")
        for skipped in report.skipped:
            self.stdout.write(
                self.style.WARNING(
                    f"  skipped {skipped.source_ref} ({skipped.qtype}"
                    f"{', ' + repr(skipped.title) if skipped.title else ''}): {skipped.reason}"
                )
            )
        for warning in report.warnings:
            self.stdout.write(self.style.WARNING(f"  warning: {warning}"))
        self.stdout.write(self.style.SUCCESS(report.summary()))


def _get(model, slug: str | None, label: str):
    if not slug:
        return None
    try:
        return model.objects.get(slug=slug)
    except model.DoesNotExist:
        raise CommandError(f"No {label} has the slug {slug!r}.") from None
