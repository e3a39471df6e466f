"""progress.services: recording answers and running practice sessions."""

import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from learning.models import Activity, Choice, Question
from progress.mastery.bkt import DEFAULT_PARAMS
from progress.mastery.status import MASTERED_THRESHOLD
from progress.models import Attempt, ConceptMastery, LearnerStats, PracticeSession
from progress.practice.answers import attempt_record
from progress.practice.sessions import (
    DEFAULT_SESSION_LENGTH,
    session_complete,
    session_reveal_hint,
    session_serve,
    session_start,
)
from progress.signals import concept_mastered, session_completed
from tests.factories import (
    ActivityFactory,
    ActivityQuestionFactory,
    ConceptFactory,
    ConceptMasteryFactory,
    PracticeSessionFactory,
    QuestionFactory,
    StudentFactory,
    TopicFactory,
    answer_for,
)

pytestmark = pytest.mark.django_db

NOW = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
KINDS = [k.value for k in Question.Kind]
TEN_MB = "x" * (10 * 1024 * 1024)


def record(learner, question, response=None, *, token=None, **kwargs):
    kwargs.setdefault("now", NOW)
    return attempt_record(
        learner=learner,
        question=question,
        response=answer_for(question) if response is None else response,
        client_token=token or uuid.uuid4(),
        **kwargs,
    )


def progress_state() -> dict:
    """Every row of every progress table, so a test can prove nothing was written."""
    return {
        model.__name__: list(model.objects.order_by("pk").values())
        for model in apps.get_app_config("progress").get_models()
    }


@pytest.fixture
def signal_log():
    """Records (signal name, kwargs) for concept_mastered and session_completed."""
    log = []

    def on_mastered(sender, **kwargs):
        log.append(("concept_mastered", kwargs))

    def on_completed(sender, **kwargs):
        log.append(("session_completed", kwargs))

    concept_mastered.connect(on_mastered, dispatch_uid="test-mastered")
    session_completed.connect(on_completed, dispatch_uid="test-completed")
    yield log
    concept_mastered.disconnect(dispatch_uid="test-mastered")
    session_completed.disconnect(dispatch_uid="test-completed")


# ------------------------------------------------------------------ grading every kind


def _choice_ids(question, *texts):
    return [c.pk for c in question.choices.all() if c.text in texts]


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
        response = {"choices": _choice_ids(question, *answer)}
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
    record(student, question, {"choices": _choice_ids(question, "2")}, session=session)
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


# ------------------------------------------------------------------ mastery and review


def test_mastery_rises_after_a_right_answer_and_falls_after_a_wrong_one(student):
    question = QuestionFactory()
    first = record(student, question)
    assert first.attempt.mastery_before is None
    assert first.attempt.mastery_after > DEFAULT_PARAMS.prior
    right = record(student, question, now=NOW + timedelta(minutes=1))
    assert right.attempt.mastery_before == pytest.approx(first.attempt.mastery_after)
    assert right.attempt.mastery_after > right.attempt.mastery_before
    wrong = record(
        student, question, answer_for(question, correct=False), now=NOW + timedelta(minutes=2)
    )
    assert wrong.attempt.mastery_after < wrong.attempt.mastery_before
    row = ConceptMastery.objects.get(learner=student, concept=question.concept)
    assert row.p_known == pytest.approx(wrong.attempt.mastery_after)
    assert (row.attempts, row.correct) == (3, 2)


def test_mastered_after_enough_right_answers_and_the_signal_fires_once(student, signal_log):
    question = QuestionFactory()
    statuses = []
    results = []
    for minute in range(6):
        results.append(record(student, question, now=NOW + timedelta(minutes=minute)))
        row = ConceptMastery.objects.get(learner=student, concept=question.concept)
        statuses.append((row.status, row.attempts, row.p_known))

    # Two right answers already put the estimate over 95%, but mastery needs three answers.
    assert statuses[1][0] == ConceptMastery.Status.IN_PROGRESS
    assert statuses[1][2] >= MASTERED_THRESHOLD
    assert statuses[2][:2] == (ConceptMastery.Status.MASTERED, 3)
    assert all(status == ConceptMastery.Status.MASTERED for status, *_ in statuses[2:])
    assert [r.newly_mastered for r in results] == [False, False, True, False, False, False]
    fired = [kwargs for name, kwargs in signal_log if name == "concept_mastered"]
    assert len(fired) == 1
    assert fired[0]["attempt"] == results[2].attempt
    row = ConceptMastery.objects.get(learner=student, concept=question.concept)
    assert row.was_mastered
    assert row.mastered_at == NOW + timedelta(minutes=2)


def test_wrong_answers_never_master(student, signal_log):
    question = QuestionFactory()
    for minute in range(5):
        wrong = answer_for(question, correct=False)
        record(student, question, wrong, now=NOW + timedelta(minutes=minute))
    row = ConceptMastery.objects.get(learner=student, concept=question.concept)
    assert row.status == ConceptMastery.Status.IN_PROGRESS
    assert not signal_log


def test_review_due_is_set_and_not_moved_by_answers_in_the_same_sitting(student):
    question = QuestionFactory()
    record(student, question)
    row = ConceptMastery.objects.get(learner=student)
    assert row.review_due_at is not None
    assert row.review_due_at > NOW
    due = row.review_due_at
    record(student, question, now=NOW + timedelta(hours=1))
    row.refresh_from_db()
    assert row.review_due_at == due  # one review per sitting
    record(student, question, now=NOW + timedelta(days=3))
    row.refresh_from_db()
    assert row.review_due_at > NOW + timedelta(days=3)


def test_learner_stats_counters(student):
    question = QuestionFactory(kind="multiple", hint_2="Another")
    record(student, question)
    record(student, question, answer_for(question, correct=False), now=NOW + timedelta(minutes=1))
    record(
        student,
        question,
        {"choices": _choice_ids(question, "2")},
        hints_used=2,
        now=NOW + timedelta(minutes=2),
    )
    stats = LearnerStats.objects.get(learner=student)
    assert stats.total_attempts == 3
    assert stats.correct_attempts == 1
    assert stats.score_total == pytest.approx(1.5)
    assert stats.hints_total == 2
    assert stats.last_activity_at == NOW + timedelta(minutes=2)
    assert stats.accuracy == pytest.approx(1 / 3)
    row = ConceptMastery.objects.get(learner=student)
    assert row.learner_attempt_seq == 3


def test_practising_elsewhere_in_between_is_recorded_as_a_gap(student):
    first, other = QuestionFactory(), QuestionFactory()
    record(student, first)
    record(student, other, now=NOW + timedelta(minutes=1))
    record(student, other, now=NOW + timedelta(minutes=2))
    again = record(student, first, now=NOW + timedelta(minutes=3)).attempt
    assert again.gap_steps == 2


# ------------------------------------------------------------------ malformed answers


def _other_choice_id(question):
    return QuestionFactory(kind="single").choices.first().pk


BAD_RESPONSES = [
    # (kind, response builder, words of the message)
    ("single", lambda q: {"choices": [_other_choice_id(q)]}, "not one of this question"),
    ("single", lambda q: {"choices": [999_999_999]}, "not one of this question"),
    ("single", lambda q: {"choices": []}, "select an answer"),
    ("single", lambda q: {}, "select an answer"),
    ("single", lambda q: {"choices": [c.pk for c in q.choices.all()][:2]}, "only one"),
    ("single", lambda q: {"choices": [TEN_MB]}, "not one of the answers"),
    ("single", lambda q: {"choices": TEN_MB}, "could not be read"),
    ("single", lambda q: {"choices": [True]}, "not one of the answers"),
    ("single", lambda q: "not a mapping", "could not be read"),
    ("true_false", lambda q: {"choices": [_other_choice_id(q)]}, "not one of this question"),
    ("true_false", lambda q: {"choices": []}, "select an answer"),
    ("true_false", lambda q: {"choices": [TEN_MB]}, "not one of the answers"),
    ("multiple", lambda q: {"choices": [_other_choice_id(q)]}, "not one of this question"),
    ("multiple", lambda q: {"choices": []}, "at least one"),
    ("multiple", lambda q: {"choices": [q.choices.first().pk] * 2}, "more than once"),
    ("multiple", lambda q: {"choices": [TEN_MB]}, "not one of the answers"),
    ("multiple", lambda q: {"choices": list(range(1, 50))}, "more answers than there are"),
    ("numeric", lambda q: {"value": "three and a half"}, "is not a number"),
    ("numeric", lambda q: {"value": ""}, "enter a number"),
    ("numeric", lambda q: {}, "enter a number"),
    ("numeric", lambda q: {"value": "   "}, "enter a number"),
    ("numeric", lambda q: {"value": TEN_MB}, "too long"),
    ("numeric", lambda q: {"value": 3.5}, "could not be read"),
    ("numeric", lambda q: {"value": "NaN"}, "not a finite number"),
    ("numeric", lambda q: {"value": "1e999999"}, "too large"),
    ("numeric", lambda q: {"value": "3,500"}, "ambiguous"),
    ("short_text", lambda q: {"value": ""}, "type an answer"),
    ("short_text", lambda q: {"value": "   "}, "type an answer"),
    ("short_text", lambda q: {"value": TEN_MB}, "too long"),
    ("short_text", lambda q: {"value": ["photosynthesis"]}, "could not be read"),
]


@pytest.mark.parametrize(
    ("kind", "build", "message"),
    BAD_RESPONSES,
    ids=[f"{kind}-{i}" for i, (kind, _, _) in enumerate(BAD_RESPONSES)],
)
def test_malformed_answers_are_rejected_and_nothing_is_written(student, kind, build, message):
    question = QuestionFactory(kind=kind)
    session = PracticeSessionFactory(learner=student, concept=question.concept)
    response = build(question)
    before = progress_state()
    with pytest.raises(ValidationError) as info:
        record(student, question, response, session=session)
    assert message in " ".join(info.value.messages).casefold()
    assert len(" ".join(info.value.messages)) < 300  # never echoes a huge answer back
    assert progress_state() == before


def _closed_session(learner, question):
    session = PracticeSessionFactory(learner=learner, concept=question.concept)
    session_complete(session=session, now=NOW)
    return session


INVALID_CALLS = [
    # (what is wrong, keyword arguments builder, code)
    (
        "unpublished question",
        lambda s, q: {"question": QuestionFactory(status=Question.Status.DRAFT)},
        "unpublished",
    ),
    ("closed session", lambda s, q: {"session": _closed_session(s, q)}, "closed"),
    (
        "other learner's session",
        lambda s, q: {"session": PracticeSessionFactory(concept=q.concept)},
        "session_owner",
    ),
    (
        "question of another concept",
        lambda s, q: {"session": PracticeSessionFactory(learner=s)},
        "out_of_scope",
    ),
    (
        "question of another topic",
        lambda s, q: {
            "session": PracticeSessionFactory(
                learner=s, scope=PracticeSession.Scope.TOPIC, concept=None, topic=TopicFactory()
            )
        },
        "out_of_scope",
    ),
    (
        "question not in the activity",
        lambda s, q: {
            "session": PracticeSessionFactory(
                learner=s,
                scope=PracticeSession.Scope.ACTIVITY,
                mode=PracticeSession.Mode.QUIZ,
                concept=None,
                activity=ActivityQuestionFactory().activity,
            )
        },
        "out_of_scope",
    ),
    ("confidence 0", lambda s, q: {"confidence": 0}, "confidence"),
    ("confidence 4", lambda s, q: {"confidence": 4}, "confidence"),
    ("confidence as text", lambda s, q: {"confidence": "2"}, "confidence"),
    ("more hints than the question has", lambda s, q: {"hints_used": 2}, "hints"),
    ("negative hints", lambda s, q: {"hints_used": -1}, "hints"),
]


@pytest.mark.parametrize(
    ("what", "build", "code"), INVALID_CALLS, ids=[what for what, _, _ in INVALID_CALLS]
)
def test_invalid_calls_are_rejected_and_nothing_is_written(student, what, build, code):
    question = QuestionFactory(kind="single")  # one hint
    kwargs = {"question": question, **build(student, question)}
    before = progress_state()
    with pytest.raises(ValidationError) as info:
        record(student, response=answer_for(kwargs["question"]), **kwargs)
    assert info.value.code == code
    assert info.value.messages[0].endswith(".")
    assert progress_state() == before


# ------------------------------------------------------------------ sessions


def test_session_start_on_a_concept(student):
    question = QuestionFactory()
    session = session_start(learner=student, concept=question.concept, now=NOW)
    assert (session.scope, session.mode, session.status) == ("concept", "practice", "in_progress")
    assert session.started_at == NOW
    assert session.target_questions == DEFAULT_SESSION_LENGTH
    assert LearnerStats.objects.get(learner=student).sessions_started == 1
    session_start(learner=student, concept=question.concept, now=NOW)
    assert LearnerStats.objects.get(learner=student).sessions_started == 2


@pytest.mark.parametrize(
    ("kind", "mode"),
    [
        (Activity.Kind.QUIZ, "quiz"),
        (Activity.Kind.TEST, "test"),
        (Activity.Kind.PRACTICE, "practice"),
        (Activity.Kind.CHALLENGE, "challenge"),
    ],
)
def test_session_start_on_an_activity(student, kind, mode):
    activity = ActivityFactory(kind=kind)
    for _ in range(3):
        ActivityQuestionFactory(activity=activity, question__concept=activity.concept)
    session = session_start(learner=student, activity=activity, now=NOW)
    assert (session.scope, session.mode, session.target_questions) == ("activity", mode, 3)


def test_session_start_for_review_needs_something_due(student):
    row = ConceptMasteryFactory(learner=student, review_due_at=NOW + timedelta(days=1))
    with pytest.raises(ValidationError, match="Nothing is due"):
        session_start(learner=student, review_mode=True, now=NOW)
    row.review_due_at = NOW - timedelta(minutes=1)
    row.save()
    session = session_start(learner=student, review_mode=True, now=NOW)
    assert (session.scope, session.mode) == ("review", "review")


def test_another_learners_due_review_does_not_count(student, other_student):
    ConceptMasteryFactory(learner=other_student, review_due_at=NOW - timedelta(days=1))
    with pytest.raises(ValidationError, match="Nothing is due"):
        session_start(learner=student, review_mode=True, now=NOW)


def _draft_only_concept():
    concept = ConceptFactory()
    QuestionFactory(concept=concept, status=Question.Status.DRAFT)
    return concept


INVALID_STARTS = [
    ("concept without questions", lambda: {"concept": ConceptFactory()}, "empty"),
    ("concept with drafts only", lambda: {"concept": _draft_only_concept()}, "empty"),
    ("topic with drafts only", lambda: {"topic": _draft_only_concept().topic}, "empty"),
    (
        "unpublished activity",
        lambda: {"activity": ActivityQuestionFactory(activity__status="draft").activity},
        "unpublished",
    ),
    ("activity without questions", lambda: {"activity": ActivityFactory()}, "empty"),
    (
        "activity with draft questions only",
        lambda: {"activity": ActivityQuestionFactory(question__status="draft").activity},
        "empty",
    ),
    ("nothing chosen", dict, "scope"),
    (
        "two things at once",
        lambda: {"concept": QuestionFactory().concept, "topic": TopicFactory()},
        "scope",
    ),
    ("nothing due for review", lambda: {"review_mode": True}, "nothing_due"),
]


@pytest.mark.parametrize(
    ("what", "build", "code"), INVALID_STARTS, ids=[what for what, _, _ in INVALID_STARTS]
)
def test_session_start_validation(student, what, build, code):
    kwargs = build()
    with pytest.raises(ValidationError) as info:
        session_start(learner=student, now=NOW, **kwargs)
    assert info.value.code == code
    assert not PracticeSession.objects.exists()
    assert not LearnerStats.objects.filter(sessions_started__gt=0).exists()


def test_session_complete_is_idempotent_and_announces_once(student, signal_log):
    question = QuestionFactory()
    session = session_start(learner=student, concept=question.concept, now=NOW)
    session_serve(session=session, question=question, now=NOW)

    done = session_complete(session=session, now=NOW + timedelta(minutes=5))
    again = session_complete(session=session, now=NOW + timedelta(minutes=9))

    assert done.status == again.status == PracticeSession.Status.COMPLETED
    assert again.ended_at == NOW + timedelta(minutes=5)
    session.refresh_from_db()
    assert session.current_question is None
    assert session.ended_at == NOW + timedelta(minutes=5)
    assert LearnerStats.objects.get(learner=student).sessions_completed == 1
    fired = [kwargs for name, kwargs in signal_log if name == "session_completed"]
    assert len(fired) == 1
    assert fired[0]["session"].pk == session.pk


def test_serving_a_closed_session_does_not_reopen_it(student):
    question = QuestionFactory()
    session = PracticeSessionFactory(learner=student, concept=question.concept)
    session_complete(session=session, now=NOW)
    session_serve(session=session, question=question, now=NOW)
    session.refresh_from_db()
    assert session.current_question is None
    assert session.status == PracticeSession.Status.COMPLETED


def test_a_quiz_question_counts_once_per_session(student):
    """Answering the same quiz question again (a second tab) must not inflate the score."""
    item = ActivityQuestionFactory()
    ActivityQuestionFactory(activity=item.activity, question__concept=item.question.concept)
    session = session_start(learner=student, activity=item.activity, now=NOW)
    record(student, item.question, session=session)
    before = progress_state()
    with pytest.raises(ValidationError) as info:
        record(student, item.question, session=session, now=NOW + timedelta(minutes=1))
    assert info.value.code == "answered"
    assert progress_state() == before
