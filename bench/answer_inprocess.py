"""The answer POST in-process: its statements, and its time per answer with no HTTP or load.

    .venv/bin/python bench/answer_inprocess.py                       # bench/results/bench.sqlite3
    .venv/bin/python bench/answer_inprocess.py --database-url 'postgres://postgres@%2Ftmp%2Fpgdev/pw_bench'
    .venv/bin/python bench/answer_inprocess.py --loop                # question, answer, feedback
    py-spy record -f raw -o answer.txt -- .venv/bin/python bench/answer_inprocess.py --answers 1500

    .venv/bin/python bench/answer_inprocess.py --compare /tmp/base --rounds 3   # A B A B ...

``--compare PATH`` measures two code versions in the same minute: PATH is a git worktree of
the other version (``git worktree add --detach /tmp/base integration``). The SQLite bench
database is copied once per version, then each round runs this script in a subprocess
against PATH's code and its copy, then against this tree's code and its copy, alternately;
it prints each run, the mean CPU ms per answer of each version and their ratio. Both copies
start from the same data, so both versions answer the same history.

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
    parser.add_argument("--compare", default=None, help="a worktree of the other version")
    parser.add_argument("--rounds", type=int, default=2, help="with --compare: A B rounds")
    parser.add_argument("--root", default=None, help="the code to import (default: this tree)")
    parser.add_argument("--quiet", action="store_true", help="no statement listing")
    args = parser.parse_args()
    if args.compare:
        compare(args)
        return

    sys.path.insert(0, str(Path(args.root).resolve() if args.root else ROOT))
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
    if not args.quiet:
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


def compare(args) -> None:
    """Run the other version (``--compare``) and this one alternately, each on its own copy
    of the SQLite bench database, and print CPU ms per answer of each and the ratio."""
    import re
    import shutil
    import subprocess
    import tempfile

    source = args.database_url or os.environ.get("DATABASE_URL") or ""
    path = (
        source.removeprefix("sqlite:///") if source else str(ROOT / "bench/results/bench.sqlite3")
    )
    if source and not source.startswith("sqlite:///"):
        sys.exit("--compare copies a SQLite database: pass a sqlite:/// URL (or none)")
    versions = {"baseline": Path(args.compare).resolve(), "this tree": ROOT}
    cpu: dict[str, list[float]] = {name: [] for name in versions}
    with tempfile.TemporaryDirectory(prefix="answer-bench-") as tmp:
        copies = {}
        for name in versions:
            copies[name] = Path(tmp) / f"{name.replace(' ', '_')}.sqlite3"
            shutil.copyfile(path, copies[name])
        for round_no in range(1, args.rounds + 1):
            for name, root in versions.items():
                command = [
                    sys.executable,
                    str(Path(__file__).resolve()),
                    "--root",
                    str(root),
                    "--database-url",
                    f"sqlite:///{copies[name]}",
                    "--learner",
                    args.learner,
                    "--answers",
                    str(args.answers),
                    "--width",
                    str(args.width),
                ]
                if round_no > 1:  # the statements are listed once per version
                    command.append("--quiet")
                out = subprocess.run(command, capture_output=True, text=True, check=True, cwd=root)
                statements = re.search(r"(\d+) statements", out.stdout)[1]
                ms = float(re.search(r"([\d.]+) ms CPU", out.stdout)[1])
                cpu[name].append(ms)
                if round_no == 1:
                    print(f"--- {name} ({root}): one answer, {statements} statements")
                    print(out.stdout.rsplit("\n", 2)[0])
                print(
                    f"round {round_no} {name:>9}: {ms:.2f} ms CPU/answer, {statements} statements"
                )
    means = {name: sum(v) / len(v) for name, v in cpu.items()}
    for name, mean in means.items():
        print(f"{name:>9}: {mean:.2f} ms CPU per answer (mean of {args.rounds} x {args.answers})")
    print(f"ratio this tree / baseline: {means['this tree'] / means['baseline']:.2f}")


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
