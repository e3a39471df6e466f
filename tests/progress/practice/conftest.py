"""Fixtures of the practice tests."""

import uuid

import pytest
from django.utils import timezone

from progress.practice.answers import attempt_record
from progress.practice.sessions import session_serve, session_start
from tests.factories import ConceptFactory, QuestionFactory, answer_for


@pytest.fixture
def practising(student):
    """A student mid-session: a served question, one answered attempt, one more to go."""
    concept = ConceptFactory(name="Fractions")
    first = QuestionFactory(concept=concept, hint_2="Second hint")
    second = QuestionFactory(concept=concept)
    session = session_start(learner=student, concept=concept, now=timezone.now())
    result = attempt_record(
        learner=student,
        question=first,
        response=answer_for(first),
        client_token=uuid.uuid4(),
        now=timezone.now(),
        session=session,
    )
    session_serve(session=session, question=second, now=timezone.now())
    return {"session": session, "attempt": result.attempt, "question": second, "concept": concept}
