"""Numeric answers are read in the learner's locale and the attempt keeps that locale, so a
Spanish-speaking student's 3,5 is 3.5 and 1.000 is refused as ambiguous (docs/i18n.md)."""

import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from accounts.languages import user_language_set
from progress.interop.statements import statements_for, statements_queryset
from progress.models import Attempt
from progress.practice.answers import attempt_record
from progress.practice.history import PastAnswer, histories_import
from tests.factories import PracticeSessionFactory, QuestionFactory, answer_post_data
from tests.progress.practice.pages import text_of, url

pytestmark = pytest.mark.django_db


def _numeric_session(student):
    question = QuestionFactory(kind="numeric")  # 3.5 ± 0.01
    session = PracticeSessionFactory(learner=student, concept=question.concept)
    return question, session


def _post(client, session, question, answer):
    client.get(url("session_question", session.pk))
    return client.post(
        url("session_answer", session.pk), {**answer_post_data(question), "answer": answer}
    )


@pytest.mark.parametrize("answer", ["3,5", "3.5", "3,500", "3,50"])
def test_a_spanish_speaking_student_writes_a_decimal_comma(login, student, answer):
    user_language_set(user=student, language="es")
    question, session = _numeric_session(student)
    response = _post(login(student), session, question, answer)
    assert response.status_code == 302
    attempt = Attempt.objects.get()
    assert attempt.is_correct
    assert attempt.response_locale == "es"
    assert Decimal(attempt.response["number"]) == Decimal("3.5")


def test_a_lone_point_before_three_digits_is_ambiguous_in_spanish(login, student):
    user_language_set(user=student, language="es")
    question, session = _numeric_session(student)
    response = _post(login(student), session, question, "1.000")
    assert response.status_code == 400
    assert not Attempt.objects.exists()
    assert 'role="alert"' in response.content.decode()


def test_an_english_speaking_student_keeps_todays_rule(login, student):
    question, session = _numeric_session(student)
    client = login(student)
    refused = _post(client, session, question, "3,500")
    assert refused.status_code == 400
    assert "ambiguous" in text_of(refused)
    assert _post(client, session, question, "3.500").status_code == 302
    assert Attempt.objects.get().response_locale == "en"


def test_the_question_page_says_the_rule_for_numeric_questions_only(login, student):
    _question, session = _numeric_session(student)
    client = login(student)
    page = text_of(client.get(url("session_question", session.pk)))
    assert 'id="number-rule"' in page
    assert "3,500 could mean either" in page
    choice = QuestionFactory(kind="single")
    other = PracticeSessionFactory(learner=student, concept=choice.concept)
    assert 'id="number-rule"' not in text_of(client.get(url("session_question", other.pk)))


def test_importing_history_reads_each_answer_in_its_own_locale(student, other_student):
    question = QuestionFactory(kind="numeric")
    at = timezone.now() - timedelta(days=1)
    result = histories_import(
        histories={
            student.pk: [PastAnswer(question.pk, {"value": "3,500"}, at, 10, locale="es")],
            other_student.pk: [PastAnswer(question.pk, {"value": "3.500"}, at, 10)],
        },
        timezones={},
    )
    assert result.attempts_created == 2
    mine = Attempt.objects.get(learner=student)
    assert (mine.is_correct, mine.response_locale) == (True, "es")
    assert Attempt.objects.get(learner=other_student).is_correct


def test_statements_carry_the_contents_language_not_the_interfaces(student):
    """A Spanish interface answering an English question: xAPI says "en" (the content)."""
    question = QuestionFactory(kind="numeric")  # an English subject
    with translation.override("es"):
        attempt = attempt_record(
            learner=student,
            question=question,
            response={"value": "3,5"},
            client_token=uuid.uuid4(),
            now=timezone.now(),
        ).attempt
    assert attempt.is_correct and attempt.response_locale == "es"
    (statement,) = statements_for(statements_queryset(learners=[student]))
    assert statement["context"]["language"] == "en"
