"""Grow the attempt table of a bench PostgreSQL database to millions of rows, fast.

    DATABASE_URL=postgres://... .venv/bin/python bench/scale_attempts.py --total 10000000

Run it on a database seeded by ``bench/seed_scale.py`` (40 measured students, 200 concepts,
100,000 attempts). It adds background learners (``scale0000001``...) and their attempts with
``INSERT ... SELECT generate_series`` in batches, copying the shape of a real attempt row
(response, question snapshot, feedback JSON) so rows are as wide as real ones. The measured
students and their derived tables are untouched, so ``bench/http_bench.sh`` before and after
compares the same pages with a 100x larger attempt table. Background learners get no
derived rows: what grows is what a district's database would grow, the append-only log.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--total", type=int, default=10_000_000, help="attempt rows wanted")
    parser.add_argument("--per-learner", type=int, default=1000)
    parser.add_argument("--batch", type=int, default=1_000_000)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to the PostgreSQL bench database.")
    os.environ.setdefault("DJANGO_DEBUG", "true")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM progress_attempt")
        existing = cur.fetchone()[0]
        missing = args.total - existing
        if missing <= 0:
            print(f"Already {existing:,} attempts; nothing to add.")
            return
        learners = -(-missing // args.per_learner)
        started = time.perf_counter()
        cur.execute(
            """
            INSERT INTO accounts_user (password, is_superuser, username, first_name, last_name,
                email, verified_email, is_staff, is_active, date_joined, role, is_guest)
            SELECT '!', false, 'scale' || lpad(n::text, 7, '0'), '', '', '', '', false, true,
                   now(), 'student', false
            FROM generate_series(1, %s) AS n
            ON CONFLICT (username) DO NOTHING
            """,
            [learners],
        )
        cur.execute(
            "SELECT array_agg(id ORDER BY id) FROM accounts_user WHERE username LIKE 'scale%%'"
        )
        learner_ids = cur.fetchone()[0]
        cur.execute(
            "SELECT array_agg(q.id ORDER BY q.id), array_agg(q.concept_id ORDER BY q.id) "
            "FROM learning_question q WHERE q.status = 'published'"
        )
        question_ids, concept_ids = cur.fetchone()
        cur.execute(
            "SELECT response, response_text, question_snapshot, feedback FROM progress_attempt "
            "ORDER BY id LIMIT 1"
        )
        template = cur.fetchone()
        elapsed = time.perf_counter() - started
        print(f"{len(learner_ids):,} background learners ready ({elapsed:.1f} s)")

        done = 0
        while done < missing:
            n = min(args.batch, missing - done)
            t = time.perf_counter()
            cur.execute(
                """
                INSERT INTO progress_attempt (learner_id, question_id, concept_id, session_id,
                    client_token, response, response_text, score, is_correct,
                    time_taken_seconds, hints_used, confidence, question_snapshot, feedback,
                    mastery_before, mastery_decayed, mastery_after, gap_steps, elapsed_days,
                    evidence, response_locale, created_at, local_date)
                SELECT (%(learners)s::bigint[])[1 + (g %% %(nl)s)],
                       (%(questions)s::bigint[])[1 + ((g * 7919) %% %(nq)s)],
                       (%(concepts)s::bigint[])[1 + ((g * 7919) %% %(nq)s)],
                       NULL, gen_random_uuid(), %(response)s::jsonb, %(text)s,
                       ((g %% 4) > 0)::int, (g %% 4) > 0, 20 + (g %% 40), 0, NULL,
                       %(snapshot)s::jsonb, %(feedback)s::jsonb,
                       0.5, 0.5, 0.6, 0, 1.0, 1.0, '',
                       now() - ((g %% 525600) || ' minutes')::interval,
                       (now() - ((g %% 525600) || ' minutes')::interval)::date
                FROM generate_series(%(start)s::bigint, %(stop)s::bigint) AS g
                """,
                {
                    "learners": learner_ids,
                    "nl": len(learner_ids),
                    "questions": question_ids,
                    "concepts": concept_ids,
                    "nq": len(question_ids),
                    "response": template[0] if isinstance(template[0], str) else _json(template[0]),
                    "text": template[1],
                    "snapshot": template[2] if isinstance(template[2], str) else _json(template[2]),
                    "feedback": template[3] if isinstance(template[3], str) else _json(template[3]),
                    "start": existing + done + 1,
                    "stop": existing + done + n,
                },
            )
            done += n
            print(
                f"  +{n:,} attempts in {time.perf_counter() - t:.1f} s ({existing + done:,} total)"
            )
        t = time.perf_counter()
        cur.execute("ANALYZE")
        cur.execute("SELECT pg_size_pretty(pg_total_relation_size('progress_attempt'))")
        size = cur.fetchone()[0]
        print(
            f"ANALYZE {time.perf_counter() - t:.1f} s; attempt table {size}; "
            f"{time.perf_counter() - started:.0f} s in all"
        )


def _json(value) -> str:
    import json

    return json.dumps(value)


if __name__ == "__main__":
    main()
