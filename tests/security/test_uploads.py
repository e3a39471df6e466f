"""Uploads through the admin: badge images and question-bank files, size- and type-checked."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from achievements.images import MAX_IMAGE_BYTES, PNG_SIGNATURE
from achievements.models import Badge
from learning.forms import MAX_UPLOAD_BYTES
from learning.models import Question
from tests import factories
from tests.achievements.test_admin import form_data

pytestmark = pytest.mark.django_db

SVG_NS = b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">'
PNG = PNG_SIGNATURE + b"\x00" * 64

UNSAFE_BADGE_IMAGES = {
    "script": ("a.svg", SVG_NS + b"<script>alert(1)</script></svg>"),
    "uppercase script": ("a.svg", SVG_NS + b"<SCRIPT>alert(1)</SCRIPT></svg>"),
    "onload": ("a.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
    "handler on a child": ("a.svg", SVG_NS + b'<circle r="3" onmouseover="alert(1)"/></svg>'),
    "javascript link": ("a.svg", SVG_NS + b'<a x:href="javascript:alert(1)">x</a></svg>'),
    "encoded javascript link": (
        "a.svg",
        SVG_NS + b'<a href="java&#115;cript:alert(1)"><circle r="3"/></a></svg>',
    ),
    "foreign html": ("a.svg", SVG_NS + b"<foreignObject><iframe/></foreignObject></svg>"),
    "external image": ("a.svg", SVG_NS + b'<image href="https://evil.example/x.png"/></svg>'),
    "animated link": (
        "a.svg",
        SVG_NS + b'<a><animate attributeName="href" to="javascript:alert(1)"/></a></svg>',
    ),
    "entity bomb": (
        "a.svg",
        b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]>'
        b'<svg xmlns="http://www.w3.org/2000/svg">&a;</svg>',
    ),
    "xsl stylesheet": (
        "a.svg",
        b'<?xml-stylesheet type="text/xsl" href="https://evil.example/x.xsl"?>'
        + SVG_NS
        + b"</svg>",
    ),
    "html pretending to be svg": ("a.svg", b"<html><script>alert(1)</script></html>"),
    "html pretending to be png": ("a.png", b"<html><script>alert(1)</script></html>"),
    "html file": ("a.html", b"<script>alert(1)</script>"),
    "too large png": ("a.png", PNG_SIGNATURE + b"\x00" * MAX_IMAGE_BYTES),
}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.parametrize("case", list(UNSAFE_BADGE_IMAGES))
def test_unsafe_badge_images_are_refused_by_the_admin_form(case, login, admin_user):
    name, content = UNSAFE_BADGE_IMAGES[case]
    data = form_data(icon="")
    data["image"] = SimpleUploadedFile(name, content, content_type="image/svg+xml")
    response = login(admin_user).post(reverse("admin:achievements_badge_add"), data)
    assert response.status_code == 200, case  # the form again, with the reason
    assert response.context["adminform"].form.errors.get("image"), case
    assert not Badge.objects.exists()


def test_a_plain_svg_badge_is_accepted_and_served_sandboxed(login, admin_user, student):
    svg = SVG_NS + b'<defs><circle id="c" r="4"/></defs><use href="#c"/></svg>'
    data = form_data(icon="")
    data["image"] = SimpleUploadedFile("ok.svg", svg, content_type="image/svg+xml")
    assert login(admin_user).post(reverse("admin:achievements_badge_add"), data).status_code == 302
    badge = Badge.objects.get()
    response = login(student).get(reverse("achievements:badge_image", args=[badge.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


# Question-bank import -------------------------------------------------------------------------


def import_post(client, name: str, content: bytes, concept):
    return client.post(
        reverse("admin:learning_question_import"),
        {"file": SimpleUploadedFile(name, content), "concept": concept.pk},
    )


def test_question_bank_upload_is_size_limited(editor_client):
    concept = factories.ConceptFactory()
    response = import_post(editor_client, "big.gift", b"x" * (MAX_UPLOAD_BYTES + 1), concept)
    assert response.status_code == 200
    assert "the limit is 2.0 MB" in response.text
    assert not Question.objects.exists()


@pytest.mark.parametrize("name", ["bank.html", "bank.exe", "bank.svg", "bank"])
def test_question_bank_upload_is_type_checked(editor_client, name):
    concept = factories.ConceptFactory()
    response = import_post(editor_client, name, b"::Q:: 1+1? {=2}", concept)
    assert response.status_code == 200
    assert "is not a question-bank file" in response.text


def test_moodle_xml_with_an_entity_bomb_is_refused_not_expanded(editor_client):
    concept = factories.ConceptFactory()
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE quiz [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><quiz>&b;</quiz>'
    )
    response = import_post(editor_client, "bank.xml", bomb, concept)
    assert response.status_code == 200
    assert not Question.objects.exists()
    assert "aaaaaaaaaaaaaaaaaaaa" not in response.text


def test_an_imported_script_is_stored_as_text_and_never_runs(editor_client, login, student):
    """Imports keep the author's text; the page sanitises it (tests/security/test_xss.py)."""
    concept = factories.ConceptFactory()
    gift = b"::Evil:: <script>alert(1)</script> 1+1? {=2 ~3}"
    response = import_post(editor_client, "bank.gift", gift, concept)
    assert response.status_code == 200 and "<script>alert(1)</script>" not in response.text
    response = editor_client.post(reverse("admin:learning_question_import_confirm"), {"go": "1"})
    assert response.status_code == 302
    question = Question.objects.get()
    page = login(student).get(reverse("learning:concept_detail", args=[concept.slug]))
    assert "<script>alert" not in page.text
    assert question.pk
