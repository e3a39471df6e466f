"""``manage.py export_questions``: a concept's, topic's or subject's questions to a bank file.

    manage.py export_questions --concept fractions-basics --format gift -o fractions.gift
    manage.py export_questions --subject maths --format xml > maths.xml
    manage.py export_questions --topic algebra --format json

A topic includes its sub-topics. Categories in the file are the topic path and concept
name, so ``import_questions --create-categories`` rebuilds the same structure.
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from learning.exporting import WRITERS, questions_export_report, questions_for_export
from learning.models import Concept, Subject, Topic


class Command(BaseCommand):
    help = "Export questions to GIFT, Moodle XML or Pathwise JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        scope = parser.add_mutually_exclusive_group(required=True)
        scope.add_argument("--concept", metavar="SLUG")
        scope.add_argument("--topic", metavar="SLUG")
        scope.add_argument("--subject", metavar="SLUG")
        parser.add_argument("--format", choices=sorted(WRITERS), required=True)
        parser.add_argument("-o", "--output", type=Path, help="File to write (default: stdout).")

    def handle(self, *args, **options) -> None:
        scope = {}
        for name, model in (("concept", Concept), ("topic", Topic), ("subject", Subject)):
            if slug := options[name]:
                try:
                    scope[name] = model.objects.get(slug=slug)
                except model.DoesNotExist:
                    raise CommandError(f"No {name} has the slug {slug!r}.") from None
        queryset = questions_for_export(**scope)
        try:
            report = questions_export_report(queryset=queryset, fmt=options["format"])
        except ValidationError as error:
            raise CommandError("\n".join(error.messages)) from None
        for note in report.notes:  # what the format cannot say, question by question
            self.stderr.write(self.style.WARNING(f"Note: {note}"))
        text, count = report.text, report.count
        if options["output"] is None:
            self.stdout.write(text, ending="")
            return
        options["output"].write_text(text, encoding="utf-8")
        self.stderr.write(
            self.style.SUCCESS(
                f"Wrote {count} question{'s' * (count != 1)} to {options['output']}."
            )
        )
