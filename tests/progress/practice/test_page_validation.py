"""Malformed answer posts are refused clearly and write nothing."""

import pytest

from learning.models import Question
from progress.models import Attempt, ConceptMastery, LearnerStats, PracticeSession
from tests.factories import (
    PracticeSessionFactory,
    QuestionFactory,
    answer_post_data,
)
from tests.progress.practice.pages import text_of, url

pytestmark = pytest.mark.django_db

KINDS = [k.value for k in Question.Kind]


# ---------------------------------------------------------------- malformed answers


def _foreign_choice(question):
    return str(QuestionFactory(kind="single").choices.first().pk)


MALFORMED = [
    # (kind, change to a good POST body, status, words of the message shown)
    ("single", lambda q, d: {**d, "answer": _foreign_choice(q)}, 400, "not on this question"),
    ("true_false", lambda q, d: {**d, "answer": _foreign_choice(q)}, 400, "not on this question"),
    ("multiple", lambda q, d: {**d, "answer": [_foreign_choice(q)]}, 400, "not on this question"),
    ("single", lambda q, d: {**d, "answer": "x" * 600}, 400, "not on this question"),
    ("single", lambda q, d: {k: v for k, v in d.items() if k != "answer"}, 400, "choose an answer"),
    ("true_false", lambda q, d: {**d, "answer": ""}, 400, "choose an answer"),
    (
        "multiple",
        lambda q, d: {k: v for k, v in d.items() if k != "answer"},
        400,
        "tick at least one",
    ),
    ("numeric", lambda q, d: {**d, "answer": ""}, 400, "type an answer"),
    ("short_text", lambda q, d: {**d, "answer": "   "}, 400, "type an answer"),
    ("numeric", lambda q, d: {**d, "answer": "7" * 600}, 400, "too long"),
    ("short_text", lambda q, d: {**d, "answer": "a" * 600}, 400, "too long"),
    ("numeric", lambda q, d: {**d, "answer": "three and a half"}, 400, "is not a number"),
    ("numeric", lambda q, d: {**d, "answer": "3,500"}, 400, "ambiguous"),
    ("numeric", lambda q, d: {**d, "answer": "NaN"}, 400, "not a finite number"),
    ("confidence", lambda q, d: {**d, "confidence": "7"}, 400, "select a valid choice"),
]
for _kind in KINDS:
    MALFORMED += [
        (
            _kind,
            lambda q, d: {k: v for k, v in d.items() if k != "client_token"},
            400,
            "page is out of date",
        ),
        (_kind, lambda q, d: {**d, "client_token": "not-a-uuid"}, 400, "page is out of date"),
        (
            _kind,
            lambda q, d: {**d, **answer_post_data(QuestionFactory(kind=q.kind))},
            400,
            "not part of this session",
        ),
        (_kind, lambda q, d: {**d, "question": "987654321"}, 404, "not available"),
        (_kind, lambda q, d: {**d, "question": "abc"}, 404, "not available"),
        (
            _kind,
            lambda q, d: {
                **d,
                "question": str(
                    QuestionFactory(concept=q.concept, status=Question.Status.DRAFT).pk
                ),
            },
            400,
            "not available",
        ),
    ]


@pytest.mark.parametrize(
    ("kind", "change", "status", "message"),
    MALFORMED,
    ids=[f"{kind}-{i}" for i, (kind, *_) in enumerate(MALFORMED)],
)
def test_malformed_answer_posts_are_refused_clearly_and_write_nothing(
    login, student, kind, change, status, message
):
    question = QuestionFactory(kind="single" if kind == "confidence" else kind)
    session = PracticeSessionFactory(learner=student, concept=question.concept)
    client = login(student)
    client.get(url("session_question", session.pk))
    before = LearnerStats.objects.count(), list(PracticeSession.objects.values())

    response = client.post(
        url("session_answer", session.pk), change(question, answer_post_data(question))
    )

    assert response.status_code == status
    assert message in text_of(response).casefold()
    assert not Attempt.objects.exists()
    assert not ConceptMastery.objects.exists()
    assert (LearnerStats.objects.count(), list(PracticeSession.objects.values())) == before
    if status == 400:
        assert 'role="alert"' in response.content.decode()


def test_answering_a_closed_session_is_refused(login, student):
    question = QuestionFactory()
    session = PracticeSessionFactory(
        learner=student, concept=question.concept, status=PracticeSession.Status.COMPLETED
    )
    response = login(student).post(url("session_answer", session.pk), answer_post_data(question))
    assert response.status_code == 400
    assert "This session has ended" in text_of(response)
    assert not Attempt.objects.exists()
