"""Simulated learners through the real answer path: prints one JSON object, a field per
scenario, each with its expectation, whether it passed and what was observed.

    .venv/bin/python bench/mastery_scenarios.py                  # a throwaway SQLite database
    .venv/bin/python bench/mastery_scenarios.py --database-url 'postgres://postgres@%2Fwork%2Fpg/pw_x'
    .venv/bin/python bench/mastery_scenarios.py --population 1000

The scenarios are ``demo.scenarios`` (the same ones ``tests/progress/mastery/test_scenarios.py``
asserts): a random guesser, a learner repeating revealed answers, a learner who knows the
concept, one who is wrong five times then right, a mastered concept left alone for days, a
single right first answer. Without ``--database-url`` they run in a fresh SQLite file in a
temporary directory (migrated, then deleted). ``--population N`` adds, outside the database,
how often N seeded random guessers would be mastered within 60 answers through the same
pure ledger (``progress.mastery.ledger``), since one seeded run shows one outcome.
Exits 1 if any scenario fails.
"""

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--population", type=int, default=0, metavar="N")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory(prefix="pathwise-scenarios-") as tmp:
        os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{Path(tmp) / 'db.sqlite3'}"
        os.environ["DJANGO_DEBUG"] = "true"
        os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
        import django

        django.setup()
        from django.core.management import call_command

        from demo.scenarios import guesser_population, run_all

        call_command("migrate", verbosity=0)
        report: dict[str, object] = run_all()
        if args.population:
            report["guesser_population"] = guesser_population(args.population)
        report["all_passed"] = all(
            v["passed"] for k, v in report.items() if isinstance(v, dict) and "passed" in v
        )
        json.dump(report, sys.stdout, indent=2, default=str)
        sys.stdout.write("\n")
    return 0 if report["all_passed"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
