"""The student pages' parts kept per learner state (progress/reports/page_cache.py): kept
while nothing changed, rebuilt after an answer, never across languages or past a review
falling due."""

import re
import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from progress.models import LearnerStats
from progress.practice.answers import attempt_record
from progress.reports import page_cache
from tests import factories

pytestmark = pytest.mark.django_db


def answer(learner, question, *, correct=True):
    choice = question.choices.filter(is_correct=correct).first()
    return attempt_record(
        learner=learner,
        question=question,
        response={"choices": [choice.pk]},
        client_token=uuid.uuid4(),
        now=timezone.now(),
    )


def _tokenless(html):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def _get(client, name):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse(name))
    assert response.status_code == 200
    return response, len(captured)


def test_progress_body_is_kept_until_the_learner_answers(login, student):
    questions = [factories.QuestionFactory() for _ in range(3)]
    answer(student, questions[0])
    client = login(student)
    first, built = _get(client, "insights:my_progress")
    again, kept = _get(client, "insights:my_progress")
    assert kept < built and kept == 3  # session, user, the cache key
    assert again.context["body"] == first.context["body"]

    answer(student, questions[1], correct=False)
    after, rebuilt = _get(client, "insights:my_progress")
    assert rebuilt == built - 1  # the concept list is kept per content version
    assert after.context["body"] != first.context["body"]
    # The new answer shows.
    assert "<dt>Questions answered</dt><dd>1</dd>" in first.context["body"]
    assert "<dt>Questions answered</dt><dd>2</dd>" in after.context["body"]


def test_dashboard_body_is_kept_until_the_learner_answers(login, student):
    questions = [factories.QuestionFactory() for _ in range(2)]
    answer(student, questions[0])
    client = login(student)
    first, built = _get(client, "progress:dashboard")
    again, kept = _get(client, "progress:dashboard")
    # session, user, the learner state, the dashboard versions
    assert kept == 4 and kept < built
    # The same page, each with its own masked CSRF token
    assert _tokenless(again.context["body"]) == _tokenless(first.context["body"])
    assert again.context["body"] != first.context["body"]
    assert "1 question answered, 1 correct." in again.context["body"]

    answer(student, questions[1])
    after, rebuilt = _get(client, "progress:dashboard")
    assert rebuilt == built - 1  # the concept list is kept per content version
    assert "2 questions answered, 2 correct." in after.context["body"]


def test_the_open_session_is_in_the_dashboard_key(login, student):
    question = factories.QuestionFactory()
    answer(student, question)
    client = login(student)
    assert (
        "Continue where you left off" not in _get(client, "progress:dashboard")[0].context["body"]
    )
    session = factories.PracticeSessionFactory(learner=student, concept=question.concept)
    LearnerStats.objects.filter(learner=student).update(sessions_started=0)  # state unchanged
    page = _get(client, "progress:dashboard")[0].context["body"]
    assert "Continue where you left off" in page and session.get_absolute_url() in page


def test_the_key_changes_with_the_language_and_the_timezone(student):
    factories.QuestionFactory()
    LearnerStats.objects.create(learner=student, total_attempts=1)
    with translation.override("en"):
        english = page_cache.learner_state(student).version
    with translation.override("fr"):
        french = page_cache.learner_state(student).version
    student.profile.timezone = "Asia/Tokyo"
    student.profile.save()
    with translation.override("en"):
        tokyo = page_cache.learner_state(student).version
    assert len({english, french, tokyo}) == 3


def test_no_stats_row_means_nothing_kept(student):
    assert page_cache.learner_state(student).version == ""


def test_an_entry_ends_when_a_concept_falls_due(student, monkeypatch):
    LearnerStats.objects.create(learner=student, total_attempts=1)
    state = page_cache.learner_state(student)
    now = timezone.now()
    timeouts = []
    monkeypatch.setattr(
        page_cache.cache, "set", lambda key, value, timeout: timeouts.append(timeout)
    )
    page_cache.cached_part(
        "t", state=state, now=now, build=lambda: ("x", now + timedelta(seconds=90))
    )
    page_cache.cached_part("u", state=state, now=now, build=lambda: ("x", None))
    assert timeouts[0] == pytest.approx(90)
    assert 0 < timeouts[1] <= page_cache.MAX_AGE.total_seconds()


def test_review_changes_at_is_the_next_mastered_concept_falling_due(student):
    now = timezone.now()
    rows = [
        factories.ConceptMasteryFactory(
            learner=student, was_mastered=True, review_due_at=now + timedelta(days=2)
        ),
        factories.ConceptMasteryFactory(
            learner=student, was_mastered=True, review_due_at=now + timedelta(hours=5)
        ),
        factories.ConceptMasteryFactory(
            learner=student, was_mastered=True, review_due_at=now - timedelta(hours=1)
        ),
        factories.ConceptMasteryFactory(
            learner=student, was_mastered=False, review_due_at=now + timedelta(hours=1)
        ),
        None,
    ]
    assert page_cache.review_changes_at(rows, now=now) == now + timedelta(hours=5)
