"""Every user-facing string is marked for translation (tests/i18n/scan.py says where it
looks). The Python half and the template half are separate tests: templates are marked on
their own branch (docs/i18n.md)."""

import textwrap

import pytest

from tests.conftest import PROJECT_ROOT
from tests.i18n.scan import python_findings, template_findings

APPS = ("accounts", "learning", "progress", "achievements", "core", "demo")


def _app_modules():
    for app in APPS:
        for path in (PROJECT_ROOT / app).rglob("*.py"):
            if "migrations" not in path.parts and "tests" not in path.parts:
                yield path


def _templates():
    root = PROJECT_ROOT / "templates"
    return [*root.rglob("*.html"), *root.rglob("*.txt")]


def test_python_modules_mark_every_user_facing_string():
    findings = python_findings(PROJECT_ROOT, _app_modules())
    assert not findings, "unmarked strings:\n" + "\n".join(findings)


def test_templates_mark_every_user_facing_string():
    findings = template_findings(PROJECT_ROOT, _templates())
    assert not findings, f"{len(findings)} unmarked strings:\n" + "\n".join(findings)


# --- the scanner finds what it should, and only that -------------------------------------


@pytest.fixture
def module(tmp_path):
    def write(source: str):
        path = tmp_path / "sample.py"
        path.write_text(textwrap.dedent(source))
        return [f.split(": ", 1)[1] for f in python_findings(tmp_path, [path])]

    return write


def test_the_scanner_reports_unmarked_python_strings(module):
    found = module(
        """
        from django import forms
        from django.contrib import messages
        from django.core.exceptions import ValidationError
        from django.db import models


        class Kind(models.TextChoices):
            QUIZ = "quiz", "Quiz"


        class Thing(models.Model):
            name = models.CharField("thing name", help_text=f"At most {80} characters.")

            class Meta:
                verbose_name = "thing"


        class ThingForm(forms.Form):
            name = forms.CharField(label="Name", error_messages={"required": "Say a name."})


        def view(request, n):
            messages.success(request, f"Saved {n} things.")
            raise ValidationError("That is not a thing.")
        """
    )
    assert found == [
        "'Quiz'",
        "'thing name'",
        "f'At most {80} characters.'",
        "'thing'",
        "'Name'",
        "'Say a name.'",
        "f'Saved {n} things.'",
        "'That is not a thing.'",
    ]


def test_the_scanner_accepts_marked_strings_codes_and_the_brand(module):
    assert not module(
        """
        from django import forms
        from django.contrib import messages
        from django.core.exceptions import ValidationError
        from django.db import models
        from django.utils.translation import gettext as _
        from django.utils.translation import gettext_lazy, ngettext


        class Kind(models.TextChoices):
            QUIZ = "quiz", gettext_lazy("Quiz")


        class ThingForm(forms.Form):
            name = forms.CharField(label=gettext_lazy("Name"), help_text="Pathwise")


        def view(request, n):
            messages.success(request, ngettext("%(n)d thing", "%(n)d things", n) % {"n": n})
            raise ValidationError(_("That is not a thing."), code="not_a_thing")
        """
    )


def test_the_scanner_reports_unmarked_template_text_and_attributes(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(
        "{% load i18n %}\n"
        "<h1>{% translate 'Your plan' %}</h1>\n"
        "<p>Practise every day</p>\n"
        '<img alt="Mastery chart" src="x.svg">\n'
        '<button type="submit" title="{% translate \'Save\' %}">{{ label }}</button>\n'
        '<input type="submit" value="Send">\n'
        "{% blocktranslate count n=n %}Master {{ n }} concept{% plural %}Master {{ n }}"
        " concepts{% endblocktranslate %}\n"
        "<p>Pathwise · {{ user.name }} · 3/5</p>\n"
        "<script>const text = 'not for people';</script>\n"
    )
    found = [f.split(": ", 1)[1] for f in template_findings(tmp_path, [path])]
    assert found == ["Practise every day", "alt='Mastery chart'", "value='Send'"]
    lines = [int(f.split(":")[1]) for f in template_findings(tmp_path, [path])]
    assert lines == [3, 4, 6]


def test_the_scanner_reports_a_marker_inside_an_f_string(module):
    """xgettext never extracts from an f-string: the string would stay English."""
    found = module(
        """
        from django.utils.translation import gettext as _


        def legend():
            return f"<text>{_('Less')}</text>"
        """
    )
    assert found == ["_('Less')"]
