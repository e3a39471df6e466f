"""Keyboard only: a student logs in, reaches a concept, practises and finishes, using Tab,
Shift+Tab, Space and Enter (and typing); never the mouse. Then the non-visual checks:
charts carry text alternatives, and the class grid never speaks in colour alone.
"""

import io
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from demo import content as demo_content
from learning.models import Question, Topic
from learning.services import question_create
from tests.e2e.test_teacher_dashboard import seed_class_activity

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CONCEPT = "Keyboard fractions"
# The correct choice is listed first: Tab enters a radio group on its first option, and
# Tab/Shift+Tab/Space/Enter alone cannot move within a group (arrow keys would).
QUESTIONS = [
    (
        Question.Kind.SINGLE,
        "Which fraction is one half?",
        [("1/2", True, ""), ("1/3", False, ""), ("2/3", False, "")],
        {"difficulty": 1},
    ),
    (
        Question.Kind.MULTIPLE,
        "Which fractions equal one half?",
        [("2/4", True, ""), ("3/6", True, ""), ("2/3", False, "")],
        {"difficulty": 2},
    ),
    (
        Question.Kind.NUMERIC,
        "Write one quarter as a decimal.",
        [],
        {"difficulty": 2, "numeric_answer": Decimal("0.25"), "tolerance": Decimal("0")},
    ),
]


@pytest.fixture
def keyboard_concept():
    call_command("seed_demo", stdout=io.StringIO())
    topic = Topic.objects.get(slug="fractions")
    concept = topic.concepts.create(
        name=CONCEPT, slug="keyboard-fractions", explanation="Parts of a whole.", order=0
    )
    for order, (kind, prompt, choices, fields) in enumerate(QUESTIONS, start=1):
        question_create(
            concept=concept,
            kind=kind,
            prompt=prompt,
            choices=choices,
            explanation="Equal parts of a whole.",
            status=Question.Status.PUBLISHED,
            order=order,
            **fields,
        )
    return concept


FOCUSED = """([selector, text]) => {
    const el = document.activeElement;
    if (!el || !el.matches(selector)) return false;
    if (text === null) return true;
    const own = (el.innerText || el.value || "").trim();
    const label = el.labels && el.labels.length ? el.labels[0].innerText.trim() : "";
    return own === text || label === text;
}"""


def tab_to(page: Page, selector: str, text: str | None = None, *, back: bool = False) -> None:
    """Press Tab (or Shift+Tab) until the focused element matches; fail after 80 presses."""
    for _ in range(80):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        if page.evaluate(FOCUSED, [selector, text]):
            visible = page.evaluate("() => document.activeElement.matches(':focus-visible')")
            assert visible, f"{selector} {text!r} has focus but no visible focus indicator"
            return
    raise AssertionError(f"Tab never reached {selector} {text!r} on {page.url}")


def press_and_wait(page: Page, key: str = "Enter") -> None:
    """Press a key that follows a link or submits a form, and wait for the new page."""
    with page.expect_navigation():
        page.keyboard.press(key)


def answer_by_keyboard(page: Page) -> None:
    pk = page.locator("input[name=question]").get_attribute("value")
    question = Question.objects.prefetch_related("choices").get(pk=pk)
    if question.kind == Question.Kind.NUMERIC:
        tab_to(page, "input[name=answer]")
        page.keyboard.type("0,25")
    else:
        for choice in question.choices.all():
            if choice.is_correct:
                tab_to(page, f"input[name=answer][value='{choice.pk}']")
                page.keyboard.press("Space")
        expect(page.locator("input[name=answer]:checked")).to_have_count(
            sum(c.is_correct for c in question.choices.all())
        )
    tab_to(page, "button", "Submit answer")
    press_and_wait(page)


def test_a_student_practises_a_concept_with_the_keyboard_alone(page, live_server, keyboard_concept):
    page.goto(f"{live_server.url}/accounts/login/")
    tab_to(page, "input[name=username]")
    page.keyboard.type("student")
    tab_to(page, "input[name=password]")
    page.keyboard.type(demo_content.DEMO_PASSWORD)
    press_and_wait(page)
    expect(page).to_have_url(re.compile(r"/practice/$"))

    for selector, text in [
        ("a", "Subjects"),
        ("a", keyboard_concept.topic.subject.name),
        ("a", keyboard_concept.topic.name),
        ("a", CONCEPT),
    ]:
        tab_to(page, selector, text)
        press_and_wait(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text(CONCEPT)
    tab_to(page, "button", "Start practice")
    press_and_wait(page, "Space")

    # Two of the concept's three questions (a session asks each once), then end it early.
    for position in range(1, 3):
        expect(page.get_by_text(f"Question {position} of")).to_be_visible()
        answer_by_keyboard(page)
        expect(page.locator("#verdict")).to_have_text("Correct")
        # Next has the focus after answering (issue 15): Enter goes on, no tabbing.
        expect(page.get_by_role("link", name="Next question")).to_be_focused()
        press_and_wait(page)

    expect(page.get_by_role("button", name="End session")).to_be_visible()
    # Shift+Tab from the top wraps round to the end of the page, where the button is.
    tab_to(page, "button", "End session", back=True)
    press_and_wait(page)
    expect(page).to_have_url(re.compile(r"/summary/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Session summary")
    expect(page.get_by_text("2 of 2 correct")).to_be_visible()
    expect(page.get_by_role("link", name=CONCEPT)).to_be_visible()


def test_charts_have_text_alternatives(page, live_server, e2e_login):
    seed_class_activity()
    e2e_login("student", demo_content.DEMO_PASSWORD)
    page.goto(f"{live_server.url}/progress/")
    figures = page.locator("figure.chart-figure")
    assert figures.count() >= 1
    for i in range(figures.count()):
        figure = figures.nth(i)
        caption = figure.locator("figcaption").inner_text().strip()
        assert caption, f"chart {i} has no caption summarising it"
        svg = figure.locator("svg").first
        hidden = svg.get_attribute("aria-hidden") == "true"
        named = svg.get_attribute("role") == "img" and (
            svg.get_attribute("aria-label") or svg.locator("title").count()
        )
        assert hidden or named, f"chart {i}'s svg is neither hidden nor named"
        assert figure.locator("details table, details p").count(), f"chart {i}: no data view"


def test_the_class_grid_never_uses_colour_alone(page, live_server, e2e_login):
    classroom, _student = seed_class_activity()
    e2e_login("teacher", demo_content.DEMO_PASSWORD)
    page.goto(f"{live_server.url}/teach/classes/{classroom.pk}/")
    cells = page.locator("#mastery-grid tbody td")
    assert cells.count() > 0
    symbols = re.compile(r"[0-9%✔↻◐○—]|Never|ago|Not started|Mastered|Review|progress")
    for i in range(cells.count()):
        text = cells.nth(i).inner_text().strip()
        assert symbols.search(text), f"grid cell {i} has no text or symbol: {text!r}"
