"""The practice loop as a student meets it: start, answer, feedback, hints, summary."""

import pytest
from django.urls import reverse
from django.utils import timezone

from learning.models import Question
from progress.models import Attempt, PracticeSession
from progress.practice.sessions import session_serve
from tests.factories import (
    ConceptFactory,
    ConceptPrerequisiteFactory,
    PracticeSessionFactory,
    QuestionFactory,
    answer_post_data,
)
from tests.progress.practice.pages import start, text_of, token_in, url

pytestmark = pytest.mark.django_db

KINDS = [k.value for k in Question.Kind]


# ---------------------------------------------------------------- the full loop


def test_full_practice_flow_from_the_concept_page(login, student):
    concept = ConceptFactory(name="Adding")
    QuestionFactory(
        concept=concept, prompt="What is 2 + 2?", explanation="Two and two make four, always."
    )
    QuestionFactory(concept=concept, prompt="What is 1 + 3?", explanation="Count on from one.")
    client = login(student)

    page = client.get(reverse("learning:concept_detail", args=[concept.slug]))
    assert reverse("progress:practice_start") in page.content.decode()
    response, session = start(client, "concept", concept.slug)
    assert response.status_code == 302
    assert response["Location"] == url("session_question", session.pk)

    afters = []
    for n in range(2):
        page = client.get(url("session_question", session.pk))
        assert page.status_code == 200
        question = page.context["question"]
        assert question.prompt in text_of(page)
        assert f"Question {n + 1}" in text_of(page)
        data = answer_post_data(question, token=token_in(page))
        response = client.post(url("session_answer", session.pk), data)
        attempt = Attempt.objects.latest("pk")
        assert response["Location"] == url("attempt_feedback", session.pk, attempt.pk)
        feedback = text_of(client.get(response["Location"]))
        assert "Correct" in feedback
        assert question.explanation in feedback
        after = round(100 * attempt.mastery_after)
        afters.append(after)
        if n == 0:
            assert f"First answer on this concept: {after}%" in feedback
        else:
            before = round(100 * attempt.mastery_before)
            assert before == afters[0]
            assert f"{before}% → <strong>{after}%</strong>" in feedback
            assert after > before

    assert client.post(url("session_finish", session.pk))["Location"] == url(
        "session_summary", session.pk
    )
    summary = text_of(client.get(url("session_summary", session.pk)))
    assert "Session summary" in summary
    assert "100%" in summary
    assert "2 of 2 correct" in summary
    assert "Adding" in summary  # the concept it moved
    session.refresh_from_db()
    assert session.status == PracticeSession.Status.COMPLETED
    # A finished session's question page sends you to the summary.
    assert client.get(url("session_question", session.pk))["Location"] == url(
        "session_summary", session.pk
    )


def test_wrong_answer_feedback_shows_the_right_one(login, student):
    question = QuestionFactory(kind="single", explanation="Because arithmetic.")
    client = login(student)
    _, session = start(client, "concept", question.concept.slug)
    client.get(url("session_question", session.pk))
    response = client.post(
        url("session_answer", session.pk), answer_post_data(question, correct=False)
    )
    feedback = text_of(client.get(response["Location"]))
    assert "Not quite" in feedback
    assert "Correct answer:" in feedback
    assert "Because arithmetic." in feedback


def test_session_ends_after_its_target_and_shows_the_summary(login, student):
    question = QuestionFactory()
    session = PracticeSessionFactory(learner=student, concept=question.concept, target_questions=1)
    client = login(student)
    client.get(url("session_question", session.pk))
    client.post(url("session_answer", session.pk), answer_post_data(question))
    response = client.get(url("session_question", session.pk))
    assert response["Location"] == url("session_summary", session.pk)
    session.refresh_from_db()
    assert session.status == PracticeSession.Status.COMPLETED


def test_refreshing_the_question_page_keeps_the_same_question_and_clock(login, student):
    concept = ConceptFactory()
    QuestionFactory.create_batch(3, concept=concept)
    session = PracticeSessionFactory(learner=student, concept=concept)
    client = login(student)
    first = client.get(url("session_question", session.pk)).context["question"]
    session.refresh_from_db()
    served_at = session.served_at
    again = client.get(url("session_question", session.pk)).context["question"]
    session.refresh_from_db()
    assert again == first
    assert session.served_at == served_at


def test_double_submit_of_the_same_page_records_one_attempt(login, student):
    question = QuestionFactory()
    session = PracticeSessionFactory(learner=student, concept=question.concept)
    client = login(student)
    client.get(url("session_question", session.pk))
    data = answer_post_data(question)
    first = client.post(url("session_answer", session.pk), data)
    second = client.post(url("session_answer", session.pk), data)
    assert first["Location"] == second["Location"]
    assert Attempt.objects.count() == 1
    session.refresh_from_db()
    assert session.question_count == 1


def test_start_with_nothing_to_practise_explains_why(login, student):
    concept = ConceptFactory()
    client = login(student)
    response = client.post(
        url("practice_start"), {"scope": "concept", "slug": concept.slug, "back": "/learn/"}
    )
    assert response["Location"] == "/learn/"
    assert not PracticeSession.objects.exists()
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["This concept has no published questions yet."]


@pytest.mark.parametrize(
    "data",
    [
        {"scope": "concept"},
        {"scope": "planet", "slug": "x"},
        {},
    ],
)
def test_start_with_a_bad_form_is_400(login, student, data):
    response = login(student).post(url("practice_start"), data)
    assert response.status_code == 400
    assert not PracticeSession.objects.exists()


def test_start_never_redirects_off_site(login, student):
    response = login(student).post(
        url("practice_start"),
        {"scope": "concept", "slug": ConceptFactory().slug, "back": "//evil.example"},
    )
    assert response.status_code == 302
    assert "evil" not in response["Location"]


def test_starting_a_blocked_concept_warns_but_lets_you_practise(login, student):
    edge = ConceptPrerequisiteFactory()
    QuestionFactory(concept=edge.concept)
    response, session = start(login(student), "concept", edge.concept.slug)
    assert response["Location"] == url("session_question", session.pk)
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("prerequisites" in m for m in messages)


# ---------------------------------------------------------------- hints


def test_hints_are_counted_on_the_server_and_recorded_with_the_answer(login, student):
    question = QuestionFactory(hint_1="Think of pairs.", hint_2="Two pairs.")
    session = PracticeSessionFactory(learner=student, concept=question.concept)
    client = login(student)
    page = client.get(url("session_question", session.pk))
    assert "Think of pairs." not in text_of(page)
    assert "Show a hint" in text_of(page)

    for expected in (1, 2, 2):  # a third request cannot reveal more than there are
        assert client.post(url("session_hint", session.pk)).status_code == 302
        session.refresh_from_db()
        assert session.hints_shown == expected
    page = client.get(url("session_question", session.pk))
    assert "Think of pairs." in text_of(page)
    assert "Two pairs." in text_of(page)
    assert "Show a hint" not in text_of(page)

    # A client claiming it used no hints is ignored: the server's count is recorded.
    data = {**answer_post_data(question, token=token_in(page)), "hints_used": "0"}
    client.post(url("session_answer", session.pk), data)
    attempt = Attempt.objects.get()
    assert attempt.hints_used == 2
    session.refresh_from_db()
    assert session.hints_shown == 0


def test_hints_shown_for_one_question_do_not_count_against_another(login, student):
    concept = ConceptFactory()
    served = QuestionFactory(concept=concept)
    other = QuestionFactory(concept=concept)
    session = PracticeSessionFactory(learner=student, concept=concept)
    session_serve(session=session, question=served, now=timezone.now())
    client = login(student)
    client.post(url("session_hint", session.pk))
    # Answering a question that is not on screen (an old page) is refused, clearly.
    stale = client.post(url("session_answer", session.pk), answer_post_data(other), follow=True)
    assert "no longer on screen" in text_of(stale)
    assert not Attempt.objects.exists()
    session_serve(session=session, question=other, now=timezone.now())
    client.post(url("session_answer", session.pk), answer_post_data(other))
    assert Attempt.objects.get().hints_used == 0
