"""Production-like serving: gunicorn settings, WhiteNoise static files, `make serve`."""

import importlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from django.core.management import call_command
from django.test import Client

from tests.conftest import PROJECT_ROOT
from tests.test_settings import PRODUCTION_ENV, run_manage

LOCAL_ENV = {
    **PRODUCTION_ENV,
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    "DJANGO_SECURE_SSL_REDIRECT": "false",
    "DJANGO_INSECURE_LOCAL_HTTP": "true",
}
SECURITY = (
    "from django.conf import settings as s;"
    "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS,"
    " s.STORAGES['staticfiles']['BACKEND'],"
    " s.MIDDLEWARE.index('whitenoise.middleware.WhiteNoiseMiddleware'))"
)


def test_gunicorn_workers_follow_the_cpu_count_with_a_cap(monkeypatch):
    monkeypatch.delenv("GUNICORN_WORKERS", raising=False)
    monkeypatch.setattr("multiprocessing.cpu_count", lambda: 2)
    config = importlib.reload(importlib.import_module("config.gunicorn"))
    assert config.workers == 5
    assert config.timeout == 30
    assert config.accesslog == "-"
    monkeypatch.setattr("multiprocessing.cpu_count", lambda: 64)
    assert importlib.reload(config).workers == 8
    monkeypatch.setenv("GUNICORN_WORKERS", "3")
    assert importlib.reload(config).workers == 3


def test_production_serves_static_files_through_whitenoise():
    result = run_manage("shell", "-c", SECURITY, env=PRODUCTION_ENV)
    assert result.stdout.split()[-5:] == [
        "True",
        "True",
        "31536000",
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
        "1",  # right after SecurityMiddleware
    ], result.stderr


def test_insecure_local_http_lifts_secure_cookies_and_hsts_on_loopback_only():
    local = run_manage("shell", "-c", SECURITY, env=LOCAL_ENV)
    assert local.stdout.split()[-5:-2] == ["False", "False", "0"], local.stderr

    public = run_manage(
        "check", env={**LOCAL_ENV, "DJANGO_ALLOWED_HOSTS": "127.0.0.1,pathwise.example.org"}
    )
    assert public.returncode != 0
    assert "loopback names only" in public.stderr

    redirecting = run_manage("check", env={**LOCAL_ENV, "DJANGO_SECURE_SSL_REDIRECT": "true"})
    assert redirecting.returncode != 0
    assert "DJANGO_SECURE_SSL_REDIRECT=false" in redirecting.stderr


def test_collected_static_files_are_hashed_compressed_and_cached_forever(tmp_path, settings, db):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())
    hashed = manifest["paths"]["css/app.css"]
    assert hashed != "css/app.css"
    assert (tmp_path / f"{hashed}.gz").exists()

    client = Client()  # a new handler: WhiteNoise indexes STATIC_ROOT when it starts
    response = client.get(f"/static/{hashed}", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "immutable" in response["Cache-Control"]
    assert "max-age=315360000" in response["Cache-Control"]
    unhashed = client.get("/static/css/app.css")
    assert "immutable" not in unhashed["Cache-Control"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, timeout: float = 60) -> bytes:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
                return response.read()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


@pytest.mark.skipif(
    not (PROJECT_ROOT / ".venv" / "bin" / "gunicorn").exists(), reason="gunicorn not installed"
)
def wait_for_text(path, text: str, timeout: float = 90) -> str:
    deadline = time.monotonic() + timeout
    while True:
        content = path.read_text(errors="replace") if path.exists() else ""
        if text in content or time.monotonic() > deadline:
            return content
        time.sleep(0.3)


# Requests an export as the demo-less admin of the served database and waits for the
# tasks worker (a separate process) to build it: proves the worker runs tasks.
EXPORT_SCRIPT = """
import sys, time
from django.utils import timezone
from accounts.models import User
from progress.interop.exports.services import export_request
from progress.models import ExportJob
user = User.objects.create_user("exporter", password="x-long-unused-passphrase")
job = export_request(user=user, kind="my_data", fmt="json", filters={}, now=timezone.now())
deadline = time.monotonic() + 90
while time.monotonic() < deadline:
    job.refresh_from_db()
    if job.status in ("succeeded", "failed"):
        break
    time.sleep(0.3)
print("EXPORT", job.status, job.error or "")
"""


def test_serve_script_starts_gunicorn_and_the_worker_and_stops_both(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env |= {
        "DJANGO_SECRET_KEY": PRODUCTION_ENV["DJANGO_SECRET_KEY"],
        "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite3'}",
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
        "PORT": str(port),
        "GUNICORN_WORKERS": "2",
        "GUNICORN_ACCESSLOG": "",
    }
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(PROJECT_ROOT / "scripts" / "serve")],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        assert wait_for(f"http://127.0.0.1:{port}/healthz") == b"ok"
        ready = json.loads(wait_for(f"http://127.0.0.1:{port}/readyz"))
        assert ready["status"] == "ok"
        # Open Badges: the site URL and a signing key are set up for the served site.
        did = json.loads(wait_for(f"http://127.0.0.1:{port}/.well-known/did.json"))
        assert did["id"] == f"did:web:127.0.0.1%3A{port}"
        assert did["verificationMethod"][0]["publicKeyMultibase"].startswith("z6Mk")
        # django-tasks-db's db_worker runs alongside and builds a real export.
        assert "Starting worker" in wait_for_text(log, "Starting worker")
        shell_env = env | {
            "DJANGO_DEBUG": "false",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_TASKS_BACKEND": "database",
        }
        export = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", EXPORT_SCRIPT],
            cwd=PROJECT_ROOT,
            env=shell_env,
            capture_output=True,
            text=True,
            timeout=150,
        )
        assert "EXPORT succeeded" in export.stdout, export.stdout + export.stderr
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)
    output = log.read_text(errors="replace")
    assert process.returncode == 0, output
    assert "Shutting down: Master" in output
    children = subprocess.run(
        ["pgrep", "-s", str(process.pid)], capture_output=True, text=True, check=False
    )
    assert children.stdout == "", "gunicorn or the worker outlived make serve"
