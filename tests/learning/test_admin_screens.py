"""The authoring admin's screens (issue 15): an error in a question's choices is said at
the top of the form with a link down to them, flash messages keep the file name as
written, and the admin carries the site's icon and the stylesheet that keeps the choices
table inside the page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from learning.models import Question
from tests.factories import ConceptFactory
from tests.learning.test_admin import _question_post

pytestmark = pytest.mark.django_db


def test_a_choices_error_is_summarised_at_the_top_of_the_form(editor_client):
    data = _question_post(ConceptFactory(), kind="single", choices=[("4", True), ("5", True)])
    page = editor_client.post(reverse("admin:learning_question_add"), data).content.decode()
    message = "A single-choice question needs exactly one correct choice (it has 2)."
    summary = page.index('id="choices-summary"')
    assert message in page[summary : summary + 400]
    assert summary < page.index("<fieldset")  # above the form's fields, not 2,900 px down
    assert 'href="#choices-group"' in page
    assert Question.objects.count() == 0


def test_the_import_flash_keeps_the_file_name_as_written(editor_client):
    concept = ConceptFactory()
    editor_client.post(
        reverse("admin:learning_question_import"),
        {"file": SimpleUploadedFile("small.gift", b"::T::Q?{T}\n"), "concept": str(concept.pk)},
    )
    done = editor_client.post(
        reverse("admin:learning_question_import_confirm"), {"confirm": "1"}, follow=True
    )
    html = done.content.decode()
    assert "small.gift:" in html and "Small.gift" not in html


def test_admin_pages_carry_the_icon_and_the_stylesheet(editor_client):
    html = editor_client.get(reverse("admin:index")).content.decode()
    assert 'rel="icon" href="/static/favicon.svg"' in html
    assert "css/admin.css" in html
