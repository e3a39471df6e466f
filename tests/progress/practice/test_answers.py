"""Recording an answer: grading every kind, idempotency, the snapshot, time and hints."""

import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from learning.models import Activity, Choice, Question
from progress.models import Attempt, LearnerStats
from progress.practice.sessions import (
    session_complete,
    session_reveal_hint,
    session_serve,
    session_start,
)
from tests.factories import (
    ActivityQuestionFactory,
    PracticeSessionFactory,
    QuestionFactory,
    StudentFactory,
    answer_for,
)
from tests.progress.helpers import NOW, choice_ids, progress_state, record

pytestmark = pytest.mark.django_db

KINDS = [k.value for k in Question.Kind]
TEN_MB = "x" * (10 * 1024 * 1024)


# ------------------------------------------------------------------ grading every kind


@pytest.mark.parametrize(
    ("kind", "answer", "score", "text"),
    [
        ("single", ("4",), 1.0, "4"),
        ("single", ("5",), 0.0, "5"),
        ("true_false", ("True",), 1.0, "True"),
        ("true_false", ("False",), 0.0, "False"),
        ("multiple", ("2", "3"), 1.0, "2; 3"),
        ("multiple", ("2",), 0.5, "2"),  # partial credit: half the correct choices
        ("multiple", ("2", "4"), 0.0, "2; 4"),  # a wrong pick costs what a right one gained
        ("numeric", "3.5", 1.0, "3.5"),
        ("numeric", "3,5", 1.0, "3,5"),  # decimal comma
        ("numeric", "3.509", 1.0, "3.509"),  # within ± 0.01
        ("numeric", "3.52", 0.0, "3.52"),
        ("short_text", "  Photosynthesis ", 1.0, "Photosynthesis"),
        ("short_text", "respiration", 0.0, "respiration"),
    ],
)
def test_attempt_record_grades_every_kind(student, kind, answer, score, text):
    question = QuestionFactory(kind=kind)
    if isinstance(answer, tuple):
        response = {"choices": choice_ids(question, *answer)}
    else:
        response = {"value": answer}
    result = record(student, question, response)
    attempt = Attempt.objects.get()
    assert result.created
    assert result.attempt == attempt
    assert attempt.score == score
    assert attempt.is_correct is (score == 1.0)
    assert attempt.response_text == text
    assert (attempt.learner, attempt.question, attempt.concept) == (
        student,
        question,
        question.concept,
    )
    assert attempt.created_at == NOW


def test_partial_credit_counts_in_stats_and_session(student):
    question = QuestionFactory(kind="multiple")
    session = PracticeSessionFactory(learner=student, concept=question.concept)
    record(student, question, {"choices": choice_ids(question, "2")}, session=session)
    session.refresh_from_db()
    stats = LearnerStats.objects.get(learner=student)
    assert (session.question_count, session.correct_count, session.score_total) == (1, 0, 0.5)
    assert (stats.total_attempts, stats.correct_attempts, stats.score_total) == (1, 0, 0.5)


# ------------------------------------------------------------------ idempotency


@pytest.mark.parametrize("kind", KINDS)
def test_resubmitting_a_token_returns_the_first_attempt_and_writes_nothing(student, kind):
    question = QuestionFactory(kind=kind)
    session = PracticeSessionFactory(learner=student, concept=question.concept)
    token = uuid.uuid4()
    first = record(student, question, answer_for(question), token=token, session=session)
    before = progress_state()

    again = record(
        student,
        question,
        answer_for(question, correct=False),  # a different answer: still the first result
        token=token,
        session=session,
        now=NOW + timedelta(minutes=1),
    )

    assert not again.created
    assert again.attempt.pk == first.attempt.pk
    assert again.attempt.is_correct
    assert progress_state() == before
    assert Attempt.objects.count() == 1


def test_resubmitting_after_the_session_closed_still_returns_the_first_attempt(student):
    question = QuestionFactory()
    session = PracticeSessionFactory(learner=student, concept=question.concept)
    token = uuid.uuid4()
    first = record(student, question, token=token, session=session)
    session_complete(session=session, now=NOW)
    before = progress_state()
    again = record(student, question, token=token, session=session)
    assert (again.created, again.attempt.pk) == (False, first.attempt.pk)
    assert progress_state() == before


def test_the_same_token_from_two_learners_is_two_attempts(student, other_student):
    question = QuestionFactory()
    token = uuid.uuid4()
    record(student, question, token=token)
    other = record(other_student, question, token=token)
    assert other.created
    assert Attempt.objects.count() == 2


# ------------------------------------------------------------------ snapshot


@pytest.mark.parametrize("kind", KINDS)
def test_editing_the_question_later_leaves_the_snapshot_unchanged(student, kind):
    question = QuestionFactory(kind=kind, prompt="Original prompt", explanation="Original why")
    attempt = record(student, question).attempt
    snapshot = Attempt.objects.get(pk=attempt.pk).question_snapshot
    assert snapshot["prompt"] == "Original prompt"
    assert snapshot["explanation"] == "Original why"
    assert snapshot["kind"] == kind
    original_choices = [(c.pk, c.text, c.is_correct) for c in question.choices.all()]
    assert [(c["id"], c["text"], c["is_correct"]) for c in snapshot["choices"]] == (
        original_choices
    )

    Question.objects.filter(pk=question.pk).update(
        prompt="Rewritten prompt",
        explanation="Rewritten why",
        numeric_answer=99 if kind == "numeric" else None,
    )
    Choice.objects.filter(question=question).update(text="edited", is_correct=False)
    first_choice = Choice.objects.filter(question=question).order_by("pk").first()
    if first_choice is not None:
        first_choice.delete()

    attempt.refresh_from_db()
    assert attempt.question_snapshot == snapshot
    if kind == "numeric":
        assert Decimal(snapshot["numeric_answer"]) == Decimal("3.5")
        assert Decimal(snapshot["tolerance"]) == Decimal("0.01")


# ------------------------------------------------------------------ time and hints


@pytest.mark.parametrize(
    ("served_ago", "expected_seconds"),
    [
        (timedelta(seconds=90), 90.0),
        (timedelta(minutes=10), 600.0),
        (timedelta(hours=2), 600.0),  # capped: a tab left open is not study time
        (None, 0.0),  # nothing served: no measurement
    ],
)
def test_time_taken_is_measured_from_serving_and_capped(student, served_ago, expected_seconds):
    question = QuestionFactory()
    session = PracticeSessionFactory(learner=student, concept=question.concept)
    if served_ago is not None:
        session_serve(session=session, question=question, now=NOW - served_ago)
    attempt = record(student, question, session=session).attempt
    assert attempt.time_taken_seconds == expected_seconds
    session.refresh_from_db()
    assert session.seconds_total == expected_seconds
    assert session.served_at is None  # the next question starts its own clock
    assert LearnerStats.objects.get(learner=student).seconds_total == expected_seconds


def test_time_taken_given_by_a_caller_is_capped_too(student):
    attempt = record(student, QuestionFactory(), time_taken_seconds=5000).attempt
    assert attempt.time_taken_seconds == 600.0


def test_hints_are_counted_on_the_server_and_recorded(student):
    question = QuestionFactory(hint_1="First", hint_2="Second")
    session = PracticeSessionFactory(learner=student, concept=question.concept)
    session_serve(session=session, question=question, now=NOW)
    assert session_reveal_hint(session=session) == 1
    assert session_reveal_hint(session=session) == 2
    assert session_reveal_hint(session=session) == 2  # no third hint to show
    session.refresh_from_db()
    assert session.hints_shown == 2

    attempt = record(student, question, session=session, hints_used=session.hints_shown).attempt

    assert attempt.hints_used == 2
    assert LearnerStats.objects.get(learner=student).hints_total == 2
    session.refresh_from_db()
    assert session.hints_shown == 0  # reset for the next question
    # Hints make a right answer weaker evidence.
    without_hints = record(StudentFactory(), question).attempt
    assert attempt.mastery_after < without_hints.mastery_after


def test_hint_needs_a_question_on_screen(student):
    session = PracticeSessionFactory(learner=student)
    with pytest.raises(ValidationError, match="no question on screen"):
        session_reveal_hint(session=session)


@pytest.mark.parametrize("kind", [Activity.Kind.QUIZ, Activity.Kind.TEST])
def test_no_hints_in_quizzes_and_tests(student, kind):
    item = ActivityQuestionFactory(activity__kind=kind, question__hint_2="Second")
    session = session_start(learner=student, activity=item.activity, now=NOW)
    session_serve(session=session, question=item.question, now=NOW)
    with pytest.raises(ValidationError, match="quiz"):
        session_reveal_hint(session=session)
    session.refresh_from_db()
    assert session.hints_shown == 0
