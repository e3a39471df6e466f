"""Who may open a practice session's pages: the owner only."""

import pytest
from django.urls import reverse
from django.utils import timezone

from learning.models import Question
from progress.models import Attempt, PracticeSession
from progress.practice.sessions import session_start
from tests.factories import (
    answer_post_data,
)
from tests.progress.practice.pages import text_of, url

pytestmark = pytest.mark.django_db

KINDS = [k.value for k in Question.Kind]


def session_urls(p):
    s, a, q = p["session"], p["attempt"], p["question"]
    return {
        "question": ("get", url("session_question", s.pk), {}),
        "answer": ("post", url("session_answer", s.pk), answer_post_data(q)),
        "hint": ("post", url("session_hint", s.pk), {}),
        "finish": ("post", url("session_finish", s.pk), {}),
        "summary": ("get", url("session_summary", s.pk), {}),
        "feedback": ("get", url("attempt_feedback", s.pk, a.pk), {}),
    }


SESSION_URLS = ["question", "answer", "hint", "finish", "summary", "feedback"]

# ---------------------------------------------------------------- access per persona


@pytest.mark.parametrize(
    ("name", "status", "location"),
    [
        ("question", 200, None),
        ("answer", 302, "attempts"),
        ("hint", 302, "sessions"),
        ("finish", 302, "summary"),
        ("summary", 302, "sessions"),  # still open: back to the question
        ("feedback", 200, None),
    ],
)
def test_owner_can_use_every_session_url(login, student, practising, name, status, location):
    method, target, data = session_urls(practising)[name]
    response = getattr(login(student), method)(target, data)
    assert response.status_code == status
    if location:
        assert location in response["Location"]


@pytest.mark.parametrize("persona", ["other_student", "teacher", "other_teacher", "admin_user"])
@pytest.mark.parametrize("name", SESSION_URLS)
def test_nobody_else_can_see_or_touch_a_students_session(request, login, practising, persona, name):
    user = request.getfixturevalue(persona)
    method, target, data = session_urls(practising)[name]
    before = list(PracticeSession.objects.values()), Attempt.objects.count()
    response = getattr(login(user), method)(target, data)
    assert response.status_code == 404
    assert (list(PracticeSession.objects.values()), Attempt.objects.count()) == before


def test_another_learners_attempt_is_404_even_inside_my_own_session(
    login, student, other_student, practising
):
    mine = session_start(learner=other_student, concept=practising["concept"], now=timezone.now())
    response = login(other_student).get(url("attempt_feedback", mine.pk, practising["attempt"].pk))
    assert response.status_code == 404


@pytest.mark.parametrize("name", SESSION_URLS)
def test_anonymous_is_sent_to_login(client, practising, name):
    method, target, data = session_urls(practising)[name]
    response = getattr(client, method)(target, data)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert Attempt.objects.count() == 1


@pytest.mark.parametrize(
    ("method", "target"),
    [
        ("post", "practice_start"),
        ("get", "mastery_explain"),
    ],
)
def test_anonymous_is_sent_to_login_elsewhere(client, practising, method, target):
    args = (practising["concept"].slug,) if target == "mastery_explain" else ()
    response = getattr(client, method)(url(target, *args), {"scope": "review"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert PracticeSession.objects.count() == 1


def test_mastery_doc_is_public(client):
    response = client.get(url("mastery_doc"))
    assert response.status_code == 200
    assert "95%" in text_of(response)


def test_mastery_explain_shows_only_my_own_answers(login, student, other_student, practising):
    mine = login(student).get(url("mastery_explain", practising["concept"].slug))
    assert mine.status_code == 200
    assert practising["attempt"].response_text in text_of(mine)
    theirs = login(other_student).get(url("mastery_explain", practising["concept"].slug))
    assert theirs.status_code == 200
    assert "No answers on this concept yet." in text_of(theirs)


def test_mastery_explain_unknown_concept_is_404(login, student):
    assert login(student).get(url("mastery_explain", "no-such-concept")).status_code == 404


def test_start_and_answer_endpoints_refuse_get(login, student, practising):
    client = login(student)
    assert client.get(url("practice_start")).status_code == 405
    assert client.get(url("session_answer", practising["session"].pk)).status_code == 405
    assert client.get(url("session_hint", practising["session"].pk)).status_code == 405
