import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from progress.practice.answers import attempt_record
from progress.practice.sessions import session_start
from tests import factories
from tests.progress.helpers import master

pytestmark = pytest.mark.django_db


def answer(learner, question, *, correct=True, now=None):
    choice = question.choices.filter(is_correct=correct).first()
    return attempt_record(
        learner=learner,
        question=question,
        response={"choices": [choice.pk]},
        client_token=uuid.uuid4(),
        now=now or timezone.now(),
    )


def build_curriculum(n_concepts: int):
    subject = factories.SubjectFactory(name="Mathematics")
    topic = factories.TopicFactory(subject=subject, exam_weightage=40)
    concepts = [factories.ConceptFactory(topic=topic) for _ in range(n_concepts)]
    questions = [factories.QuestionFactory(concept=c) for c in concepts]
    for later, earlier in zip(concepts[1:], concepts, strict=False):
        factories.ConceptPrerequisiteFactory(concept=later, prerequisite=earlier)
    return concepts, questions


def test_dashboard_recommends_the_first_concept_of_the_chain(login, student):
    concepts, _ = build_curriculum(3)
    page = login(student).get(reverse("progress:dashboard")).content.decode()
    assert f"Practise {concepts[0].name}" in page
    # Day 0: nothing has been practised, so no "Well done" for an empty review list.
    assert "Nothing to review yet" in page and "Well done" not in page


def test_dashboard_lists_due_reviews_and_starts_a_review_session(login, student):
    concepts, questions = build_curriculum(2)
    month_ago = timezone.now() - timedelta(days=30)
    row = master(student, concepts[0], now=month_ago)
    # Only tried a month ago, never mastered: its card is due, but nothing "needs review".
    answer(student, questions[1], now=month_ago)
    assert row.review_due_at <= timezone.now()
    client = login(student)
    page = client.get(reverse("progress:dashboard")).content.decode()
    assert "1 concept due for review today" in page
    assert concepts[0].name in page
    assert 'i-review_needed">Review needed' in page  # the pill beside it says the same
    # Reviews are offered in their own card: "Continue" recommends new practice.
    assert f"Practise {concepts[1].name}" in page
    response = client.post(reverse("progress:practice_start"), {"scope": "review"})
    assert response.status_code == 302
    question_page = client.get(response["Location"]).content.decode()
    assert concepts[0].name in question_page
    assert questions[1].prompt not in question_page


def test_dashboard_offers_to_continue_an_open_session(login, student):
    concepts, _ = build_curriculum(1)
    session = session_start(learner=student, now=timezone.now(), concept=concepts[0])
    page = login(student).get(reverse("progress:dashboard")).content.decode()
    assert "Continue where you left off" in page
    assert session.get_absolute_url() in page


def test_a_teacher_gets_not_found(login, teacher):
    # The wrong role gets a 404 on every page (accounts.access), never a redirect.
    assert login(teacher).get(reverse("progress:dashboard")).status_code == 404


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(reverse("progress:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("n_concepts", [2, 30])
def test_dashboard_query_budget(login, student, classroom, django_assert_num_queries, n_concepts):
    _concepts, questions = build_curriculum(n_concepts)
    for q in questions:
        answer(student, q, correct=False, now=timezone.now() - timedelta(days=20))
    client = login(student)
    # Built: session, user, the learner state, the dashboard versions; concepts with
    # topics, mastery rows, subjects, prerequisite edges, open session, classrooms, their
    # teachers; the assignments block: the student's assignments (none here), their unseen
    # notices; the badges not yet announced
    with django_assert_num_queries(14):
        assert client.get(reverse("progress:dashboard")).status_code == 200
    # Kept (progress/reports/page_cache.py): session, user, the learner state, the
    # dashboard versions
    with django_assert_num_queries(4):
        assert client.get(reverse("progress:dashboard")).status_code == 200
