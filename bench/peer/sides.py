"""The Pathwise side of bench/peer, and what both sides share (setup commands, HTTP logins).

Both run under gunicorn with the same number of sync workers on loopback, against the
same database kind (a SQLite file each, or their own database in one private PostgreSQL
cluster). Each side gives the orchestrator two wrk workloads:

- ``answer``: a learner records an answer (Pathwise: the answer POST of a practice
  session, ``bench/wrk/answer.lua``; Kolibri: ``PUT /api/logger/trackprogress/<id>/``
  with one new interaction, ``bench/peer/wrk/kolibri_answer.lua``);
- ``page``: a learner reads their page (Pathwise: the student dashboard ``/practice/``;
  Kolibri: ``GET /learn/api/learnerclassroom/``, the classes, lessons and quizzes its learn
  page shows).
"""

from __future__ import annotations

import http.client
import json
import os
import re
import subprocess
import urllib.parse
from pathlib import Path

from procs import BenchError, PgCluster, Procs, wait_http

ROOT = Path(__file__).resolve().parent.parent.parent
PEER = ROOT / "bench" / "peer"
PASSWORD = "pathwise-demo"  # noqa: S105  (seed_demo's password for every demo login)
BENCH_SECRET_KEY = "bench-only-secret-key-not-for-production-0123456789"  # noqa: S105


def run(argv: list[str], *, env: dict, log: Path, timeout: int, what: str) -> str:
    """Run a setup command; on failure raise with the tail of its log."""
    result = subprocess.run(
        argv, env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False
    )
    with open(log, "a") as out:
        out.write(f"$ {' '.join(argv)}\n{result.stdout}{result.stderr}\n")
    if result.returncode != 0:
        tail = (result.stderr or result.stdout).strip().splitlines()[-8:]
        raise BenchError(
            f"{what} failed (exit {result.returncode}); see {log}:\n  " + "\n  ".join(tail)
        )
    return result.stdout


class Http:
    """One keep-alive connection with a cookie jar (cookies are read by hand: Pathwise
    marks them Secure when DEBUG is off, so a standard jar would not send them over http)."""

    def __init__(self, port: int) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.jar: dict[str, str] = {}

    def request(self, method: str, path: str, body: str | None = None, headers: dict | None = None):
        headers = dict(headers or {})
        if self.jar:
            headers["Cookie"] = self.cookie()
        self.conn.request(method, path, body, headers)
        response = self.conn.getresponse()
        data = response.read()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, val = value.split(";", 1)[0].split("=", 1)
                self.jar[key] = val
        return response.status, data

    def cookie(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.jar.items())


class Pathwise:
    name = "Pathwise"

    def __init__(
        self,
        *,
        db: str,
        pg: PgCluster | None,
        port: int,
        workers: int,
        results: Path,
        learners: int,
    ):
        self.db, self.port, self.workers, self.results, self.learners = (
            db,
            port,
            workers,
            results,
            learners,
        )
        self.py = str(ROOT / ".venv" / "bin" / "python")
        self.log = results / f"pathwise-{db}.log"
        self.log.unlink(missing_ok=True)
        if db == "sqlite":
            self.url = f"sqlite:///{results / 'pathwise.sqlite3'}"
        else:
            pg.recreate("pw_perf")
            self.url = pg.url("pw_perf")
        self.env = {
            **os.environ,
            "DATABASE_URL": self.url,
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": BENCH_SECRET_KEY,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DJANGO_SECURE_HSTS_SECONDS": "0",
        }
        self.proc = None

    def prepare(self) -> None:
        """The demo curriculum (23 concepts), its class, and ``learners`` bulk learners
        with 100 simulated answers each (bench/seed_scale.py, fresh every run)."""
        run(
            [
                self.py,
                "bench/seed_scale.py",
                "--database-url",
                self.url,
                "--fresh",
                "--concepts",
                "23",
                "--learners",
                str(self.learners),
                "--attempts-per-learner",
                "100",
            ],
            env=self.env,
            log=self.log,
            timeout=900,
            what="Pathwise seed (bench/seed_scale.py)",
        )
        # Production settings serve hashed static files from a manifest, and the login
        # rate limits use the database cache (docs/operations.md: both are deploy steps).
        for step in (["collectstatic", "--noinput", "-v0"], ["createcachetable"]):
            run(
                [self.py, "manage.py", *step],
                env=self.env,
                log=self.log,
                timeout=300,
                what=f"Pathwise manage.py {step[0]}",
            )

    def start(self, procs: Procs) -> None:
        gunicorn = ROOT / ".venv" / "bin" / "gunicorn"
        if not gunicorn.exists():
            raise BenchError(
                f"{gunicorn} is missing: run `make setup-dev` (or pip install -r requirements.txt)"
            )
        self.proc = procs.start(
            [
                str(gunicorn),
                "config.wsgi",
                "--workers",
                str(self.workers),
                "--worker-class",
                "sync",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--timeout",
                "60",
                "--log-level",
                "warning",
            ],
            env=self.env,
            log=self.log,
            cwd=ROOT,
        )
        wait_http(f"http://127.0.0.1:{self.port}/healthz", self.proc, self.log)

    def _login(self, username: str) -> Http:
        client = Http(self.port)
        status, page = client.request("GET", "/accounts/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or token is None:
            raise BenchError(f"Pathwise login page answered HTTP {status}; see {self.log}")
        body = urllib.parse.urlencode(
            {
                "username": username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": token.group(1).decode(),
            }
        )
        status, _ = client.request(
            "POST", "/accounts/login/", body, {"Content-Type": "application/x-www-form-urlencoded"}
        )
        if status != 302 or "sessionid" not in client.jar:
            raise BenchError(f"Pathwise login of {username} failed: HTTP {status}")
        return client

    def workloads(self, sessions: int) -> dict:
        """Open one long practice session per learner (seed_scale http-fixtures), log them
        in and return the wrk settings of each workload."""
        out = run(
            [
                self.py,
                "bench/seed_scale.py",
                "http-fixtures",
                "--database-url",
                self.url,
                "--sessions",
                str(sessions),
            ],
            env=self.env,
            log=self.log,
            timeout=300,
            what="Pathwise fixtures (seed_scale.py http-fixtures)",
        )
        fixtures = json.loads(out.strip().splitlines()[-1])
        answers, cookies = [], []
        for item in fixtures["learners"]:
            client = self._login(item["username"])
            cookie, csrf = client.cookie(), client.jar["csrftoken"]
            status, _ = client.request("GET", "/practice/")
            if status != 200:
                raise BenchError(
                    f"Pathwise /practice/ answered HTTP {status} for {item['username']}"
                )
            answers.append(f"{item['session']}|{item['question']}|{item['choice']}|{cookie}|{csrf}")
            cookies.append(cookie)
        return {
            "answer": {
                "script": "bench/wrk/answer.lua",
                "path": "/practice/sessions/0/answer/",
                "env": {"BENCH_ANSWERS": ",".join(answers)},
            },
            "page": {
                "script": "bench/peer/wrk/pages.lua",
                "path": "/practice/",
                "env": {"PEER_PAGE_PATH": "/practice/", "PEER_COOKIES": ",".join(cookies)},
            },
        }

    def stored_answers(self) -> int:
        out = run(
            [
                self.py,
                "manage.py",
                "shell",
                "-v0",
                "-c",
                "from progress.models import Attempt; print(Attempt.objects.count())",
            ],
            env=self.env,
            log=self.log,
            timeout=120,
            what="Pathwise attempt count",
        )
        return int(out.strip().splitlines()[-1])
