"""Which concept and question come next: frontier first, never a blocked concept."""

from datetime import timedelta

import pytest
from django.utils import timezone

from learning.models import Question
from progress.models import PracticeSession
from tests.factories import (
    ConceptFactory,
    ConceptMasteryFactory,
    ConceptPrerequisiteFactory,
    QuestionFactory,
    TopicFactory,
)
from tests.progress.practice.pages import start, text_of, url

pytestmark = pytest.mark.django_db

KINDS = [k.value for k in Question.Kind]


# ---------------------------------------------------------------- adaptive choice


@pytest.fixture
def chain():
    """Topic with concepts blocked (order 0) → basics (1) → next step (2, needs basics)."""
    topic = TopicFactory()
    elsewhere = ConceptFactory(name="Elsewhere")  # another topic, never practised
    blocked = ConceptFactory(topic=topic, name="Blocked", order=0)
    basics = ConceptFactory(topic=topic, name="Basics", order=1)
    step = ConceptFactory(topic=topic, name="Next step", order=2)
    ConceptPrerequisiteFactory(concept=blocked, prerequisite=elsewhere)
    ConceptPrerequisiteFactory(concept=step, prerequisite=basics)
    for concept in (blocked, basics, step):
        QuestionFactory(concept=concept)
    return {"topic": topic, "blocked": blocked, "basics": basics, "step": step}


def _topic_question(client, topic):
    _, session = start(client, "topic", topic.slug)
    return client.get(url("session_question", session.pk)).context["question"]


def test_topic_practice_starts_with_the_frontier_not_a_blocked_concept(login, student, chain):
    question = _topic_question(login(student), chain["topic"])
    assert question.concept == chain["basics"]


def test_topic_practice_moves_on_once_the_prerequisite_is_mastered(login, student, chain):
    ConceptMasteryFactory(
        learner=student, concept=chain["basics"], p_known=0.97, status="mastered", attempts=4
    )
    question = _topic_question(login(student), chain["topic"])
    assert question.concept == chain["step"]


def test_topic_practice_never_picks_the_blocked_concept_even_when_all_else_is_mastered(
    login, student, chain
):
    for name in ("basics", "step"):
        ConceptMasteryFactory(
            learner=student, concept=chain[name], p_known=0.97, status="mastered", attempts=4
        )
    question = _topic_question(login(student), chain["topic"])
    assert question.concept != chain["blocked"]
    assert question.concept == chain["basics"]


def test_topic_practice_prefers_a_due_review(login, student, chain):
    ConceptMasteryFactory(
        learner=student,
        concept=chain["step"],
        p_known=0.97,
        status="mastered",
        was_mastered=True,
        review_due_at=timezone.now() - timedelta(hours=1),
    )
    ConceptMasteryFactory(learner=student, concept=chain["basics"], p_known=0.97)
    question = _topic_question(login(student), chain["topic"])
    assert question.concept == chain["step"]


def test_review_session_serves_the_most_overdue_concept(login, student):
    due_long, due_recent, not_due = (QuestionFactory() for _ in range(3))
    now = timezone.now()
    for question, due in [
        (due_long, now - timedelta(days=3)),
        (due_recent, now - timedelta(hours=1)),
        (not_due, now + timedelta(days=2)),
    ]:
        ConceptMasteryFactory(
            learner=student,
            concept=question.concept,
            status="mastered",
            was_mastered=True,
            review_due_at=due,
        )
    # A concept never mastered is not "review needed", however old its card.
    ConceptMasteryFactory(learner=student, review_due_at=now - timedelta(days=30))
    client = login(student)
    _, session = start(client, "review")
    assert session.scope == PracticeSession.Scope.REVIEW
    assert session.target_questions == 2  # one question per concept due
    page = client.get(url("session_question", session.pk))
    assert page.context["question"] == due_long
    assert "Review" in text_of(page)


def test_review_with_nothing_due_says_so(login, student):
    ConceptMasteryFactory(learner=student, review_due_at=timezone.now() + timedelta(days=1))
    response, session = start(login(student), "review")
    assert session is None
    assert [str(m) for m in response.wsgi_request._messages] == [
        "Nothing is due for review right now."
    ]
