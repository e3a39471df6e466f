"""Simulated students practising against two Pathwise servers, then consistency checks.

Run through bench/load/run.sh (it seeds the database and starts the servers). Three phases,
all on the same servers in the same run:

1. floor    - C clients fetch /healthz back to back (no database, no template); then
   write floor - C logged-in students POST /bench/write-floor back to back (session and
              user reads, CSRF, one single-row write: bench/load/reference.py), the least
              any logged-in write can cost on these servers;
2. capacity - C students log in and POST answers back to back: each reads its question page
              once, then answers it again and again, each time with a fresh client_token
              (a new attempt, exactly as the form would send), so the phase measures the
              answer POST alone, as the floor measures /healthz alone;
3. mix      - N students practise with thinking time: fetch the question, think, answer
              (mostly right), now and then resubmit the same page (same client_token) or
              open the dashboard. Requests alternate between the servers, so a student's
              session must be shared (it lives in the database).

Then, through the ORM on the same database: zero 5xx; the attempts written during the run
are exactly the distinct client tokens whose POST succeeded (resubmits not counted twice);
recompute_progress finds no drift for the students; no badge was awarded twice and every
badge's points entries agree with times_earned. Exit status 1 when a check fails.
"""

import argparse
import json
import os
import random
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from clients import Browser, Stats, Student  # noqa: E402 - bench/load/clients.py, beside this script


def run_floor(servers, clients: int, seconds: float) -> dict:
    stats = Stats()
    deadline = time.monotonic() + seconds

    def client():
        browser = Browser(servers, stats)
        while time.monotonic() < deadline:
            browser.request("healthz", "GET", "/healthz")
        browser.close()

    with ThreadPoolExecutor(clients) as pool:
        for _ in range(clients):
            pool.submit(client)
    return stats.summary("healthz", seconds) | {"clients": clients}


def run_students(
    servers,
    students,
    seconds: float,
    think,
    stats: Stats,
    *,
    back_to_back: bool = False,
    action: str | None = None,
) -> None:
    """Log everyone in first (password hashing is slow by design), then practise for a while."""
    with ThreadPoolExecutor(len(students)) as pool:
        list(pool.map(Student.log_in, students))
    deadline = time.monotonic() + seconds

    def practise(student: Student, seed: int):
        rng = random.Random(seed)
        try:
            while time.monotonic() < deadline:
                if action is not None:
                    getattr(student, action)(rng=rng)
                elif back_to_back:
                    student.answer_back_to_back(rng=rng)
                else:
                    student.answer_one(think=think, rng=rng)
        finally:
            student.browser.close()

    with ThreadPoolExecutor(len(students)) as pool:
        futures = [pool.submit(practise, s, i) for i, s in enumerate(students)]
        for future in futures:
            future.result()


# ----------------------------------------------------------------------------- database side


def answer_key_and_slugs() -> tuple[dict, list[str]]:
    from learning.models import Concept, Question

    key = {}
    for question in Question.objects.filter(status=Question.Status.PUBLISHED).prefetch_related(
        "choices"
    ):
        spec = question.to_spec()
        right = [c.id for c in spec.choices if c.is_correct]
        wrong = [c.id for c in spec.choices if not c.is_correct]
        if question.kind == "single" or question.kind == "true_false":
            right = right[:1]
        text = ""
        if question.kind == "numeric":
            text = str(spec.numeric_answer)
        elif question.kind == "short_text":
            text = next((c.text for c in spec.choices if c.is_correct), "")
        key[str(question.pk)] = {
            "kind": question.kind,
            "right": right,
            "wrong": wrong,
            "right_text": text,
        }
    slugs = list(
        Concept.objects.filter(questions__status=Question.Status.PUBLISHED)
        .distinct()
        .values_list("slug", flat=True)
    )
    return key, slugs


def checks(started_at: datetime, usernames: list[str], answered: set[str]) -> dict:
    from django.db.models import Count, Sum

    from accounts.models import User
    from achievements.models import LearnerBadge, PointsEntry
    from progress.metrics.recompute import recompute_progress
    from progress.models import Attempt, LearnerStats

    learners = list(User.objects.filter(username__in=usernames).values_list("pk", flat=True))
    stored = set(
        str(t)
        for t in Attempt.objects.filter(
            learner_id__in=learners, created_at__gte=started_at
        ).values_list("client_token", flat=True)
    )
    differences = recompute_progress(learner_ids=learners, write=False)
    doubled = (
        LearnerBadge.objects.values("learner", "badge")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )
    # Every award wrote points of badge.points x times awarded, in one or more ledger rows.
    points_mismatch = []
    ledger = {
        (row["learner"], row["badge"]): row["total"]
        for row in PointsEntry.objects.filter(learner_id__in=learners, badge__isnull=False)
        .values("learner", "badge")
        .annotate(total=Sum("amount"))
    }
    for lb in LearnerBadge.objects.filter(learner_id__in=learners).select_related("badge"):
        if ledger.get((lb.learner_id, lb.badge_id), 0) != lb.badge.points * lb.times_earned:
            points_mismatch.append((lb.learner_id, lb.badge.slug, lb.times_earned))
    stats_vs_ledger = [
        stats.learner_id
        for stats in LearnerStats.objects.filter(learner_id__in=learners)
        if stats.total_points
        != (
            PointsEntry.objects.filter(learner_id=stats.learner_id).aggregate(t=Sum("amount"))["t"]
            or 0
        )
    ]
    awarded = LearnerBadge.objects.filter(learner_id__in=learners).aggregate(
        badges=Count("pk"), times=Sum("times_earned")
    )
    return {
        "attempts_stored": len(stored),
        "tokens_answered_2xx_3xx": len(answered),
        "attempts_match_tokens": stored == answered,
        "recompute_differences": len(differences),
        "recompute_sample": [str(d) for d in differences[:5]],
        "badges_awarded": awarded["badges"],
        "badge_awards_total": awarded["times"] or 0,
        "badges_awarded_twice": doubled,
        "badge_points_mismatches": points_mismatch[:5],
        "total_points_vs_ledger_mismatches": len(stats_vs_ledger),
    }


# ----------------------------------------------------------------------------- main


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--servers", default="127.0.0.1:8101,127.0.0.1:8102")
    parser.add_argument("--learners", type=int, default=40, help="students in the mix phase")
    parser.add_argument("--concurrency", type=int, default=8, help="clients in floor/capacity")
    parser.add_argument("--duration", type=float, default=60, help="seconds of the mix phase")
    parser.add_argument("--phase-seconds", type=float, default=15, help="floor and capacity")
    parser.add_argument("--think", default="0.05,0.4", help="think time range, seconds")
    parser.add_argument("--password", required=True)
    parser.add_argument("--output", type=Path)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connections

    servers = [(h, int(p)) for h, p in (s.split(":") for s in args.servers.split(","))]
    key, slugs = answer_key_and_slugs()
    connections.close_all()
    started_at = datetime.now(UTC)
    usernames = [f"learner{i:04d}" for i in range(1, max(args.learners, args.concurrency) + 1)]

    def students(count: int, stats: Stats) -> list[Student]:
        return [
            Student(name, args.password, Browser(servers, stats), key, slugs)
            for name in usernames[:count]
        ]

    floor = run_floor(servers, args.concurrency, args.phase_seconds)
    print(f"floor     {json.dumps(floor)}", flush=True)

    write_stats = Stats()
    run_students(
        servers,
        students(args.concurrency, write_stats),
        args.phase_seconds,
        None,
        write_stats,
        action="write_floor",
    )
    write_floor = write_stats.summary("write floor", args.phase_seconds)
    print(f"write     {json.dumps(write_floor)}", flush=True)

    capacity_stats = Stats()
    run_students(
        servers,
        students(args.concurrency, capacity_stats),
        args.phase_seconds,
        None,
        capacity_stats,
        back_to_back=True,
    )
    capacity = capacity_stats.summary("answer POST", args.phase_seconds)
    print(f"capacity  {json.dumps(capacity)}", flush=True)

    mix_stats = Stats()
    think = tuple(float(x) for x in args.think.split(","))
    run_students(servers, students(args.learners, mix_stats), args.duration, think, mix_stats)
    mix = {
        label: mix_stats.summary(label, args.duration)
        for label in (
            "answer POST",
            "resubmit POST",
            "question",
            "feedback",
            "dashboard",
            "login",
            "start",
        )
    }
    for label, summary in mix.items():
        print(f"mix       {label:14} {json.dumps(summary)}", flush=True)

    answered = capacity_stats.answered | mix_stats.answered
    result = checks(started_at, usernames, answered)
    all_statuses = [write_stats.statuses, capacity_stats.statuses, mix_stats.statuses]
    server_errors = sum(
        n
        for statuses in all_statuses
        for by in statuses.values()
        for s, n in by.items()
        if s >= 500
    ) + sum(n for s, n in floor["statuses"].items() if s >= 500)
    result |= {
        "server_errors_5xx": server_errors,
        "resubmits": mix_stats.resubmits,
        "resubmits_with_a_different_answer": mix_stats.resubmit_mismatches,
        "answer_vs_floor_throughput": round(capacity["per_second"] / floor["per_second"], 3),
        "answer_vs_floor_p50": round(capacity["p50_ms"] / floor["p50_ms"], 1),
        "answer_vs_floor_p99": round(capacity["p99_ms"] / floor["p99_ms"], 1),
        "write_floor_vs_floor_throughput": round(
            write_floor["per_second"] / floor["per_second"], 3
        ),
        "answer_vs_write_floor_throughput": round(
            capacity["per_second"] / write_floor["per_second"], 3
        ),
    }
    print(f"checks    {json.dumps(result)}", flush=True)
    passed = (
        server_errors == 0
        and result["attempts_match_tokens"]
        and result["recompute_differences"] == 0
        and result["badges_awarded_twice"] == 0
        and not result["badge_points_mismatches"]
        and result["total_points_vs_ledger_mismatches"] == 0
        and mix_stats.resubmit_mismatches == 0
    )
    if args.output:
        args.output.write_text(
            json.dumps(
                {
                    "floor": floor,
                    "write_floor": write_floor,
                    "capacity": capacity,
                    "mix": mix,
                    "checks": result,
                    "passed": passed,
                },
                indent=2,
            )
        )
    print("PASSED" if passed else "FAILED: see checks above")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
