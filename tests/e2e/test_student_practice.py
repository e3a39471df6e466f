"""The demo student practises a concept in a real browser, under the site's strict CSP.

A dedicated concept holds exactly one published question of each kind, so the session
serves all five; the test reads the correct answers from the database, like a student
who knows them.
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
from progress.models import Attempt, MasteryParameters
from tests import factories

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HINT = "Think of a pizza cut into equal slices."
WRONG_FEEDBACK = "Three pieces of the same pizza are three quarters, not one third."
# (kind, prompt, choices as (text, is_correct, feedback), extra fields)
QUESTIONS = [
    (
        Question.Kind.SINGLE,
        "A pizza is cut into 4 equal slices and you eat 3. What fraction did you eat?",
        [("3/4", True, ""), ("1/3", False, WRONG_FEEDBACK), ("4/3", False, "")],
        # Easiest first: with the concept's prior it is the best-matched question, so it
        # is served first (and first again in the next session: the least recently seen).
        {"difficulty": 1, "hint_1": HINT},
    ),
    (
        Question.Kind.MULTIPLE,
        "Which fractions are equal to one half?",
        [("2/4", True, ""), ("3/6", True, ""), ("2/3", False, "2/3 is more than a half.")],
        {"difficulty": 4},
    ),
    (
        Question.Kind.TRUE_FALSE,
        "True or false: 2/8 is the same amount as 1/4.",
        [("True", True, ""), ("False", False, "Divide top and bottom of 2/8 by 2.")],
        {"difficulty": 4},
    ),
    (
        Question.Kind.NUMERIC,
        "Write one quarter as a decimal.",
        [],
        {"difficulty": 4, "numeric_answer": Decimal("0.25"), "tolerance": Decimal("0")},
    ),
    (
        Question.Kind.SHORT_TEXT,
        "What is the name of the bottom number of a fraction?",
        [("denominator", True, ""), ("numerator", False, "The numerator is the top number.")],
        {"difficulty": 4},
    ),
]


@pytest.fixture
def csp_violations(page):
    """Console reports of anything the Content-Security-Policy blocked."""
    violations: list[str] = []
    page.on(
        "console",
        lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    return violations


@pytest.fixture
def all_kinds_concept():
    """The seeded demo plus a concept with exactly one published question of each kind."""
    call_command("seed_demo", stdout=io.StringIO())
    topic = Topic.objects.get(slug="fractions")
    concept = topic.concepts.create(
        name="Fractions in every form",
        slug="fractions-in-every-form",
        explanation="A fraction names equal parts of a whole: 3/4 is three of four parts.",
        order=99,
    )
    # A slow-moving model (as fit_mastery might have fitted it), so five right answers
    # in a row keep moving the estimate instead of saturating at 100%.
    MasteryParameters.objects.create(
        concept=concept, prior=0.2, learn=0.1, slip=0.1, guess=0.25, forget=0.02
    )
    for order, (kind, prompt, choices, fields) in enumerate(QUESTIONS, start=1):
        question_create(
            concept=concept,
            kind=kind,
            prompt=prompt,
            choices=choices,
            explanation=f"Explanation {order}: equal parts of a whole.",
            status=Question.Status.PUBLISHED,
            order=order,
            **fields,
        )
    return concept


def _served_question(page: Page) -> Question:
    pk = page.locator("input[name=question]").get_attribute("value")
    return Question.objects.prefetch_related("choices").get(pk=pk)


def _answer(page: Page, question: Question, *, correctly: bool = True) -> None:
    """Fill in the answer form the way a student would, then submit it."""
    choices = list(question.choices.all())
    if question.kind in (Question.Kind.NUMERIC, Question.Kind.SHORT_TEXT):
        if question.kind == Question.Kind.NUMERIC:
            text = f"{question.numeric_answer.normalize()}" if correctly else "7"
        else:
            text = next(c.text for c in choices if c.is_correct == correctly)
        page.get_by_role("textbox", name="Your answer").fill(text)
    else:
        picks = [c for c in choices if c.is_correct] if correctly else []
        if not correctly:  # a wrong choice the author wrote feedback for
            picks = [next(c for c in choices if not c.is_correct and c.feedback)]
        for choice in picks:
            page.locator(f"input[name=answer][value='{choice.pk}']").check()
    page.get_by_role("button", name="Submit answer").click()


def _mastery_change(page: Page) -> tuple[int | None, int]:
    text = page.locator(".mastery-change").inner_text()
    moved = re.fullmatch(r"(\d+)% → (\d+)%", text.strip())
    if moved:
        return int(moved[1]), int(moved[2])
    first = re.fullmatch(r"First answer on this concept: (\d+)%", text.strip())
    assert first, text
    return None, int(first[1])


def test_student_answers_every_kind_and_watches_mastery_move(
    page, live_server, e2e_login, all_kinds_concept, csp_violations
):
    concept = all_kinds_concept
    e2e_login("student", demo_content.DEMO_PASSWORD)
    page.goto(f"{live_server.url}{concept.get_absolute_url()}")
    expect(page.get_by_text("5 practice questions available")).to_be_visible()
    page.get_by_role("button", name="Start practice").click()

    kinds_answered = []
    percents = []
    for position in range(1, 6):
        # Five questions make a five-question session: none is asked twice.
        expect(page.get_by_text(f"Question {position} of 5")).to_be_visible()
        question = _served_question(page)
        expect(page.locator(".prompt")).to_contain_text(question.prompt)
        if position == 1:
            # A hint is revealed on the server and shown on the reloaded page.
            assert question.hint_1 == HINT
            expect(page.get_by_text(HINT)).to_have_count(0)
            page.get_by_role("button", name="Show a hint").click()
            expect(page.get_by_role("region", name="Hints")).to_contain_text(HINT)
            expect(page.get_by_role("button", name="Show a hint")).to_have_count(0)

        _answer(page, question)

        expect(page.get_by_role("heading", level=1)).to_have_text("Correct")
        why = page.get_by_role("region", name="Why")
        expect(why).to_contain_text(question.explanation)
        before, after = _mastery_change(page)
        if position == 1:
            assert before is None  # the first answer starts from the concept's prior
        else:
            assert before == percents[-1]
            assert after > before, f"mastery did not move on answer {position}"
        percents.append(after)
        kinds_answered.append(question.kind)
        page.get_by_role(
            "link", name="See your summary" if position == 5 else "Next question"
        ).click()

    assert sorted(kinds_answered) == sorted(kind for kind, *_ in QUESTIONS)
    assert Attempt.objects.filter(concept=concept, is_correct=True).count() == 5
    assert Attempt.objects.get(concept=concept, hints_used=1).question.kind == "single"
    expect(page.get_by_role("heading", name="Session summary")).to_be_visible()

    # A new session minutes later: the least recently seen question comes first, and
    # answering it again so soon after its answer was shown is practice, not evidence.
    page.goto(f"{live_server.url}{concept.get_absolute_url()}")
    page.get_by_role("button", name="Start practice").click()
    expect(page.get_by_text("Question 1 of 5")).to_be_visible()
    question = _served_question(page)
    assert question.kind == Question.Kind.SINGLE
    _answer(page, question, correctly=False)

    expect(page.get_by_role("heading", level=1)).to_have_text("Not quite")
    picked = page.locator(".choice-review li.picked")
    expect(picked).to_contain_text("(your choice)")
    expect(picked.locator(".choice-feedback")).to_have_text(WRONG_FEEDBACK)
    expect(page.locator(".choice-review li.is-correct")).to_contain_text("3/4")
    expect(page.locator("#practice-note")).to_contain_text(f"({percents[-1]}%)")

    page.get_by_role("link", name="Next question").click()
    page.get_by_role("button", name="End session").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.goto(f"{live_server.url}{concept.get_absolute_url()}")
    expect(page.get_by_role("link", name="Why this number?")).to_be_visible()
    assert csp_violations == []


def test_a_wrong_short_answer_the_author_anticipated_gets_its_feedback(
    page, live_server, e2e_login, csp_violations
):
    concept = factories.ConceptFactory(name="Parts of a fraction")
    kind, prompt, choices, _ = QUESTIONS[4]
    question_create(
        concept=concept,
        kind=kind,
        prompt=prompt,
        choices=choices,
        explanation="The denominator says how many equal parts the whole has.",
        status=Question.Status.PUBLISHED,
    )
    factories.StudentFactory(username="sasha")
    e2e_login("sasha", factories.PASSWORD)
    page.goto(f"{live_server.url}{concept.get_absolute_url()}")
    page.get_by_role("button", name="Start practice").click()

    page.get_by_role("textbox", name="Your answer").fill("Numerator")
    page.get_by_role("button", name="Submit answer").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Not quite")
    expect(page.locator(".choice-feedback")).to_have_text("The numerator is the top number.")
    expect(page.get_by_text("Accepted answer: denominator")).to_be_visible()
    # The wrong answers the author anticipated are not listed as if they were options.
    expect(page.locator(".choice-review")).to_have_count(0)
    assert csp_violations == []
