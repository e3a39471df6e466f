"""Malformed answers and invalid calls are refused and write nothing."""

import pytest
from django.core.exceptions import ValidationError

from learning.models import Question
from progress.models import PracticeSession
from progress.practice.sessions import (
    session_complete,
)
from tests.factories import (
    ActivityQuestionFactory,
    PracticeSessionFactory,
    QuestionFactory,
    TopicFactory,
    answer_for,
)
from tests.progress.helpers import NOW, progress_state, record

pytestmark = pytest.mark.django_db

KINDS = [k.value for k in Question.Kind]
TEN_MB = "x" * (10 * 1024 * 1024)


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
