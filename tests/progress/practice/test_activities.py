"""Quizzes and tests: deferred feedback, one answer per question, submission."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from learning.models import Activity, Question
from progress.models import Attempt, PracticeSession
from tests.factories import (
    ActivityFactory,
    ActivityQuestionFactory,
    answer_post_data,
)
from tests.progress.practice.pages import start, text_of, url
from tests.progress.practice.test_query_budgets import ANSWER_POST_CEILING

pytestmark = pytest.mark.django_db

KINDS = [k.value for k in Question.Kind]


# ---------------------------------------------------------------- quizzes and tests


@pytest.fixture
def quiz():
    activity = ActivityFactory(kind=Activity.Kind.QUIZ, pass_mark=60, name="Friday quiz")
    for order in range(3):
        ActivityQuestionFactory(
            activity=activity,
            order=order,
            question__concept=activity.concept,
            question__prompt=f"Quiz question {order}",
            question__explanation=f"Secret explanation {order}",
        )
    return activity


def test_an_activity_answer_costs_two_checks_more_than_a_concept_answer(login, student, quiz):
    """In an activity the answer POST also checks the question belongs to the activity and
    was not answered in it yet: two small queries by id, never the activity row itself."""
    client = login(student)
    _, session = start(client, "activity", quiz.slug)
    page = client.get(url("session_question", session.pk))  # a first answer: today's row
    client.post(url("session_answer", session.pk), answer_post_data(page.context["question"]))
    page = client.get(url("session_question", session.pk))
    with CaptureQueriesContext(connection) as captured:
        response = client.post(
            url("session_answer", session.pk), answer_post_data(page.context["question"])
        )
    assert response.status_code == 302
    sqls = [q["sql"] for q in captured.captured_queries]
    assert not [sql for sql in sqls if sql.startswith('SELECT "learning_activity"')], sqls
    assert len(sqls) <= ANSWER_POST_CEILING + 2, "\n".join(sqls)


@pytest.mark.parametrize(
    ("right", "score", "verdict"), [(2, "67%", "Passed"), (1, "33%", "Not passed yet")]
)
def test_quiz_reveals_answers_only_after_submission(login, student, quiz, right, score, verdict):
    client = login(student)
    response, session = start(client, "activity", quiz.slug)
    assert session.mode == PracticeSession.Mode.QUIZ
    for n in range(3):
        page = client.get(url("session_question", session.pk))
        question = page.context["question"]
        assert question.prompt == f"Quiz question {n}"
        assert "Secret explanation" not in text_of(page)
        assert "Show a hint" not in text_of(page)
        response = client.post(
            url("session_answer", session.pk), answer_post_data(question, correct=n < right)
        )
        # No verdict while the quiz is open: straight on to the next question.
        assert response["Location"] == url("session_question", session.pk)
        attempt = Attempt.objects.latest("pk")
        assert client.get(url("attempt_feedback", session.pk, attempt.pk)).status_code == 404
        assert client.get(url("session_summary", session.pk)).status_code == 302

    # All answered: the next question page submits the quiz.
    response = client.get(url("session_question", session.pk))
    assert response["Location"] == url("session_summary", session.pk)
    result = text_of(client.get(url("session_summary", session.pk)))
    assert "Friday quiz: results" in result
    assert score in result
    assert f"{right} of 3 correct" in result
    assert verdict in result
    assert "pass mark 60%" in result
    for n in range(3):
        assert f"Quiz question {n}" in result
    attempts = list(Attempt.objects.order_by("pk"))
    for attempt in attempts:
        assert url("attempt_feedback", session.pk, attempt.pk) in result
    feedback = client.get(url("attempt_feedback", session.pk, attempts[0].pk))
    assert feedback.status_code == 200
    assert "Secret explanation 0" in text_of(feedback)


def test_submitting_a_quiz_early_shows_the_result(login, student, quiz):
    client = login(student)
    _, session = start(client, "activity", quiz.slug)
    question = client.get(url("session_question", session.pk)).context["question"]
    client.post(url("session_answer", session.pk), answer_post_data(question))
    response = client.post(url("session_finish", session.pk))
    assert response["Location"] == url("session_summary", session.pk)
    result = text_of(client.get(response["Location"]))
    assert "1 of 1 correct" in result


def test_a_quiz_question_cannot_be_answered_twice(login, student, quiz):
    """Two tabs on the same quiz question: the second answer is refused, not counted."""
    client = login(student)
    _, session = start(client, "activity", quiz.slug)
    question = client.get(url("session_question", session.pk)).context["question"]
    client.post(url("session_answer", session.pk), answer_post_data(question))
    response = client.post(url("session_answer", session.pk), answer_post_data(question))
    assert response.status_code == 400
    assert "already answered" in text_of(response)
    session.refresh_from_db()
    assert session.question_count == 1


def test_hint_post_in_a_quiz_reveals_nothing(login, student, quiz):
    client = login(student)
    _, session = start(client, "activity", quiz.slug)
    client.get(url("session_question", session.pk))
    client.post(url("session_hint", session.pk))
    session.refresh_from_db()
    assert session.hints_shown == 0


def test_unpublished_activity_cannot_be_started(login, student, quiz):
    quiz.status = Activity.Status.DRAFT
    quiz.save()
    response, _ = start(login(student), "activity", quiz.slug)
    assert response.status_code == 404
    assert not PracticeSession.objects.exists()
