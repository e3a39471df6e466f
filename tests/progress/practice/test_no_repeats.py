"""Sessions that never repeat a question, and what the pages say about repeats (issue 14)."""

import pytest
from django.urls import reverse

from progress.models import Attempt, ConceptMastery, PracticeSession
from tests.factories import ConceptFactory, QuestionFactory, TopicFactory, answer_post_data
from tests.progress.practice.pages import start, text_of, url

pytestmark = pytest.mark.django_db


def _play(client, session, *, correct=True, answers=None):
    """Answer whatever the session serves until it ends (or ``answers`` answers); returns the
    question ids served, in order, and the last response."""
    served = []
    while answers is None or len(served) < answers:
        page = client.get(url("session_question", session.pk))
        if page.status_code == 302:
            return served, page
        question = page.context["question"]
        served.append(question.pk)
        response = client.post(
            url("session_answer", session.pk), answer_post_data(question, correct=correct)
        )
        assert response.status_code == 302, text_of(response)
    return served, None


def test_a_four_question_concept_makes_a_four_question_session_without_repeats(login, student):
    concept = ConceptFactory(name="Times tables")
    questions = QuestionFactory.create_batch(4, concept=concept)
    client = login(student)
    _, session = start(client, "concept", concept.slug)
    assert session.target_questions == 4
    first = client.get(url("session_question", session.pk))
    assert "Question 1 of 4" in text_of(first)
    assert "Each question comes once per session" in text_of(first)
    served, end = _play(client, session, correct=False)
    assert sorted(served) == sorted(q.pk for q in questions)  # each once
    assert end["Location"] == url("session_summary", session.pk)
    session.refresh_from_db()
    assert (session.status, session.question_count) == ("completed", 4)


def test_the_next_session_serves_the_least_recently_seen_and_repeats_are_practice(login, student):
    concept = ConceptFactory(name="Times tables")
    QuestionFactory.create_batch(4, concept=concept)
    client = login(student)
    _, first = start(client, "concept", concept.slug)
    first_order, _ = _play(client, first, correct=False)
    low = ConceptMastery.objects.get(learner=student).p_known

    _, second = start(client, "concept", concept.slug)
    second_order, _ = _play(client, second, correct=True)  # the revealed answers
    assert second_order == first_order  # least recently seen first
    repeats = Attempt.objects.filter(session=second)
    assert [a.evidence for a in repeats] == [0.0] * 4
    row = ConceptMastery.objects.get(learner=student)
    assert row.p_known == low and row.status == "in_progress"

    feedback = client.get(
        url("attempt_feedback", second.pk, repeats.first().pk)
    )  # the page says why
    assert "Practice: you were shown this question's answer less than 12 hours ago" in (
        text_of(feedback)
    )
    explain = text_of(client.get(reverse("progress:mastery_explain", args=[concept.slug])))
    assert explain.count("practice, not evidence") == 4
    assert "In progress" in explain
    assert "more different questions right at the first try" in explain


def test_a_topic_session_moves_on_when_a_concept_runs_out(login, student):
    topic = TopicFactory()
    small = ConceptFactory(topic=topic, name="Small", order=1)
    big = ConceptFactory(topic=topic, name="Big", order=2)
    small_qs = QuestionFactory.create_batch(2, concept=small)
    QuestionFactory.create_batch(3, concept=big)
    client = login(student)
    _, session = start(client, "topic", topic.slug)
    assert session.target_questions == 5
    page = client.get(url("session_question", session.pk))
    assert "when a concept runs out, the session moves on to the next ready concept" in (
        text_of(page)
    )
    served, _ = _play(client, session, correct=False)  # wrong: Small is never mastered
    assert len(served) == len(set(served)) == 5
    assert set(served[:2]) == {q.pk for q in small_qs}  # Small first, then on to Big
    later = Attempt.objects.filter(session=session, question_id__in=served[2:])
    assert {a.concept.name for a in later} == {"Big"}


def test_a_session_that_runs_out_early_says_why(login, student):
    concept = ConceptFactory(name="Shrinking")
    questions = QuestionFactory.create_batch(3, concept=concept)
    client = login(student)
    _, session = start(client, "concept", concept.slug)
    first, _ = _play(client, session, answers=1)
    gone = next(q for q in questions if q.pk not in first)
    gone.status = "draft"  # an author unpublished one meanwhile
    gone.save()
    served, end = _play(client, session)
    assert len(served) == 1
    summary = client.get(end["Location"])
    assert "You have answered every question in Shrinking that is available" in text_of(summary)
    assert PracticeSession.objects.get(pk=session.pk).question_count == 2
