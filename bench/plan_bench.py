"""Benchmark the study planner (pure): a 500-concept curriculum, printed as JSON.

    .venv/bin/python bench/plan_bench.py [--concepts 500] [--repeat 5]

The curriculum: 50 topics of 10 concepts; each concept needs the one before it in its
topic, every topic needs the previous topic (so topic edges fan out to 100 concept edges
each), a third of the concepts are mastered with an FSRS card, weekends off. Two
scenarios: "tight" (exam in 60 days, 45 minutes a day: most is left out) and "roomy"
(180 days, 240 minutes a day: everything fits). Reported: the median and worst wall time
of ``planner.plan_build`` over ``--repeat`` runs, and the plan's size.
"""

import argparse
import json
import random
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from progress.mastery import review
from progress.plans import planner
from progress.plans.types import ConceptInput, PlanInput


def curriculum(n: int, *, days: int = 60, minutes_per_day: int = 45, seed: int = 7) -> PlanInput:
    rng = random.Random(seed)
    now = datetime(2025, 3, 3, 10, 0, tzinfo=UTC)
    per_topic = 10
    concepts, edges, topic_edges = [], [], []
    for i in range(n):
        topic = i // per_topic
        mastered = rng.random() < 1 / 3
        card = None
        if mastered:
            when = now - timedelta(days=rng.randint(1, 40))
            card = review.review_record(
                card=None, effective_score=1.0, confidence=None, now=when
            ).card
        concepts.append(
            ConceptInput(
                id=i,
                name=f"Concept {i}",
                topic_id=topic,
                weight=rng.randint(0, 20) / per_topic,
                learn_minutes=rng.choice([20, 30, 45, 60]),
                p_known=0.97 if mastered else rng.choice([None, 0.2, 0.5]),
                mastered=mastered,
                card=card,
            )
        )
        if i % per_topic:
            edges.append((i, i - 1))
    for t in range(1, n // per_topic):
        topic_edges.append((t, t - 1))
    return PlanInput(
        concepts=concepts,
        exam_date=date(2025, 3, 3) + timedelta(days=days),
        minutes_per_day=minutes_per_day,
        now=now,
        timezone="Europe/London",
        concept_edges=edges,
        topic_edges=topic_edges,
        rest_weekdays=frozenset({5, 6}),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concepts", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    results = []
    # "tight": most content cannot fit (the prioritisation path); "roomy": everything fits
    # (the scheduling and review-simulation path).
    for label, days, per_day in (("tight", 60, 45), ("roomy", 180, 240)):
        data = curriculum(args.concepts, days=days, minutes_per_day=per_day)
        timings, plan = [], None
        for _ in range(args.repeat):
            start = time.perf_counter()
            plan = planner.plan_build(data)
            timings.append(time.perf_counter() - start)
        results.append(
            {
                "scenario": label,
                "concepts": args.concepts,
                "exam_in_days": days,
                "minutes_per_day": per_day,
                "repeat": args.repeat,
                "median_seconds": round(statistics.median(timings), 4),
                "max_seconds": round(max(timings), 4),
                "items": len(plan.items),
                "left_out": len(plan.left_out),
                "readiness": round(plan.readiness, 3),
            }
        )
    print(
        json.dumps({"benchmark": "plan_build", "python": sys.version.split()[0], "runs": results})
    )


if __name__ == "__main__":
    main()
