"""Importing from the command line and the admin (upload, preview, confirm), and rendering."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.template import Context, Template
from django.urls import reverse

from core.templatetags.rich_text import rich, rich_inline
from learning.forms import MAX_UPLOAD_BYTES
from learning.importing import questions_import
from learning.models import Question
from tests.factories import ConceptFactory, QuestionFactory
from tests.learning.banks import bank

pytestmark = pytest.mark.django_db


@pytest.fixture
def concept():
    return ConceptFactory(slug="target", name="Target")


def import_file(relative: str, **kwargs):
    path = bank(relative)
    return questions_import(data=path.read_bytes(), filename=path.name, **kwargs)


def db_choices(question: Question) -> list[tuple[str, bool, str]]:
    return [(c.text, c.is_correct, c.feedback) for c in question.choices.order_by("order")]


# --- the command ------------------------------------------------------------------------


def test_import_command_reports_and_fails_cleanly(concept, tmp_path, capsys):
    bank = tmp_path / "bank.gift"
    bank.write_text("::T1::Q{T}\n\nDescribe{}\n", encoding="utf-8")
    call_command("import_questions", bank, "--concept", "target", "--publish")
    out = capsys.readouterr().out
    assert "skipped line 3 (essay)" in out
    assert "imported 1 question (published)" in out
    assert Question.objects.get().status == Question.Status.PUBLISHED

    call_command("import_questions", bank, "--concept", "target", "--dry-run")
    assert Question.objects.count() == 1

    bank.write_text("Q{T\n", encoding="utf-8")
    with pytest.raises(CommandError, match="line 1"):
        call_command("import_questions", bank, "--concept", "target")
    with pytest.raises(CommandError, match="No concept has the slug 'nope'"):
        call_command("import_questions", bank, "--concept", "nope")


# --- the admin: upload -> preview -> confirm --------------------------------------------


IMPORT_URL = "admin:learning_question_import"


def upload(client, concept, name="bank.gift", content=b"::T::Q?{T}\n\nEssay{}\n", **extra):
    data = {"file": SimpleUploadedFile(name, content), "concept": str(concept.pk), **extra}
    return client.post(reverse(IMPORT_URL), data)


def test_question_list_links_to_the_import_page(editor_client):
    page = editor_client.get(reverse("admin:learning_question_changelist"))
    assert reverse(IMPORT_URL) in page.text
    assert "Import questions" in page.text


def test_upload_previews_then_confirm_imports(editor_client, concept):
    preview = upload(editor_client, concept)
    assert preview.status_code == 200
    assert "would import 1 question (drafts), skipped 1" in preview.text
    assert "essay questions are not supported" in preview.text
    assert Question.objects.count() == 0  # the preview writes nothing

    done = editor_client.post(reverse("admin:learning_question_import_confirm"), {"confirm": "1"})
    assert done.status_code == 302
    assert done.url == reverse("admin:learning_question_changelist")
    question = Question.objects.get()
    assert (question.concept, question.title, question.kind) == (concept, "T", "true_false")

    again = editor_client.post(
        reverse("admin:learning_question_import_confirm"), {"confirm": "1"}, follow=True
    )
    assert "no previewed file to import" in again.text
    assert Question.objects.count() == 1


def test_preview_of_a_malformed_file_shows_the_line(editor_client, concept):
    page = upload(editor_client, concept, content=b"Q1{T}\n\nQ2{=a\n")
    assert page.status_code == 200
    assert "line 3" in page.text and "never closed" in page.text
    assert Question.objects.count() == 0


def test_upload_size_and_type_are_checked(editor_client, concept):
    big = upload(editor_client, concept, content=b"x" * (MAX_UPLOAD_BYTES + 1))
    assert "the limit is 2.0 MB" in big.text
    wrong = upload(editor_client, concept, name="bank.docx", content=b"PK")
    assert "is not a question-bank file" in wrong.text
    no_concept = editor_client.post(
        reverse(IMPORT_URL), {"file": SimpleUploadedFile("a.gift", b"Q{T}")}
    )
    assert "Choose the concept" in no_concept.text
    assert Question.objects.count() == 0


def test_only_editors_may_import(client, login, student, other_teacher):
    anonymous = client.get(reverse(IMPORT_URL))
    assert anonymous.status_code == 302 and "/login/" in anonymous.url
    assert login(student).get(reverse(IMPORT_URL)).status_code == 302  # not staff: to login
    # Staff outside the Content editors group may not add questions.
    assert login(other_teacher).get(reverse(IMPORT_URL)).status_code == 403


# --- rendering imported text ------------------------------------------------------------


def test_markdown_is_rendered_then_sanitised():
    html = str(rich("**Bold** and <script>alert(1)</script>\n\n* one\n* two", "markdown"))
    assert "<strong>Bold</strong>" in html
    assert "<li>one</li>" in html
    assert "<script" not in html
    link = str(rich_inline("[x](javascript:alert(1)) *em*", "markdown"))
    assert "javascript:" not in link
    assert link.endswith("<em>em</em>") and not link.startswith("<p>")


def test_plain_and_moodle_formats_render_as_before_and_html_is_sanitised():
    assert str(rich("Is 3 < 5?", "plain")) == "<p>Is 3 &lt; 5?</p>"
    assert str(rich("Is 3 < 5?", "moodle")) == str(rich("Is 3 < 5?"))
    assert str(rich('<p onclick="x()">Hi</p>', "html")) == "<p>Hi</p>"


def test_template_filter_takes_the_question_format():
    question = QuestionFactory.build(prompt="Use *this*", prompt_format="markdown")
    template = Template("{% load rich_text %}{{ q.prompt|rich:q.prompt_format }}")
    assert template.render(Context({"q": question})) == "<p>Use <em>this</em></p>"
