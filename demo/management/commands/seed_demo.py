"""``manage.py seed_demo``: demo curriculum, logins, a class and histories (``demo.seeder``)."""

import os

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from demo import content
from demo.seeder import Seeder

LOGINS = """\
Demo logins (password: {password})
  student  -> {base}/ (a student with an exam in 30 days)
  teacher  -> {base}/accounts/classes/ (My classes: the class dashboard; authoring at /admin/)
  admin    -> {base}/admin/"""


def site_base() -> str:
    """Where ``make run`` serves (its HOST and PORT), so the hint matches the real address."""
    return f"http://{os.environ.get('HOST') or '127.0.0.1'}:{os.environ.get('PORT') or '8000'}"


class Command(BaseCommand):
    help = (
        "Create a demo curriculum (Mathematics, Science), demo logins and a class. "
        "Deterministic for a given --seed and safe to run again: nothing is duplicated."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--seed", type=int, default=42, help="Seed for the random choices (default 42)."
        )
        parser.add_argument(
            "--learners",
            type=int,
            default=0,
            help="Also add N bulk students learner0001..learnerN to the demo class.",
        )
        parser.add_argument(
            "--attempts-per-learner",
            type=int,
            default=0,
            metavar="M",
            help=(
                "Give each bulk learner who has no attempts yet M simulated answers over the "
                "last 60 days (default 0)."
            ),
        )

    def handle(self, *args, seed: int, learners: int, attempts_per_learner: int, **options) -> None:
        if learners < 0:
            raise CommandError("--learners must be zero or more.")
        if attempts_per_learner < 0:
            raise CommandError("--attempts-per-learner must be zero or more.")
        seeder = Seeder(seed=seed, today=timezone.localdate())
        with transaction.atomic():
            seeder.run(learners=learners, attempts_per_learner=attempts_per_learner, seed=seed)
        self.stdout.write(LOGINS.format(password=content.DEMO_PASSWORD, base=site_base()))
        self.stdout.write(seeder.summary())
