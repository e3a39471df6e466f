"""Authoring Moodle's answer fields in the admin: fractions, tolerances, case sensitivity."""

from decimal import Decimal

import pytest
from django.urls import reverse

from learning import grading
from learning.models import Choice, Question
from tests.factories import ConceptFactory

pytestmark = pytest.mark.django_db
ADD = "admin:learning_question_add"


def post_data(kind, rows, **fields):
    """The add form plus its choice inline; a row is (text, correct, weight, tolerance)."""
    data = {
        "concept": str(ConceptFactory().pk),
        "kind": kind,
        "title": "",
        "prompt": "What is it?",
        "explanation": "",
        "numeric_answer": "",
        "tolerance": "0",
        "hint_1": "",
        "hint_2": "",
        "hint_3": "",
        "status": "draft",
        "difficulty": "3",
        "order": "0",
        "choices-TOTAL_FORMS": str(len(rows)),
        "choices-INITIAL_FORMS": "0",
        "choices-MIN_NUM_FORMS": "0",
        "choices-MAX_NUM_FORMS": "1000",
        **fields,
    }
    for i, (text, correct, weight, tolerance) in enumerate(rows):
        data |= {
            f"choices-{i}-order": str(i),
            f"choices-{i}-text": text,
            f"choices-{i}-feedback": f"feedback {i}",
            f"choices-{i}-weight": "" if weight is None else str(weight),
            f"choices-{i}-tolerance": "" if tolerance is None else str(tolerance),
        }
        if correct:
            data[f"choices-{i}-is_correct"] = "on"
    return data


def row_errors(response) -> list[dict]:
    formset = response.context["inline_admin_formsets"][0].formset
    return [dict(form.errors) for form in formset.forms]


def test_a_best_answer_below_full_marks_is_refused_next_to_its_weight(editor_client):
    rows = [("half", False, 0.5, None), ("none", False, 0.0, None)]
    response = editor_client.post(reverse(ADD), post_data("single", rows))
    assert response.status_code == 200
    errors = row_errors(response)
    assert errors[0]["weight"] == [
        "No answer of this single-choice question earns full marks (the best, choice 1, earns "
        "50%): give one a weight of 1 (100%)."
    ]
    assert errors[1] == {}
    assert Question.objects.count() == 0


def test_a_tick_that_disagrees_with_the_weight_is_shown_on_its_row(editor_client):
    rows = [("best", True, 1.0, None), ("half", True, 0.5, None)]
    response = editor_client.post(reverse(ADD), post_data("single", rows))
    assert "is_correct" in row_errors(response)[1]
    assert Question.objects.count() == 0


def test_numeric_answer_rows_are_saved_and_fill_in_the_correct_answer(editor_client):
    rows = [("1822", True, 1.0, "0"), ("1822", True, 0.5, "2"), ("*", False, 0.0, None)]
    response = editor_client.post(reverse(ADD), post_data("numeric", rows))
    assert response.status_code == 302, response.context and response.context["errors"]
    question = Question.objects.get()
    assert (question.numeric_answer, question.tolerance) == (Decimal(1822), Decimal(0))
    assert [(c.text, c.tolerance, c.weight) for c in question.choices.all()] == [
        ("1822", Decimal(0), 1.0),
        ("1822", Decimal(2), 0.5),
        ("*", None, 0.0),
    ]
    result = grading.grade(question.to_spec(), {"value": "1823"})
    assert (result.score, result.feedback) == (0.5, ("feedback 1",))


def test_a_numeric_answer_row_that_is_not_a_number_is_refused_on_its_row(editor_client):
    rows = [("twelve", True, 1.0, "0")]
    response = editor_client.post(reverse(ADD), post_data("numeric", rows, numeric_answer="12"))
    assert "is not a number" in row_errors(response)[0]["text"][0]
    assert Choice.objects.count() == 0


def test_case_sensitivity_is_for_short_text_only(editor_client):
    rows = [("a", True, None, None), ("b", False, None, None)]
    response = editor_client.post(reverse(ADD), post_data("single", rows, case_sensitive="on"))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["case_sensitive"] == [
        "Only short-text questions can be case-sensitive; untick it."
    ]
    ok = post_data("short_text", [("SELECT", True, 1.0, None)], case_sensitive="on")
    assert editor_client.post(reverse(ADD), ok).status_code == 302
    spec = Question.objects.get().to_spec()
    assert [grading.grade(spec, {"value": v}).score for v in ("SELECT", "select")] == [1.0, 0.0]
