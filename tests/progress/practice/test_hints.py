"""Hints belong to the learner and the question, not to the session: a hint revealed in one
tab counts against the answer to that question given in any other."""

import pytest
from django.utils import timezone

from progress.models import Attempt, PracticeSession
from progress.practice.sessions import session_reveal_hint, session_serve, session_start
from tests.factories import ConceptFactory, QuestionFactory, answer_post_data
from tests.progress.practice.pages import url

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_tabs(student):
    concept = ConceptFactory()
    question = QuestionFactory(concept=concept, hint_2="Second hint")
    first = session_start(learner=student, concept=concept, now=timezone.now())
    second = session_start(learner=student, concept=concept, now=timezone.now())
    return question, first, second


def _answer(client, session, question):
    response = client.post(url("session_answer", session.pk), answer_post_data(question))
    assert response.status_code == 302
    return Attempt.objects.filter(session=session).get()


def test_hints_revealed_in_one_tab_count_when_the_question_is_served_in_another(
    login, student, two_tabs
):
    question, first, second = two_tabs
    session_serve(session=first, question=question, now=timezone.now())
    session_reveal_hint(session=first)
    session_reveal_hint(session=first)
    session_serve(session=second, question=question, now=timezone.now())
    assert PracticeSession.objects.get(pk=second.pk).hints_shown == 2  # shown there too
    assert _answer(login(student), second, question).hints_used == 2


def test_hints_revealed_after_the_other_tab_served_the_question_count_too(login, student, two_tabs):
    question, first, second = two_tabs
    session_serve(session=second, question=question, now=timezone.now())
    session_serve(session=first, question=question, now=timezone.now())
    session_reveal_hint(session=first)
    assert _answer(login(student), second, question).hints_used == 1


def test_a_direct_answer_with_nothing_on_screen_counts_hints_seen_elsewhere(
    login, student, two_tabs
):
    question, first, second = two_tabs
    session_serve(session=first, question=question, now=timezone.now())
    session_reveal_hint(session=first)
    assert _answer(login(student), second, question).hints_used == 1


def test_answering_uses_up_the_hints_so_a_later_serving_starts_afresh(login, student, two_tabs):
    question, first, second = two_tabs
    client = login(student)
    session_serve(session=first, question=question, now=timezone.now())
    session_reveal_hint(session=first)
    assert _answer(client, first, question).hints_used == 1
    session_serve(session=second, question=question, now=timezone.now())
    assert _answer(client, second, question).hints_used == 0
