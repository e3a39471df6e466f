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
import http.client
import json
import os
import random
import re
import statistics
import sys
import threading
import time
import uuid
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
QUESTION_RE = re.compile(r'name="question" value="(\d+)"')
TOKEN_RE = re.compile(r'name="client_token" value="([0-9a-f-]{36})"')


# ----------------------------------------------------------------------------- HTTP client


class Browser:
    """One student's browser: keep-alive connections to each server, cookies, timings."""

    def __init__(self, servers: list[tuple[str, int]], stats: "Stats"):
        self.connections = [http.client.HTTPConnection(h, p, timeout=30) for h, p in servers]
        self.turn = random.randrange(len(servers))
        self.cookies: dict[str, str] = {}
        self.stats = stats

    def request(self, label: str, method: str, path: str, form: dict | None = None):
        self.turn = (self.turn + 1) % len(self.connections)  # alternate servers
        connection = self.connections[self.turn]
        headers = {"Host": "127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{connection.port}{path}"
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
        started = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException):
            connection.close()
            self.stats.record(label, 599, time.perf_counter() - started)
            return 599, {}, b""
        self.stats.record(label, response.status, time.perf_counter() - started)
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, response.headers, content

    def close(self):
        for connection in self.connections:
            connection.close()


@dataclass
class Stats:
    lock: threading.Lock = field(default_factory=threading.Lock)
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: dict[str, dict[int, int]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(int))
    )
    answered: set[str] = field(default_factory=set)  # tokens whose POST succeeded
    resubmits: int = 0
    resubmit_mismatches: int = 0

    def record(self, label: str, status: int, seconds: float) -> None:
        with self.lock:
            self.latencies[label].append(seconds)
            self.statuses[label][status] += 1

    def summary(self, label: str, duration: float) -> dict:
        values = sorted(self.latencies.get(label, []))
        if not values:
            return {"requests": 0}
        pick = lambda q: values[min(len(values) - 1, int(q * len(values)))]  # noqa: E731
        return {
            "requests": len(values),
            "per_second": round(len(values) / duration, 1),
            "p50_ms": round(1000 * statistics.median(values), 1),
            "p99_ms": round(1000 * pick(0.99), 1),
            "max_ms": round(1000 * values[-1], 1),
            "statuses": dict(sorted(self.statuses[label].items())),
        }


# ----------------------------------------------------------------------------- students


@dataclass
class Student:
    username: str
    password: str
    browser: Browser
    key: dict
    slugs: list[str]
    session_path: str = ""
    _form: dict | None = None  # back-to-back answering: the form read from the page

    def csrf_from(self, content: bytes) -> str:
        match = CSRF_RE.search(content.decode())
        return match[1] if match else self.browser.cookies.get("csrftoken", "")

    def log_in(self) -> None:
        status, _, page = self.browser.request("login", "GET", "/accounts/login/")
        form = {"username": self.username, "password": self.password}
        form["csrfmiddlewaretoken"] = self.csrf_from(page)
        status, _, _ = self.browser.request("login", "POST", "/accounts/login/", form)
        if status != 302:
            raise RuntimeError(f"{self.username} could not log in ({status})")

    def start_session(self) -> None:
        form = {"scope": "concept", "slug": random.choice(self.slugs), "back": "/"}
        form["csrfmiddlewaretoken"] = self.browser.cookies.get("csrftoken", "")
        status, headers, _ = self.browser.request("start", "POST", "/practice/start/", form)
        location = urlsplit(headers.get("Location", "")).path if status == 302 else ""
        self.session_path = location if location.startswith("/practice/sessions/") else ""

    def answer_one(self, *, think: tuple[float, float] | None, rng: random.Random) -> None:
        if not self.session_path:
            self.start_session()
            if not self.session_path:
                return
        status, _, page = self.browser.request("question", "GET", self.session_path)
        if status != 200:  # the session is over (302 to its summary): start another
            self.session_path = ""
            return
        text = page.decode()
        question, token = QUESTION_RE.search(text), TOKEN_RE.search(text)
        if not (question and token):
            self.session_path = ""
            return
        form = {"question": question[1], "client_token": token[1]}
        form |= answer_form(self.key[question[1]], correct=rng.random() < 0.8)
        form["csrfmiddlewaretoken"] = self.csrf_from(page)
        if think:
            time.sleep(rng.uniform(*think))
        path = self.session_path + "answer/"
        status, headers, _ = self.browser.request("answer POST", "POST", path, form)
        if status in (301, 302, 303):
            with self.browser.stats.lock:
                self.browser.stats.answered.add(token[1])
            if think and rng.random() < 0.1:  # a double click / a resubmitted page
                _, again_headers, _ = self.browser.request("resubmit POST", "POST", path, form)
                with self.browser.stats.lock:
                    self.browser.stats.resubmits += 1
                    if again_headers.get("Location") != headers.get("Location"):
                        self.browser.stats.resubmit_mismatches += 1
            location = urlsplit(headers["Location"]).path
            if "/attempts/" in location:
                self.browser.request("feedback", "GET", location)
        if think and rng.random() < 0.1:
            self.browser.request("dashboard", "GET", "/practice/")

    def write_floor(self, *, rng: random.Random) -> None:
        form = {"csrfmiddlewaretoken": self.browser.cookies.get("csrftoken", "")}
        self.browser.request("write floor", "POST", "/bench/write-floor", form)

    def answer_back_to_back(self, *, rng: random.Random) -> None:
        """POST an answer to the page read first, each time with a new client_token."""
        if not self._form:
            if not self.session_path:
                self.start_session()
            status, _, page = self.browser.request("question", "GET", self.session_path)
            question = QUESTION_RE.search(page.decode()) if status == 200 else None
            if question is None:
                self.session_path = ""
                return
            self._form = {"question": question[1]} | answer_form(
                self.key[question[1]], correct=True
            )
            self._form["csrfmiddlewaretoken"] = self.csrf_from(page)
        token = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        form = self._form | {"client_token": token}
        path = self.session_path + "answer/"
        status, _, _ = self.browser.request("answer POST", "POST", path, form)
        if status in (301, 302, 303):
            with self.browser.stats.lock:
                self.browser.stats.answered.add(token)
        else:
            self._form = None  # the session ended: read a new page next time


def answer_form(key: dict, *, correct: bool) -> dict:
    if key["kind"] in ("single", "true_false", "multiple"):
        picked = key["right"] if correct else key["wrong"][:1] or key["right"]
        return {"answer": [str(pk) for pk in picked]}
    return {"answer": key["right_text"] if correct else "42424242"}


# ----------------------------------------------------------------------------- phases


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
