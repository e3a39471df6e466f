"""LRSs for the forwarding tests: a real one (Ralph, served on loopback from its own venv)
and a scripted stand-in for the states a real one cannot be put into on demand.

``scripts/install-lrs`` installs it into ``.lrs-venv`` (``.ci/run`` does, so CI always has
it); elsewhere the tests that need it skip with that instruction. ``scripts/ralph-lrs``
serves it with its file-system backend in append mode (see that script for why), a fresh
data directory per test, so every test starts with an empty LRS. Stopping and starting the
same server (same port, same directory) is an outage: what it stored before is still there.
"""

import base64
import json
import os
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.conftest import PROJECT_ROOT

LRS_VENV = Path(os.environ.get("PATHWISE_LRS_VENV", PROJECT_ROOT / ".lrs-venv"))
LAUNCHER = PROJECT_ROOT / "scripts" / "ralph-lrs"
START_TIMEOUT = 120  # seconds: Ralph imports FastAPI and pydantic models on a busy machine


def ralph_python() -> Path:
    """The LRS venv's interpreter; skip without it (fail under CI=true)."""
    python = LRS_VENV / "bin" / "python"
    if not python.exists():
        message = f"Ralph LRS is not installed in {LRS_VENV}: run scripts/install-lrs"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return python


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RalphServer:
    username = "pathwise"
    password = "lrs-test-password"

    def __init__(self, *, python: Path, directory: Path) -> None:
        self.python, self.directory = python, directory
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        self.log = directory / "ralph.log"

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}/xAPI/"

    def start(self) -> None:
        assert self.process is None, "already running"
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [
                    str(self.python),
                    str(LAUNCHER),
                    "--dir",
                    str(self.directory),
                    "--port",
                    str(self.port),
                    "--user",
                    f"{self.username}:{self.password}",
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
                env={**os.environ, "PYTHONUNBUFFERED": "1"},
            )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Ralph exited: {self.log.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{self.port}/__heartbeat__", timeout=2
                ):
                    return
            except (urllib.error.URLError, OSError):
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"Ralph did not start in {START_TIMEOUT}s: {self.log.read_text()}")

    def stop(self) -> None:
        """Stop the server (the outage); its stored statements stay in its directory."""
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=20)
        self.process = None

    def _request(self, url: str) -> dict:
        token = base64.b64encode(f"{self.username}:{self.password}".encode()).decode()
        request = urllib.request.Request(  # noqa: S310 - loopback
            url, headers={"Authorization": f"Basic {token}", "X-Experience-API-Version": "1.0.3"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return json.loads(response.read())

    def statements(self) -> list[dict]:
        """Every statement the LRS stored, read back through its xAPI GET (the launcher lets
        one page hold 5,000)."""
        return self._request(f"{self.endpoint}statements?limit=5000")["statements"]


@pytest.fixture
def ralph(tmp_path):
    server = RalphServer(python=ralph_python(), directory=tmp_path / "ralph")
    server.directory.mkdir()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def lrs_settings(settings, ralph):
    """Forwarding pointed at the running Ralph."""
    settings.PATHWISE_LRS_ENDPOINT = ralph.endpoint
    settings.PATHWISE_LRS_USERNAME = ralph.username
    settings.PATHWISE_LRS_PASSWORD = ralph.password
    settings.PATHWISE_LRS_TIMEOUT_SECONDS = 10
    return settings


class ScriptedLrs:
    """Answers each POST with the next scripted status (then 200); records the bodies."""

    def __init__(self) -> None:
        self.script: list[int] = []
        self.delay = 0.0  # seconds before answering a POST (a slow LRS)
        self.posts: list[list[dict]] = []
        self.headers: list = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                owner.posts.append(json.loads(body))
                owner.headers.append(self.headers)  # case-insensitive look-ups
                time.sleep(owner.delay)
                status = owner.script.pop(0) if owner.script else 200
                self.send_response(status)
                if status in (301, 302, 307):
                    self.send_header("Location", "http://127.0.0.1:9/elsewhere")
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"[]")

            def do_GET(self):
                status = owner.script.pop(0) if owner.script else 200
                self.send_response(status)
                self.send_header("Content-Length", "17")
                self.end_headers()
                self.wfile.write(b'{"statements":[]}')

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/xAPI/"


@pytest.fixture
def scripted_lrs(settings):
    server = ScriptedLrs()
    server.thread.start()
    settings.PATHWISE_LRS_ENDPOINT = server.endpoint
    settings.PATHWISE_LRS_USERNAME, settings.PATHWISE_LRS_PASSWORD = "pathwise", "s3cret"
    settings.PATHWISE_LRS_RETRY_SECONDS = 10
    settings.PATHWISE_LRS_MAX_BACKOFF_SECONDS = 60
    yield server
    server.server.shutdown()
    server.server.server_close()
