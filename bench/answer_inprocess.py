"""The answer POST in-process: its statements, and its time per answer with no HTTP or load.

    .venv/bin/python bench/answer_inprocess.py                       # bench/results/bench.sqlite3
    .venv/bin/python bench/answer_inprocess.py --database-url 'postgres://postgres@%2Ftmp%2Fpgdev/pw_bench'
    .venv/bin/python bench/answer_inprocess.py --loop                # question, answer, feedback
    py-spy record -f raw -o answer.txt -- .venv/bin/python bench/answer_inprocess.py --answers 1500

Needs the bench data (bench/seed_scale.py). Opens a concept session for one bench learner
(``--learner``, default learner0004), posts a few warm-up answers through the Django test
client with production settings (DEBUG off), prints every statement of one answer with its
time, then the mean wall and CPU time per answer over ``--answers`` answers. Each answer
stores a new attempt in that database.
"""

import argparse
import os
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--learner", default="learner0004")
    parser.add_argument("--answers", type=int, default=300)
    parser.add_argument("--width", type=int, default=110, help="characters of SQL to print")
    parser.add_argument("--loop", action="store_true", help="question page, answer, feedback")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = args.database_url or os.environ.get(
        "DATABASE_URL", f"sqlite:///{ROOT / 'bench' / 'results' / 'bench.sqlite3'}"
    )
    os.environ["DJANGO_DEBUG"] = "false"
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-not-for-production-012345")
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
    os.environ["DJANGO_SECURE_SSL_REDIRECT"] = "false"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from accounts.models import User
    from learning.models import Question
    from progress.models import PracticeSession
    from progress.practice.sessions import session_start

    learner = User.objects.get(username=args.learner)
    question = Question.objects.published().filter(kind=Question.Kind.SINGLE).order_by("pk").first()
    session = session_start(learner=learner, now=timezone.now(), concept=question.concept)
    PracticeSession.objects.filter(pk=session.pk).update(target_questions=30_000)
    choice = question.choices.order_by("order", "pk").first()
    client = Client()
    client.force_login(learner)
    url = f"/practice/sessions/{session.pk}/answer/"

    def answer() -> None:
        data = {"question": question.pk, "answer": choice.pk, "confidence": 2}
        response = client.post(url, data | {"client_token": str(uuid.uuid4())}, secure=True)
        assert response.status_code == 302, (response.status_code, response.content[:300])

    if args.loop:
        practice_loop(client, session.pk, args.answers)
        return
    for _ in range(5):
        answer()
    with CaptureQueriesContext(connection) as captured:
        answer()
    for query in captured.captured_queries:
        print(f"{float(query['time']) * 1000:6.2f} ms  {query['sql'][: args.width]}")
    print(f"{len(captured.captured_queries)} statements ({connection.vendor})")

    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(args.answers):
        answer()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(
        f"{args.answers} answers: {1000 * wall / args.answers:.2f} ms wall, "
        f"{1000 * cpu / args.answers:.2f} ms CPU (this process) per answer"
    )


def practice_loop(client, session_pk: int, loops: int) -> None:
    import re

    page_url = f"/practice/sessions/{session_pk}/"
    totals = {"question page": 0.0, "answer POST": 0.0, "feedback page": 0.0}
    for i in range(loops + 5):  # five warm-up loops
        t0 = time.perf_counter()
        page = client.get(page_url, secure=True)
        t1 = time.perf_counter()
        html = page.content.decode()
        question = re.search(r'name="question" value="(\d+)"', html)[1]
        choice = re.search(r'name="answer" value="(\d+)"', html)
        data = {"question": question, "answer": choice[1] if choice else "1"}
        posted = client.post(
            page_url + "answer/", data | {"client_token": str(uuid.uuid4())}, secure=True
        )
        t2 = time.perf_counter()
        assert posted.status_code == 302, posted.status_code
        client.get(posted["Location"], secure=True)
        t3 = time.perf_counter()
        if i >= 5:
            totals["question page"] += t1 - t0
            totals["answer POST"] += t2 - t1
            totals["feedback page"] += t3 - t2
    for name, seconds in totals.items():
        print(f"{name}: {1000 * seconds / loops:.1f} ms (mean of {loops})")


if __name__ == "__main__":
    main()
