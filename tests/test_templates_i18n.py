"""The templates speak through the translation catalog (issue 20, docs/translating.md).

Every template compiles (a broken {% blocktranslate %} is a TemplateSyntaxError only when the
template is loaded), plurals go through {% blocktranslate count %} rather than English-only
``pluralize``, and with the Spanish catalog compiled a student's pages come out in Spanish,
plural forms included.
"""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.template.loader import get_template, render_to_string
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

TEMPLATES = Path(settings.BASE_DIR) / "templates"
CATALOG = Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES" / "django.po"
ALL_TEMPLATES = sorted(
    str(p.relative_to(TEMPLATES))
    for pattern in ("*.html", "*.txt")
    for p in TEMPLATES.rglob(pattern)
)


@pytest.mark.parametrize("name", ALL_TEMPLATES)
def test_every_template_compiles(name):
    get_template(name)


def test_no_template_pluralizes_in_english_only():
    offenders = [name for name in ALL_TEMPLATES if "|pluralize" in (TEMPLATES / name).read_text()]
    assert not offenders, f"use {{% blocktranslate count %}} instead of pluralize: {offenders}"


@pytest.fixture
def spanish(tmp_path):
    """The Spanish catalog compiled into a scratch LOCALE_PATHS, and Spanish switched on."""
    if not shutil.which("msgfmt"):
        pytest.skip("msgfmt (GNU gettext) is not installed: apt-get install gettext")
    target = tmp_path / "es" / "LC_MESSAGES"
    target.mkdir(parents=True)
    subprocess.run(["msgfmt", "--check", "-o", str(target / "django.mo"), str(CATALOG)], check=True)
    with override_settings(LOCALE_PATHS=[tmp_path]), translation.override("es"):
        yield


@pytest.mark.parametrize(
    ("count", "expected"), [(1, "1 concepto"), (3, "3 conceptos"), (0, "0 conceptos")]
)
def test_spanish_plurals_follow_the_count(spanish, count, expected):
    template = Template(
        "{% load i18n %}{% blocktranslate trimmed count counter=n %}{{ counter }} concept"
        "{% plural %}{{ counter }} concepts{% endblocktranslate %}"
    )
    assert template.render(Context({"n": count})) == expected


def test_student_dashboard_in_spanish(spanish, client, student):
    client.force_login(student)
    client.cookies["django_language"] = "es"  # read by LocaleMiddleware where it is installed
    html = client.get(reverse("progress:dashboard")).content.decode()
    assert '<html lang="es">' in html
    for spanish_text in ("Tu panel", "Hola, Sam Student", "Dominio por asignatura", "Tus clases"):
        assert spanish_text in html
    for english_text in ("Your dashboard", "Mastery by subject", "Your classes", "Skip to content"):
        assert english_text not in html


def test_the_verification_email_in_spanish(spanish, student):
    body = render_to_string(
        "accounts/email_verification_email.txt", {"user": student, "link": "https://x.test/v/1"}
    )
    assert body.startswith("Hola, student:\n\nConfirma que esta dirección pertenece a tu cuenta")
    assert "https://x.test/v/1" in body and "Please confirm" not in body


def test_the_template_scanner_skips_button_codes_and_class_blocks(tmp_path):
    from tests.i18n.scan import template_findings

    page = tmp_path / "page.html"
    page.write_text(
        '{% extends "base.html" %}{% block main_class %} wide{% endblock %}\n'
        '<button type="submit" name="choice" value="keep">{% translate "Keep" %}</button>\n'
        '<input type="submit" value="Send">\n'
    )
    assert [f.split(": ", 1)[1] for f in template_findings(tmp_path, [page])] == ["value='Send'"]


def test_meter_values_stay_machine_numbers_in_spanish(spanish, client, student):
    """A <meter value> is read by the browser, not by people: "0,5" would be no number."""
    from tests import factories

    question = factories.QuestionFactory()
    factories.ConceptMasteryFactory(learner=student, concept=question.concept, p_known=0.5)
    client.force_login(student)
    client.cookies["django_language"] = "es"
    html = client.get(reverse("progress:dashboard")).content.decode()
    meters = re.findall(r'<meter min="0" max="1" value="([^"]*)"', html)
    assert meters and all(re.fullmatch(r"\d\.\d{3}", value) for value in meters), meters
