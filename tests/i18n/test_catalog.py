"""The Spanish catalog is complete: ``makemessages -l es`` over the whole project (on a copy,
so the test never rewrites the tracked catalog) leaves no untranslated and no fuzzy entry,
and msgfmt accepts it (every placeholder of the English is in the Spanish)."""

import shutil
import subprocess
import sys

import polib
import pytest
from django.utils import translation

from tests.conftest import PROJECT_ROOT

SOURCES = ("accounts", "learning", "progress", "achievements", "core", "demo", "config")
CATALOG = PROJECT_ROOT / "locale" / "es" / "LC_MESSAGES" / "django.po"

pytestmark = pytest.mark.skipif(shutil.which("msgfmt") is None, reason="needs GNU gettext")


@pytest.fixture(scope="module")
def refreshed_catalog(tmp_path_factory) -> polib.POFile:
    """The catalog as ``makemessages -l es --no-obsolete`` leaves it for today's sources."""
    copy = tmp_path_factory.mktemp("project")
    ignore = shutil.ignore_patterns("__pycache__", "*.mo")
    for name in (*SOURCES, "templates", "static", "locale"):
        if (PROJECT_ROOT / name).exists():
            shutil.copytree(PROJECT_ROOT / name, copy / name, ignore=ignore)
    shutil.copy(PROJECT_ROOT / "manage.py", copy / "manage.py")
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "es", "--no-obsolete", "-v", "0"],
        cwd=copy,
        check=True,
        env={"DJANGO_DEBUG": "true", "PATH": "/usr/bin:/bin", "DJANGO_SECRET_KEY": "x" * 50},
    )
    catalog = polib.pofile(str(copy / "locale" / "es" / "LC_MESSAGES" / "django.po"))
    assert len(catalog) >= len(polib.pofile(str(CATALOG))), "makemessages found fewer strings"
    return catalog


def test_makemessages_leaves_nothing_untranslated(refreshed_catalog):
    untranslated = [e.msgid for e in refreshed_catalog.untranslated_entries()]
    assert not untranslated, "untranslated:\n" + "\n".join(untranslated)


def test_makemessages_leaves_nothing_fuzzy(refreshed_catalog):
    fuzzy = [e.msgid for e in refreshed_catalog.fuzzy_entries()]
    assert not fuzzy, "fuzzy:\n" + "\n".join(fuzzy)
    assert not refreshed_catalog.metadata_is_fuzzy


def test_msgfmt_accepts_the_catalog():
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(CATALOG)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr


def test_the_compiled_catalog_speaks_spanish_with_two_plural_forms():
    assert polib.pofile(str(CATALOG)).metadata["Plural-Forms"].startswith("nplurals=2;")
    with translation.override("es"):
        assert translation.gettext("Mastered") == "Dominado"
        assert translation.gettext("Review needed") == "Repaso pendiente"
        assert translation.ngettext("%(n)d week", "%(n)d weeks", 1) % {"n": 1} == "1 semana"
        assert translation.ngettext("%(n)d week", "%(n)d weeks", 3) % {"n": 3} == "3 semanas"
