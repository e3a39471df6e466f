"""The demo journey that used to reach "Mastered" by repetition, in a real browser (issue 14).

On the seeded demo, a 4-question concept used to make a "Question 1 of 10" session: the same
questions came round again right after their answers were shown, and a student went from
four wrong answers to 99%, "Mastered" and a badge by repeating the four revealed answers.
Now the session has 4 questions, a second session's repeats are practice (the feedback page
says so), and the concept stays "In progress". A guest on "Times tables" gets the same.
"""

import io
import os
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from achievements.models import LearnerBadge
from learning.models import Concept, Question
from progress.models import Attempt, ConceptMastery
from tests import factories

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("PATHWISE_SCREENSHOTS", "test-results")) / "mastery-trust"


def _shoot(page: Page, name: str) -> None:
    """Screenshots at desktop and phone widths, for people to look at (never committed)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    for width, height in ((1280, 800), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=SHOTS / f"{name}-{width}.png", full_page=True)
    page.set_viewport_size(size)


def _served(page: Page) -> Question:
    pk = page.locator("input[name=question]").get_attribute("value")
    return Question.objects.prefetch_related("choices").get(pk=pk)


def _pick(page: Page, question: Question, *, correct: bool) -> None:
    """Answer as a student would: right, or wrong, whatever the kind of question."""
    choices = list(question.choices.all())
    if question.kind == Question.Kind.NUMERIC:
        text = f"{question.numeric_answer.normalize()}" if correct else "123456"
        page.get_by_role("textbox", name="Your answer").fill(text)
    elif question.kind == Question.Kind.SHORT_TEXT:
        text = next(c.text for c in choices if c.is_correct) if correct else "no idea"
        page.get_by_role("textbox", name="Your answer").fill(text)
    else:
        picks = [c for c in choices if c.is_correct] if correct else []
        if not correct:
            picks = [next(c for c in choices if not c.is_correct)]
        for choice in picks:
            page.locator(f"input[name=answer][value='{choice.pk}']").check()
    page.get_by_role("button", name="Submit answer").click()


def _session(page: Page, concept_url: str, *, total: int, revealed: dict[int, bool]) -> list[int]:
    """One session from the concept page: wrong on a new question, and the answer the last
    feedback page revealed on a question seen before. Returns the questions served."""
    page.goto(concept_url)
    page.get_by_role("button", name="Start practice").click()
    served = []
    for position in range(1, total + 1):
        expect(page.get_by_text(f"Question {position} of {total}")).to_be_visible()
        question = _served(page)
        seen = question.pk in revealed
        _pick(page, question, correct=seen)
        if seen:  # the revealed answer again, seconds later: practice, and the page says so
            expect(page.locator("#practice-note")).to_contain_text("does not change your estimate")
            if position == 1:
                _shoot(page, "feedback-practice")
        revealed[question.pk] = True
        served.append(question.pk)
        label = "See your summary" if position == total else "Next question"
        page.get_by_role("link", name=label).click()
    expect(page.get_by_role("heading", name="Session summary")).to_be_visible()
    return served


def test_repeating_the_revealed_answers_no_longer_masters_a_four_question_concept(
    page, live_server, e2e_login
):
    call_command("seed_demo", stdout=io.StringIO())
    concept = Concept.objects.get(slug="place-value")
    assert concept.questions.published().count() == 4
    factories.StudentFactory(username="robin")
    e2e_login("robin", factories.PASSWORD)
    concept_url = f"{live_server.url}{concept.get_absolute_url()}"

    revealed: dict[int, bool] = {}
    first = _session(page, concept_url, total=4, revealed=revealed)  # four wrong answers
    assert len(set(first)) == 4  # never the same question twice in a session
    second = _session(page, concept_url, total=4, revealed=revealed)  # the revealed answers
    assert second == first  # least recently seen first
    _shoot(page, "summary-after-repeats")

    row = ConceptMastery.objects.get(learner__username="robin", concept=concept)
    assert row.status == "in_progress" and row.p_known < 0.2
    assert not LearnerBadge.objects.filter(learner__username="robin", badge__slug="first-mastery")
    assert (
        list(Attempt.objects.filter(learner__username="robin").values_list("evidence", flat=True))
        == [1.0] * 4 + [0.0] * 4
    )

    page.goto(concept_url)
    expect(page.locator(".badge-pill").first).to_contain_text("In progress")
    page.get_by_role("link", name="Why this number?").click()
    expect(page.get_by_text("practice, not evidence")).to_have_count(4)
    expect(page.locator("#now-h + p .badge-pill")).to_contain_text("In progress")
    _shoot(page, "why-this-number")


def test_a_guest_repeating_times_tables_is_not_mastered(page, live_server):
    call_command("seed_demo", stdout=io.StringIO())
    concept = Concept.objects.get(slug="times-tables")
    total = concept.questions.published().count()
    concept_url = f"{live_server.url}{concept.get_absolute_url()}"
    page.goto(concept_url)
    page.get_by_role("button", name="Practise as a guest").click()
    revealed: dict[int, bool] = {}
    _session(page, concept_url, total=total, revealed=revealed)
    _session(page, concept_url, total=total, revealed=revealed)
    _shoot(page, "guest-summary")
    page.goto(concept_url)
    expect(page.locator(".badge-pill").first).to_contain_text("In progress")
    assert ConceptMastery.objects.get(learner__is_guest=True, concept=concept).status == (
        "in_progress"
    )
