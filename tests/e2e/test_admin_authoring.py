"""A teacher authors a question in the admin, in a real browser, under the site's CSP."""

import pytest
from playwright.sync_api import expect

from learning.models import Question
from learning.permissions import content_editors_group_ensure
from tests import factories

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def csp_violations(page):
    """Console reports of anything the Content-Security-Policy blocked."""
    violations: list[str] = []
    page.on(
        "console",
        lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    return violations


def test_teacher_adds_a_single_choice_question(page, live_server, csp_violations):
    teacher = factories.TeacherFactory(username="tess")
    teacher.groups.add(content_editors_group_ensure())
    concept = factories.ConceptFactory(name="Adding whole numbers")
    factories.ConceptFactory(name="Place value")  # so the autocomplete has to filter

    page.goto(f"{live_server.url}/admin/login/?next=/admin/")
    page.get_by_label("Username").fill("tess")
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Curriculum, classes and learners")).to_be_visible()

    page.goto(f"{live_server.url}/admin/learning/question/add/")
    # The concept is picked through the autocomplete widget (select2 + admin JSON view).
    page.locator(".field-concept .select2-selection").click()
    page.locator(".select2-search__field").fill("adding")
    page.locator(".select2-results__option", has_text="Adding whole numbers").click()
    page.get_by_label("Kind").select_option("single")
    page.locator("#id_prompt").fill("What is 2 + 2?")
    page.locator("#id_choices-0-text").fill("4")
    page.locator("#id_choices-0-is_correct").check()
    page.locator("#id_choices-1-text").fill("5")
    page.get_by_role("button", name="Add another choice").click()
    page.locator("#id_choices-2-text").fill("3")
    page.locator("#id_choices-2-feedback").fill("Count again: 2 + 2 is more than 3.")
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    question = Question.objects.get()
    assert question.concept == concept
    assert question.status == Question.Status.DRAFT
    assert list(question.choices.values_list("text", "is_correct", "feedback")) == [
        ("4", True, ""),
        ("5", False, ""),
        ("3", False, "Count again: 2 + 2 is more than 3."),
    ]
    assert csp_violations == []


def test_teacher_gives_partial_credit_and_sees_the_problem_next_to_the_weight(
    page, live_server, csp_violations
):
    teacher = factories.TeacherFactory(username="tess")
    teacher.groups.add(content_editors_group_ensure())
    factories.ConceptFactory(name="Fractions")

    page.goto(f"{live_server.url}/admin/login/?next=/admin/")
    page.get_by_label("Username").fill("tess")
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server.url}/admin/learning/question/add/")
    page.locator(".field-concept .select2-selection").click()
    page.locator(".select2-search__field").fill("fract")
    page.locator(".select2-results__option", has_text="Fractions").click()
    page.get_by_label("Kind").select_option("single")
    page.locator("#id_prompt").fill("Which is half of 1?")
    page.locator("#id_choices-0-text").fill("0.4")
    page.locator("#id_choices-0-weight").fill("0.5")
    page.locator("#id_choices-1-text").fill("0.3")
    page.locator("#id_choices-1-weight").fill("0")
    page.get_by_role("button", name="Save", exact=True).click()

    # No answer earns full marks: the message sits on the first row, by its weight.
    row = page.locator("#choices-0")
    expect(row.locator(".errorlist")).to_contain_text("earns full marks")
    assert Question.objects.count() == 0

    page.locator("#id_choices-0-text").fill("0.5")
    page.locator("#id_choices-0-weight").fill("1")
    page.locator("#id_choices-0-is_correct").check()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    assert list(Question.objects.get().choices.values_list("text", "weight")) == [
        ("0.5", 1.0),
        ("0.3", 0.0),
    ]
    assert csp_violations == []
