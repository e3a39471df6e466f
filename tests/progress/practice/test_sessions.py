"""Practice sessions: start, serve, complete."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from learning.models import Activity, Question
from progress.models import LearnerStats, PracticeSession
from progress.practice.sessions import (
    DEFAULT_SESSION_LENGTH,
    session_complete,
    session_serve,
    session_start,
)
from tests.factories import (
    ActivityFactory,
    ActivityQuestionFactory,
    ConceptFactory,
    ConceptMasteryFactory,
    PracticeSessionFactory,
    QuestionFactory,
    TopicFactory,
)
from tests.progress.helpers import NOW, progress_state, record

pytestmark = pytest.mark.django_db

KINDS = [k.value for k in Question.Kind]
TEN_MB = "x" * (10 * 1024 * 1024)


# ------------------------------------------------------------------ sessions


def test_session_start_on_a_concept(student):
    question = QuestionFactory()
    QuestionFactory.create_batch(DEFAULT_SESSION_LENGTH + 2, concept=question.concept)
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
    row = ConceptMasteryFactory(
        learner=student, was_mastered=True, review_due_at=NOW + timedelta(days=1)
    )
    with pytest.raises(ValidationError, match="Nothing is due"):
        session_start(learner=student, review_mode=True, now=NOW)
    # A due card on a concept never mastered is not a review: nothing "needs review".
    ConceptMasteryFactory(learner=student, review_due_at=NOW - timedelta(days=1))
    with pytest.raises(ValidationError, match="Nothing is due"):
        session_start(learner=student, review_mode=True, now=NOW)
    row.review_due_at = NOW - timedelta(minutes=1)
    row.save()
    session = session_start(learner=student, review_mode=True, now=NOW)
    assert (session.scope, session.mode) == ("review", "review")


def test_another_learners_due_review_does_not_count(student, other_student):
    ConceptMasteryFactory(
        learner=other_student, was_mastered=True, review_due_at=NOW - timedelta(days=1)
    )
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
