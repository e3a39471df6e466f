"""The practice loop's page flow (issue 15): what a learner notices between two questions.

The last answer closes the session, the back button never gets a cached question page, a
resubmitted form with a different answer says the first one counts, an empty session says
so instead of "0% · 0 of 0 correct", a refused answer keeps what was ticked, and the
feedback page puts the verdict first and focuses Next.
"""

import re

import pytest

from learning.models import Question
from progress.models import Attempt, PracticeSession
from tests.factories import ConceptFactory, QuestionFactory, answer_post_data
from tests.progress.practice.pages import start, text_of, token_in, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_question_session(login, student):
    concept = ConceptFactory(name="Ratios")
    for n in range(2):
        QuestionFactory(concept=concept, prompt=f"Ratio question {n}?")
    client = login(student)
    _, session = start(client, "concept", concept.slug)
    PracticeSession.objects.filter(pk=session.pk).update(target_questions=2)
    return client, session


def _answer(client, session, *, correct=True):
    page = client.get(url("session_question", session.pk))
    question = page.context["question"]
    response = client.post(
        url("session_answer", session.pk),
        answer_post_data(question, correct=correct, token=token_in(page)),
    )
    return page, question, response


def test_the_question_page_is_never_cached(two_question_session):
    client, session = two_question_session
    page = client.get(url("session_question", session.pk))
    assert "no-store" in page["Cache-Control"]


def test_the_last_answer_closes_the_session_and_feedback_leads_to_the_summary(
    two_question_session,
):
    client, session = two_question_session
    _answer(client, session)
    session.refresh_from_db()
    assert session.status == PracticeSession.Status.IN_PROGRESS

    _, _, response = _answer(client, session)
    session.refresh_from_db()
    assert session.status == PracticeSession.Status.COMPLETED  # without pressing anything
    feedback = text_of(client.get(response["Location"]))
    assert "That was the last question of this session." in feedback
    assert f'href="{url("session_summary", session.pk)}"' in feedback


def test_feedback_puts_the_verdict_first_and_focuses_next(two_question_session):
    client, session = two_question_session
    _, _, response = _answer(client, session, correct=False)
    body = client.get(response["Location"]).content.decode()
    main = body[body.index('<main id="main"') :]
    # The verdict is the page's heading and comes before everything else in the card.
    assert re.search(r'<h1 id="verdict" class="verdict verdict-wrong">', main)
    assert main.index('id="verdict"') < main.index("feedback-prompt") < main.index('id="next"')
    next_link = re.search(r'<a [^>]*id="next"[^>]*>', main)[0]
    assert "autofocus" in next_link and 'aria-describedby="verdict"' in next_link
    # The news (mastery, badges) comes after Next, in one compact list.
    assert main.index('id="next"') < main.index('class="news"')


def test_a_resubmitted_form_with_another_answer_says_the_first_one_counts(
    two_question_session,
):
    client, session = two_question_session
    page = client.get(url("session_question", session.pk))
    question = page.context["question"]
    token = token_in(page)
    client.post(url("session_answer", session.pk), answer_post_data(question, token=token))
    again = client.post(
        url("session_answer", session.pk),
        answer_post_data(question, correct=False, token=token),
        follow=True,
    )
    assert Attempt.objects.count() == 1
    assert "your first answer is the one that counts" in text_of(again)
    # The same answer sent twice (a double click) is not worth a notice.
    same = client.post(
        url("session_answer", session.pk), answer_post_data(question, token=token), follow=True
    )
    assert "first answer is the one that counts" not in text_of(same)


def test_ending_a_session_before_answering_says_so(two_question_session):
    client, session = two_question_session
    client.get(url("session_question", session.pk))
    summary = text_of(client.post(url("session_finish", session.pk), follow=True))
    assert "before answering any question" in summary
    assert "0 of 0 correct" not in summary


def test_the_answer_input_is_focused_and_a_refused_answer_keeps_the_ticks(login, student):
    concept = ConceptFactory(name="Sets")
    question = QuestionFactory(concept=concept, kind=Question.Kind.MULTIPLE)
    client = login(student)
    _, session = start(client, "concept", concept.slug)
    page = client.get(url("session_question", session.pk)).content.decode()
    first_input = re.search(r'<input type="checkbox" name="answer"[^>]*>', page)[0]
    assert "autofocus" in first_input
    picked = str(question.choices.order_by("order", "pk").last().pk)
    response = client.post(
        url("session_answer", session.pk),
        {"question": str(question.pk), "client_token": "garbled", "answer": [picked]},
    )
    assert response.status_code == 400
    kept = re.search(
        rf'<input type="checkbox" name="answer" value="{picked}"[^>]*>', text_of(response)
    )
    assert kept and "checked" in kept[0]


def test_flash_messages_are_paragraphs_in_a_status_region(login, student):
    """axe flagged a <li> whose list had role=status (the list lost its list semantics)."""
    from tests.factories import ConceptPrerequisiteFactory

    concept = ConceptFactory(name="Hard")
    QuestionFactory(concept=concept)
    ConceptPrerequisiteFactory(concept=concept, prerequisite=ConceptFactory(name="Easy"))
    client = login(student)
    response, _ = start(client, "concept", concept.slug)
    html = client.get(response["Location"]).content.decode()
    region = re.search(r'<div role="status" class="messages">(.*?)</div>', html, re.S)
    assert region and '<p class="message message-warning">Heads up' in region[1]
    assert "<li" not in region[1]
