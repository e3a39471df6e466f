"""Migrations: named, in step with the models, and applicable from zero to a fresh database."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command

from tests.conftest import PROJECT_ROOT

APPS = ("accounts", "learning", "progress", "achievements")  # the apps that have tables


@pytest.mark.django_db
def test_models_and_migrations_agree():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_migrations_are_named():
    checked = 0
    for app in APPS:
        paths = sorted((PROJECT_ROOT / app / "migrations").glob("0*.py"))
        assert paths, f"{app} has no migrations: this test would check nothing"
        for path in paths:
            assert "_auto_" not in path.name, f"{path} has an automatic name; name it"
            checked += 1
    assert checked >= len(APPS)


def test_every_project_app_with_models_is_checked():
    project_apps = {
        config.label
        for config in apps.get_app_configs()
        if Path(config.path).parent == PROJECT_ROOT and list(config.get_models())
    }
    assert project_apps == set(APPS)


def test_migrate_from_zero_on_a_fresh_sqlite_file(tmp_path: Path):
    env = {
        **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        "DJANGO_DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    plan = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--plan"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "No planned migration operations" in plan.stdout
