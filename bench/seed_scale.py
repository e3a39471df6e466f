"""Seed a benchmark database: a class of 40 students, 200 concepts, 100,000 attempts.

Usage::

    python bench/seed_scale.py [--database-url URL] [--fresh] [--learners 40]
                               [--attempts-per-learner 2500] [--concepts 200] [--seed 42]
    python bench/seed_scale.py http-fixtures [--database-url URL] [--sessions 8]

``seed`` (the default) migrates the database (a SQLite file under ``bench/results/``
unless ``--database-url`` or ``DATABASE_URL`` says otherwise), runs ``seed_demo`` for the
demo curriculum, people and class, tops the curriculum up to ``--concepts`` concepts with
bench-only subjects, topics, concepts and three questions each (through
``learning.services``, so they pass the author's checks), then runs ``seed_demo --learners
N --attempts-per-learner M``. Safe to re-run: nothing is added twice. Prints JSON timings.

``http-fixtures`` opens one long concept-practice session for each of the first
``--sessions`` bulk learners (target questions raised so it never ends during a run) and
prints JSON with what ``bench/http_bench.sh`` needs: the class id and, per learner, the
session id, a single-choice question of the session's concept and a choice to answer.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
sys.path.insert(0, str(ROOT))

CONCEPTS_PER_TOPIC = 10
TOPICS_PER_SUBJECT = 10
BENCH_SECRET_KEY = "bench-only-secret-key-not-for-production-0123456789"  # noqa: S105


def _setup(database_url: str | None) -> None:
    """Production-like settings (DEBUG off: no query log growing in memory)."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    url = database_url or os.environ.get("DATABASE_URL") or f"sqlite:///{RESULTS / 'bench.sqlite3'}"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_DEBUG", "false")
    os.environ.setdefault("DJANGO_SECRET_KEY", BENCH_SECRET_KEY)
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def _question_specs(n: int, k: int) -> list[dict]:
    """Three questions of different kinds for bench concept ``n`` (kinds rotate)."""
    a, b = 3 + n % 17, 4 + k
    kinds = [
        {
            "kind": "single",
            "prompt": f"What is {a} + {b}?",
            "choices": [
                (str(a + b), True, ""),
                (str(a + b + 1), False, "Count again."),
                (str(a * b), False, "That is the product."),
                (str(abs(a - b)), False, "That is the difference."),
            ],
        },
        {"kind": "numeric", "prompt": f"What is {a} × {b}?", "answer": Decimal(a * b)},
        {
            "kind": "true_false",
            "prompt": f"{a} is greater than {b}.",
            "choices": [("True", a > b, ""), ("False", a <= b, "")],
        },
        {
            "kind": "multiple",
            "prompt": f"Which of these are multiples of {a}?",
            "choices": [
                (str(a * 2), True, ""),
                (str(a * 3), True, ""),
                (str(a * 2 + 1), False, "Not a multiple."),
                (str(a * 3 + 1), False, "Not a multiple."),
            ],
        },
        {
            "kind": "short_text",
            "prompt": f"Write the word for the number {k % 3 + 1}.",
            "choices": [
                (["one", "two", "three"][k % 3], True, ""),
                ("zero", False, "Count again."),
            ],
        },
    ]
    return [kinds[(n + i) % len(kinds)] for i in range(3)]


def bench_curriculum(*, concepts: int) -> int:
    """Top the curriculum up to ``concepts`` concepts with published questions; returns how
    many bench concepts were created."""
    from django.db import transaction

    from learning.models import Concept, Question, Subject, Topic
    from learning.services import concept_prerequisite_add, question_create

    have = Concept.objects.filter(questions__status=Question.Status.PUBLISHED).distinct().count()
    missing = max(0, concepts - have)
    created = 0
    with transaction.atomic():
        for n in range(missing):
            t, c = divmod(n, CONCEPTS_PER_TOPIC)
            s = t // TOPICS_PER_SUBJECT
            subject, _ = Subject.objects.get_or_create(
                slug=f"bench-subject-{s + 1}",
                defaults={"name": f"Bench subject {s + 1}", "order": 100 + s},
            )
            topic, _ = Topic.objects.get_or_create(
                slug=f"bench-topic-{t + 1}",
                defaults={
                    "subject": subject,
                    "name": f"Bench topic {t + 1}",
                    "exam_weightage": 10,
                    "estimated_hours": Decimal("2.0"),
                    "order": t % TOPICS_PER_SUBJECT + 1,
                },
            )
            concept, is_new = Concept.objects.get_or_create(
                slug=f"bench-concept-{n + 1}",
                defaults={
                    "topic": topic,
                    "name": f"Bench concept {n + 1}",
                    "explanation": "A generated concept for benchmarks.",
                    "order": c + 1,
                },
            )
            if not is_new:
                continue
            created += 1
            for k, spec in enumerate(_question_specs(n, 0), start=1):
                question_create(
                    concept=concept,
                    kind=spec["kind"],
                    prompt=spec["prompt"],
                    choices=spec.get("choices", ()),
                    title=f"Bench {n + 1}.{k}",
                    explanation="Generated.",
                    hint_1="Take it one step at a time.",
                    difficulty=1 + (n + k) % 5,
                    status=Question.Status.PUBLISHED,
                    numeric_answer=spec.get("answer"),
                    tolerance=Decimal(0),
                    order=k,
                )
            if c:  # each concept builds on the one before it in its topic
                previous = Concept.objects.get(slug=f"bench-concept-{n}")
                concept_prerequisite_add(concept=concept, prerequisite=previous)
    return created


def seed(args: argparse.Namespace) -> dict:
    from django.core.management import call_command
    from django.db import connection

    from progress.models import Attempt

    if args.fresh and connection.vendor == "sqlite":
        connection.close()
        name = Path(connection.settings_dict["NAME"])
        for suffix in ("", "-wal", "-shm"):
            Path(f"{name}{suffix}").unlink(missing_ok=True)
    timings: dict[str, float] = {}
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    timings["migrate_s"] = time.perf_counter() - started

    started = time.perf_counter()
    call_command("seed_demo", "--seed", str(args.seed), stdout=open(os.devnull, "w"))  # noqa: SIM115
    timings["bench_concepts_created"] = bench_curriculum(concepts=args.concepts)
    timings["curriculum_s"] = time.perf_counter() - started

    started = time.perf_counter()
    call_command(
        "seed_demo",
        "--seed",
        str(args.seed),
        "--learners",
        str(args.learners),
        "--attempts-per-learner",
        str(args.attempts_per_learner),
        stdout=sys.stderr,
    )
    timings["attempts_s"] = time.perf_counter() - started
    timings["attempts_total"] = Attempt.objects.count()
    timings["database"] = connection.vendor
    return {k: round(v, 2) if isinstance(v, float) else v for k, v in timings.items()}


def http_fixtures(args: argparse.Namespace) -> dict:
    from django.core.management import call_command
    from django.utils import timezone

    from accounts.models import Classroom
    from learning.models import Question
    from progress.models import PracticeSession
    from progress.practice.sessions import session_start

    call_command("migrate", verbosity=0)  # the code may have moved on since seeding
    classroom = Classroom.objects.filter(name="Year 7 Maths").order_by("pk").first()
    learners = list(
        classroom.students.filter(username__startswith="learner").order_by("username")[
            : args.sessions
        ]
    )
    questions = list(
        Question.objects.published()
        .filter(kind=Question.Kind.SINGLE)
        .select_related("concept")
        .order_by("concept__slug", "pk")
    )
    out = {"classroom": classroom.pk, "learners": []}
    for i, learner in enumerate(learners):
        question = questions[i % len(questions)]
        session = session_start(learner=learner, now=timezone.now(), concept=question.concept)
        PracticeSession.objects.filter(pk=session.pk).update(target_questions=30000)
        choice = question.choices.order_by("order", "pk").first()
        out["learners"].append(
            {
                "username": learner.username,
                "session": session.pk,
                "question": question.pk,
                "choice": choice.pk,
            }
        )
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("action", nargs="?", default="seed", choices=["seed", "http-fixtures"])
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--fresh", action="store_true", help="Delete the SQLite file first.")
    parser.add_argument("--learners", type=int, default=40)
    parser.add_argument("--attempts-per-learner", type=int, default=2500)
    parser.add_argument("--concepts", type=int, default=200)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--sessions", type=int, default=8)
    args = parser.parse_args(argv)
    _setup(args.database_url)
    result = seed(args) if args.action == "seed" else http_fixtures(args)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
