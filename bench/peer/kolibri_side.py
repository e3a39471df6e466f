"""The Kolibri 0.19.5 side of bench/peer: its own venv, KOLIBRI_HOME and database.

Provisioned with ``kolibri manage provisiondevice``, given the bench channel through
``importchannel disk`` / ``importcontent disk`` (``kolibri_channel.py`` builds it: there is
no network to Studio), seeded by ``kolibri_seed.py`` inside ``kolibri manage shell``, and
served by gunicorn over ``kolibri.deployment.default.wsgi`` (Kolibri's own server is a
threaded CherryPy; sync workers match Pathwise's). Its learners log in through
``POST /api/auth/session/`` and open their exercise with ``POST /api/logger/trackprogress/``
inside their lesson, as the learn page does.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from procs import BenchError, PgCluster, Procs, wait_http
from sides import PEER, Http, run

KOLIBRI_PASSWORD = "kolibri-bench-pass"  # noqa: S105


class Kolibri:
    name = "Kolibri"

    def __init__(
        self,
        *,
        db: str,
        pg: PgCluster | None,
        port: int,
        workers: int,
        results: Path,
        learners: int,
        venv: Path,
    ):
        self.db, self.port, self.workers, self.results, self.learners = (
            db,
            port,
            workers,
            results,
            learners,
        )
        self.bin = venv / "bin"
        self.home = results / f"kolibri-home-{db}"
        self.log = results / f"kolibri-{db}.log"
        self.log.unlink(missing_ok=True)
        self.channel_dir = results / "kolibri-channel"
        shutil.rmtree(self.home, ignore_errors=True)
        self.home.mkdir(parents=True)
        options = f"[Deployment]\nHTTP_PORT = {port}\n"
        if db == "postgres":
            pg.recreate("kolibri_bench")
            # No DATABASE_HOST: Kolibri's channel import builds an SQLAlchemy URL from it
            # ("postgresql://user:@HOST/name"), which cannot hold a socket directory. With
            # the host left empty both Django and SQLAlchemy connect through libpq, which
            # takes the socket directory from PGHOST.
            options += (
                "[Database]\nDATABASE_ENGINE = postgres\nDATABASE_NAME = kolibri_bench\n"
                "DATABASE_USER = postgres\n"
            )
        (self.home / "options.ini").write_text(options)
        self.env = {**os.environ, "KOLIBRI_HOME": str(self.home)}
        if db == "postgres":
            self.env["PGHOST"] = pg.socket_dir
        self.env.pop("DJANGO_SETTINGS_MODULE", None)
        self.env.pop("DATABASE_URL", None)
        self.proc = None
        self.seed = None

    def manage(self, *args: str, what: str, timeout: int = 600) -> str:
        return run(
            [str(self.bin / "kolibri"), "manage", *args],
            env=self.env,
            log=self.log,
            timeout=timeout,
            what=what,
        )

    def prepare(self) -> None:
        """Provision a facility, import the bench channel from disk, seed the class."""
        self.manage(
            "provisiondevice",
            "--facility",
            "Bench School",
            "--superusername",
            "admin",
            "--superuserpassword",
            KOLIBRI_PASSWORD,
            "--preset",
            "formal",
            "--language_id",
            "en",
            "--noinput",
            what="kolibri manage provisiondevice",
        )
        out = run(
            [str(self.bin / "python"), str(PEER / "kolibri_channel.py"), str(self.channel_dir)],
            env=self.env,
            log=self.log,
            timeout=120,
            what="building the bench channel",
        )
        channel_json = self.results / "kolibri-channel.json"
        channel_json.write_text(out.strip().splitlines()[-1])
        channel_id = json.loads(channel_json.read_text())["channel_id"]
        self.manage(
            "importchannel", "disk", channel_id, str(self.channel_dir), what="kolibri importchannel"
        )
        self.manage(
            "importcontent", "disk", channel_id, str(self.channel_dir), what="kolibri importcontent"
        )
        self.env.update(
            PEER_CHANNEL=str(channel_json),
            PEER_LEARNERS=str(self.learners),
            PEER_PASSWORD=KOLIBRI_PASSWORD,
        )
        out = self.manage(
            "shell",
            "-c",
            f"exec(open({str(PEER / 'kolibri_seed.py')!r}).read())",
            what="seeding Kolibri learners (kolibri_seed.py)",
        )
        line = next((x for x in out.splitlines() if x.startswith("PEER_JSON ")), None)
        if line is None:
            raise BenchError(f"kolibri_seed.py printed no PEER_JSON line; see {self.log}")
        self.seed = json.loads(line[len("PEER_JSON ") :])

    def start(self, procs: Procs) -> None:
        gunicorn = self.bin / "gunicorn"
        if not gunicorn.exists():
            raise BenchError(
                f"{gunicorn} is missing: bench/peer/run.sh installs it (kolibri-requirements.txt)"
            )
        self.proc = procs.start(
            [
                str(gunicorn),
                "kolibri.deployment.default.wsgi:application",
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
            cwd=self.home,
        )
        wait_http(
            f"http://127.0.0.1:{self.port}/api/public/info/", self.proc, self.log, timeout=180
        )

    def _login(self, username: str) -> Http:
        client = Http(self.port)
        body = json.dumps(
            {"username": username, "password": KOLIBRI_PASSWORD, "facility": self.seed["facility"]}
        )
        status, data = client.request(
            "POST", "/api/auth/session/", body, {"Content-Type": "application/json"}
        )
        if status != 200 or "kolibri" not in client.jar:
            raise BenchError(f"Kolibri login of {username} failed: HTTP {status} {data[:200]!r}")
        return client

    def workloads(self, sessions: int) -> dict:
        """Log learners in, start each one's exercise session inside their lesson (the
        POST the learn page makes when an exercise opens) and return the wrk settings."""
        answers, cookies = [], []
        for item in self.seed["learners"][:sessions]:
            client = self._login(item["username"])
            exercise = item["exercise"]
            start = {
                "node_id": exercise["node_id"],
                "content_id": exercise["content_id"],
                "channel_id": json.loads((self.results / "kolibri-channel.json").read_text())[
                    "channel_id"
                ],
                "kind": "exercise",
                "mastery_model": {"type": "m_of_n", "m": 5, "n": 5},
                "lesson_id": item["lesson"],
            }
            status, data = client.request(
                "POST",
                "/api/logger/trackprogress/",
                json.dumps(start),
                {
                    "Content-Type": "application/json",
                    "X-CSRFToken": client.jar["kolibri_csrftoken"],
                },
            )
            if status != 200:
                raise BenchError(
                    f"Kolibri trackprogress start for {item['username']}:"
                    f" HTTP {status} {data[:300]!r}"
                )
            session = json.loads(data)["session_id"]
            status, data = client.request("GET", "/learn/api/learnerclassroom/")
            if status != 200 or not json.loads(data)[0]["lessons"]:
                raise BenchError(
                    f"Kolibri learnerclassroom for {item['username']}: HTTP {status} {data[:300]!r}"
                )
            cookie, csrf = client.cookie(), client.jar["kolibri_csrftoken"]
            answers.append(f"{session}|{';'.join(exercise['items'])}|{cookie}|{csrf}")
            cookies.append(cookie)
        return {
            "answer": {
                "script": "bench/peer/wrk/kolibri_answer.lua",
                "path": "/api/logger/trackprogress/",
                "env": {"PEER_KOLIBRI_ANSWERS": ",".join(answers)},
            },
            "page": {
                "script": "bench/peer/wrk/pages.lua",
                "path": "/learn/api/learnerclassroom/",
                "env": {
                    "PEER_PAGE_PATH": "/learn/api/learnerclassroom/",
                    "PEER_COOKIES": ",".join(cookies),
                },
            },
        }

    def stored_answers(self) -> int:
        out = self.manage(
            "shell",
            "-c",
            "from kolibri.core.logger.models import AttemptLog;"
            " print('PEER_COUNT', AttemptLog.objects.count())",
            what="Kolibri attempt count",
        )
        line = next(x for x in out.splitlines() if x.startswith("PEER_COUNT "))
        return int(line.split()[1])
