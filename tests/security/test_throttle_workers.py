"""Rate limits hold across gunicorn workers, and cannot lock a person out (finding 5).

Starts gunicorn with four sync workers on a throwaway SQLite database, prepared the way
production is (migrate, createcachetable). The test plays the TLS proxy: it names the
client in ``X-Forwarded-For``, believed because ``DJANGO_TRUSTED_PROXIES=1``.
"""

import http.cookiejar
import os
import re
import signal
import subprocess
import urllib.error
import urllib.parse
import urllib.request

import pytest

from tests.conftest import PROJECT_ROOT
from tests.test_serving import LOCAL_ENV, free_port, wait_for
from tests.test_settings import run_manage

GUNICORN = PROJECT_ROOT / ".venv" / "bin" / "gunicorn"
PASSWORD = "a-Long-and-correct-passw0rd"
USERS = (
    "from accounts.models import User;"
    f"[User.objects.create_user(n, password={PASSWORD!r}) for n in ('victim', 'bystander')]"
)


def login(base: str, username: str, password: str, client: str) -> int:
    """One browser: GET the form (a cookie and a token), POST it from ``client``."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect())
    headers = {"X-Forwarded-For": client}
    url = f"{base}/accounts/login/"  # loopback http only
    form = opener.open(urllib.request.Request(url, headers=headers))  # noqa: S310
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', form.read()).group(1)
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token.decode(), "username": username, "password": password}
    ).encode()
    request = urllib.request.Request(url, data=data, headers=headers)  # noqa: S310
    try:
        return opener.open(request, timeout=20).status
    except urllib.error.HTTPError as error:
        return error.code


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 302 after a login is the answer itself


@pytest.mark.skipif(not GUNICORN.exists(), reason="gunicorn not installed")
def test_the_sixth_wrong_password_is_refused_whichever_of_four_workers_answers(tmp_path):
    env = {
        **LOCAL_ENV,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'limits.sqlite3'}",
        "DJANGO_TRUSTED_PROXIES": "1",
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
    }
    prepare = (("migrate", "--no-input"), ("createcachetable",), ("shell", "-c", USERS))
    for command in (*prepare, ("collectstatic", "--no-input", "--verbosity", "0")):
        result = run_manage(*command, env=env)
        assert result.returncode == 0, result.stderr
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    process_env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    process_env |= env | {
        "GUNICORN_WORKERS": "4",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_ACCESSLOG": "",
    }
    log = tmp_path / "gunicorn.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [str(GUNICORN), "-c", "config/gunicorn.py", "config.wsgi"],
            cwd=PROJECT_ROOT,
            env=process_env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_for(f"{base}/healthz")
        attacker = "198.51.100.7"
        first = [login(base, "victim", f"guess-{i}", attacker) for i in range(5)]
        assert first == [200] * 5, first  # checked and wrong
        # Every further guess is refused, whichever worker takes it (with per-worker
        # counters, 4 workers checked up to 20; production runs 5-8).
        later = [login(base, "victim", f"guess-{i}", attacker) for i in range(5, 13)]
        assert later == [429] * 8, later
        assert login(base, "victim", PASSWORD, attacker) == 429  # even the right one
        # The victim, elsewhere, is not locked out; nor is anyone else.
        assert login(base, "victim", PASSWORD, "203.0.113.5") == 302
        assert login(base, "bystander", PASSWORD, "203.0.113.9") == 302
        # A forged X-Forwarded-For entry left of the proxy's is ignored: still the attacker.
        assert login(base, "victim", "guess-x", f"203.0.113.5, {attacker}") == 429
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
    assert "Booting worker" in log.read_text()


def test_check_deploy_warns_when_the_counters_are_kept_per_process():
    from tests.test_settings import PRODUCTION_ENV

    local = {**PRODUCTION_ENV, "DJANGO_THROTTLE_CACHE_URL": "locmemcache://throttle"}
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=local)
    assert result.returncode != 0
    assert "pathwise.W001" in result.stderr + result.stdout
    assert "limits multiply by the number of workers" in result.stderr + result.stdout
    # The default (the database cache) is shared: check --deploy stays clean.
    clean = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert clean.returncode == 0, clean.stdout + clean.stderr
