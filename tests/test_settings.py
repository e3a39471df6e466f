"""Production settings: check --deploy is clean, and unsafe configurations refuse to start."""

import os
import subprocess
import sys

import pytest

from tests.conftest import PROJECT_ROOT

# A throwaway Ed25519 key (PKCS #8 PEM), as a production deployment would configure one.
TEST_SIGNING_KEY = """-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIJ9IcU0TwM1yYbY1Z5EoVq3D8XnLh8m8v2mJ6rW0gq7c
-----END PRIVATE KEY-----"""

PRODUCTION_ENV = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "x7!Qm2#vR9pL0sT4wZ8yB1nC6dF3gH5jK-production-like-secret-key",
    "DJANGO_ALLOWED_HOSTS": "pathwise.example.org",
    "DJANGO_SITE_URL": "https://pathwise.example.org",
    "DJANGO_OB_SIGNING_KEY": TEST_SIGNING_KEY,
}


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_secret_key():
    env = {**PRODUCTION_ENV, "DJANGO_SECRET_KEY": ""}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    env = {**PRODUCTION_ENV, "DJANGO_ALLOWED_HOSTS": ""}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_production_cookies_are_secure_and_csp_is_sent():
    code = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT,"
        " s.SECURE_HSTS_SECONDS > 0, 'script-src' in s.SECURE_CSP)"
    )
    result = run_manage("shell", "-c", code, env=PRODUCTION_ENV)
    assert result.stdout.strip().splitlines()[-1].split() == ["True"] * 5, result.stderr


def test_pages_carry_a_content_security_policy(client, db):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "object-src 'none'" in policy
    assert "frame-ancestors 'none'" in policy


def test_check_deploy_fails_loudly_without_a_site_url_and_signing_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if not k.startswith("DJANGO_OB_")}
    env.pop("DJANGO_SITE_URL")
    result = run_manage("check", "--deploy", env=env)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "achievements.E001" in output and "DJANGO_SITE_URL is not set" in output
    assert "achievements.E002" in output and "No Open Badges signing key" in output


@pytest.mark.parametrize(
    "url",
    ["pathwise.example.org", "ftp://pathwise.example.org", "https://x.example/sub", "https://"],
)
def test_a_malformed_site_url_refuses_to_start(url):
    result = run_manage("check", env={**PRODUCTION_ENV, "DJANGO_SITE_URL": url})
    assert result.returncode != 0
    assert "is not a site address" in result.stderr


def test_both_key_settings_at_once_refuse_to_start():
    env = {**PRODUCTION_ENV, "DJANGO_OB_SIGNING_KEY_FILE": "/etc/k.pem"}
    result = run_manage("check", env=env)
    assert result.returncode != 0 and "not both" in result.stderr
