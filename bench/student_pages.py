"""The student pages in-process: CPU per request of the dashboard, progress, question and
feedback pages for one bench learner, with production settings (DEBUG off).

    .venv/bin/python bench/student_pages.py                               # this tree
    .venv/bin/python bench/student_pages.py --compare /tmp/base --rounds 2   # A B A B

Needs the bench data (bench/seed_scale.py). Opens a concept session for ``--learner``,
answers one question (so a feedback page exists), then requests each page ``-n`` times
after one warm-up request and prints the mean CPU ms and the statements of one request.
Between two dashboard or progress requests the learner answers nothing, so cached parts
are hit (that is the common case: a student looks at the page more often than the state
changes); ``--answer-between`` answers once before every request to measure the miss.
``--compare PATH`` runs PATH's code (a git worktree of the other version) and this tree's
alternately, each on its own copy of the SQLite bench database, and prints the ratios.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = ("dashboard", "progress", "question", "feedback")


def measure(args) -> None:
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
    from django.conf import settings
    from django.core.management import call_command

    if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)  # hashed names
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
    # Long enough never to end during the run, short enough to draw as a session does (the
    # question page draws one dot per question).
    PracticeSession.objects.filter(pk=session.pk).update(target_questions=3 * args.n + 10)
    client = Client()
    client.force_login(learner)
    base = f"/practice/sessions/{session.pk}/"

    answering = {"base": base}

    def answer() -> str:
        """Answer one question; a new session when this one has served all of its concept's
        questions (a session serves each once)."""
        html = client.get(answering["base"], secure=True).content.decode()
        served = re.search(r'name="question" value="(\d+)"', html)
        if served is None:
            fresh = session_start(learner=learner, now=timezone.now(), concept=question.concept)
            answering["base"] = f"/practice/sessions/{fresh.pk}/"
            html = client.get(answering["base"], secure=True).content.decode()
            served = re.search(r'name="question" value="(\d+)"', html)
        choice = re.search(r'name="answer" value="(\d+)"', html)
        data = {"question": served[1], "answer": choice[1] if choice else "1"}
        posted = client.post(
            answering["base"] + "answer/", data | {"client_token": str(uuid.uuid4())}, secure=True
        )
        assert posted.status_code == 302, posted.status_code
        return posted["Location"]

    feedback = answer()
    client.get(base, secure=True)  # a question on screen: the question page is a refresh
    other = session_start(learner=learner, now=timezone.now(), concept=question.concept)
    answering["base"] = f"/practice/sessions/{other.pk}/"  # answers go there from now on
    urls = {"dashboard": "/practice/", "progress": "/progress/", "question": base}
    urls["feedback"] = feedback
    for name, url in urls.items():
        if args.answer_between and name in ("dashboard", "progress"):
            cpu = 0.0
            for _ in range(args.n):
                answer()
                start = time.process_time()
                assert client.get(url, secure=True).status_code == 200
                cpu += time.process_time() - start
        else:
            assert client.get(url, secure=True).status_code == 200  # warm
            start = time.process_time()
            for _ in range(args.n):
                assert client.get(url, secure=True).status_code == 200
            cpu = time.process_time() - start
        with CaptureQueriesContext(connection) as captured:
            client.get(url, secure=True)
        print(f"{name}: {1000 * cpu / args.n:.2f} ms CPU, {len(captured)} statements")


def compare(args) -> None:
    source = args.database_url or os.environ.get("DATABASE_URL") or ""
    path = source.removeprefix("sqlite:///") or str(ROOT / "bench/results/bench.sqlite3")
    versions = {"baseline": Path(args.compare).resolve(), "this tree": ROOT}
    cpu: dict[str, dict[str, list[float]]] = {v: {p: [] for p in PAGES} for v in versions}
    with tempfile.TemporaryDirectory(prefix="student-pages-") as tmp:
        copies = {}
        for name in versions:
            copies[name] = Path(tmp) / f"{name.replace(' ', '_')}.sqlite3"
            shutil.copyfile(path, copies[name])
        for round_no in range(1, args.rounds + 1):
            for name, root in versions.items():
                command = [sys.executable, __file__, "--root", str(root), "-n", str(args.n)]
                command += ["--database-url", f"sqlite:///{copies[name]}"]
                command += ["--learner", args.learner]
                if args.answer_between:
                    command.append("--answer-between")
                out = subprocess.run(command, capture_output=True, text=True, check=True, cwd=root)
                for line in out.stdout.splitlines():
                    page, ms = re.match(r"(\w+): ([\d.]+) ms CPU", line).groups()
                    cpu[name][page].append(float(ms))
                    print(f"round {round_no} {name:>9}: {line}")
    for page in PAGES:
        before, after = (sum(cpu[v][page]) / len(cpu[v][page]) for v in versions)
        print(f"{page:>9}: {before:.2f} -> {after:.2f} ms CPU, ratio {after / before:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--learner", default="learner0004")
    parser.add_argument("-n", type=int, default=30)
    parser.add_argument("--answer-between", action="store_true")
    parser.add_argument("--compare", default=None)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--root", default=None)
    args = parser.parse_args()
    compare(args) if args.compare else measure(args)


if __name__ == "__main__":
    main()
