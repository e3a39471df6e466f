"""A database outage under `make serve` (finding 4): the site and the worker come back.

PostgreSQL (a throwaway cluster on its own socket directory) is stopped for 10 seconds
while scripts/serve runs. django-tasks-db's db_worker stops on the first failed query;
before, scripts/serve then stopped gunicorn too and the site stayed down after the
database returned. Now the worker is restarted with back-off and gunicorn never stops: the
site answers once PostgreSQL is back, and an export requested after the recovery is built
without anyone restarting anything.
"""

import contextlib
import glob
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import PROJECT_ROOT
from tests.test_serving import free_port, wait_for, wait_for_text
from tests.test_settings import PRODUCTION_ENV

PG_CTL = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
OUTAGE_SECONDS = 10

USER_SCRIPT = """
from accounts.models import User
User.objects.create_user("exporter", password="x-long-unused-passphrase")
"""
# The export is requested through progress's own service, as a black box, after recovery.
EXPORT_SCRIPT = """
import time
from django.utils import timezone
from accounts.models import User
from progress.interop.exports.services import export_request
job = export_request(user=User.objects.get(username="exporter"), kind="my_data", fmt="json",
                     filters={}, now=timezone.now())
deadline = time.monotonic() + 120
while time.monotonic() < deadline:
    job.refresh_from_db()
    if job.status in ("succeeded", "failed"):
        break
    time.sleep(0.5)
print("EXPORT", job.status, job.error or "")
"""


def _needs_postgres():
    if PG_CTL and os.geteuid() == 0 and shutil.which("runuser"):
        return
    message = "the outage test needs PostgreSQL's pg_ctl and root (runuser -u postgres)"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


class Cluster:
    """A throwaway PostgreSQL on a unix socket in ``root`` (RECIPES.md), stoppable."""

    def __init__(self):
        self.bin = os.path.dirname(PG_CTL[-1])
        # Not under pytest's tmp_path: its parents are private to root, and the server
        # runs as the postgres user.
        self.root = Path(tempfile.mkdtemp(prefix="pw-outage-"))
        self.data = self.root / "data"
        shutil.chown(self.root, "postgres", "postgres")

    def remove(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)

    def _as_postgres(self, *args: str) -> None:
        subprocess.run(
            ["runuser", "-u", "postgres", "--", *args], check=True, timeout=90, capture_output=True
        )

    def init(self) -> None:
        self._as_postgres(
            f"{self.bin}/initdb",
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        self.start()
        subprocess.run(
            [f"{self.bin}/createdb", "-h", str(self.root), "-U", "postgres", "pathwise"],
            check=True,
            timeout=60,
        )

    def start(self) -> None:
        options = f"-c listen_addresses='' -k {self.root} -c fsync=off -c max_connections=60"
        self._as_postgres(
            f"{self.bin}/pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.root / "server.log"),
            "-w",
            "-t",
            "60",
            "-o",
            options,
            "start",
        )

    def stop(self, mode: str = "fast") -> None:
        self._as_postgres(f"{self.bin}/pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    @property
    def url(self) -> str:
        return f"postgres://postgres@{urllib.parse.quote(str(self.root), safe='')}/pathwise"


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0  # nothing listening: the site is down


def test_the_site_and_the_worker_survive_a_database_outage(tmp_path):
    _needs_postgres()
    cluster = Cluster()
    try:
        cluster.init()
        _outage_under_serve(cluster, tmp_path)
    finally:
        cluster.remove()


def _outage_under_serve(cluster: Cluster, tmp_path) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env |= {
        "DJANGO_SECRET_KEY": PRODUCTION_ENV["DJANGO_SECRET_KEY"],
        "DATABASE_URL": cluster.url,
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
        "PORT": str(port),
        "GUNICORN_WORKERS": "2",
        "GUNICORN_ACCESSLOG": "",
    }
    shell_env = env | {
        "DJANGO_DEBUG": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_TASKS_BACKEND": "database",
    }

    def shell(script: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", script],
            cwd=PROJECT_ROOT,
            env=shell_env,
            capture_output=True,
            text=True,
            timeout=180,
        )

    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        serve = subprocess.Popen(
            [str(PROJECT_ROOT / "scripts" / "serve")],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        assert json.loads(wait_for(f"{base}/readyz", timeout=180))["status"] == "ok"
        assert "Starting worker" in wait_for_text(log, "Starting worker")
        created = shell(USER_SCRIPT)
        assert created.returncode == 0, created.stderr

        cluster.stop()
        down_until = time.monotonic() + OUTAGE_SECONDS
        during = {status_of(f"{base}/readyz"), status_of(f"{base}/healthz")}
        while time.monotonic() < down_until:
            time.sleep(0.5)
        assert serve.poll() is None, "scripts/serve stopped during the outage"
        during |= {status_of(f"{base}/readyz")}
        cluster.start()

        assert during == {503, 200}  # readiness said "not now"; liveness stayed up
        assert json.loads(wait_for(f"{base}/readyz", timeout=60))["status"] == "ok"
        assert status_of(f"{base}/learn/") == 200  # the site answers pages again
        export = shell(EXPORT_SCRIPT)
        assert "EXPORT succeeded" in export.stdout, export.stdout + export.stderr
        assert serve.poll() is None
    finally:
        serve.send_signal(signal.SIGTERM)
        serve.wait(timeout=60)
    output = log.read_text(errors="replace")
    assert "the tasks worker exited" in output, output[-3000:]
    assert "restarting it in" in output
    assert serve.returncode == 0, output[-3000:]
    leftovers = subprocess.run(
        ["pgrep", "-s", str(serve.pid)], capture_output=True, text=True, check=False
    )
    assert leftovers.stdout == "", "gunicorn or the worker outlived scripts/serve"
