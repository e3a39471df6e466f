"""Extreme but reachable input gets a clear message and changes nothing (finding 8 of the
second penetration test): far dates, impossible ids."""

import pytest
from django.urls import reverse

from progress.models import LearnerGoal, PracticeSession, StudyPlan
from tests import factories

pytestmark = pytest.mark.django_db

HUGE_ID = "1" * 40


def test_an_exam_date_in_year_9999_is_refused_on_the_profile(login, student):
    response = login(student).post(
        reverse("accounts:profile"),
        {"grade": "Year 7", "exam_date": "9999-12-31", "minutes_per_day": 30, "timezone": "UTC"},
    )
    assert response.status_code == 200
    assert "within the next two years" in response.content.decode()
    student.profile.refresh_from_db()
    assert student.profile.exam_date is None


def test_a_plan_for_an_exam_in_year_9999_is_refused_quickly_and_clearly(login, student):
    student.profile.exam_date = "9999-12-31"  # saved before the form checked it
    student.profile.save()
    factories.QuestionFactory()
    response = login(student).post(reverse("plans:generate"))
    assert response.status_code == 400  # the plan page again, the reason beside the form
    assert "more than two years away" in response.content.decode()
    assert not StudyPlan.objects.exists()


@pytest.mark.parametrize("query", [{"date_to": "9999-12-31"}, {"date_from": "0001-01-01"}])
def test_far_date_filters_on_a_students_answers_are_refused(
    login, teacher, student, classroom, query
):
    client = login(teacher)
    page = client.get(reverse("insights:student_detail", args=[student.pk]), query)
    assert page.status_code == 200
    assert "Choose a date between 2000 and 2100" in page.content.decode()
    csv = client.get(reverse("insights:student_attempts_csv", args=[student.pk]), query)
    assert csv.status_code == 400


def test_a_forty_digit_topic_id_is_a_form_error_not_a_crash(login, student):
    topic = factories.TopicFactory()
    response = login(student).post(
        reverse("plans:goal"), {"subject": topic.subject_id, "topics": [HUGE_ID]}
    )
    assert response.status_code == 400  # the plan page, the error beside the topics
    assert "Select a valid choice" in response.content.decode()
    assert not LearnerGoal.objects.exists()


@pytest.mark.parametrize("field", ["subject", "topic"])
def test_a_forty_digit_filter_id_on_the_class_dashboard_is_refused(
    login, teacher, classroom, field
):
    response = login(teacher).get(
        reverse("teach:class_dashboard", args=[classroom.pk]), {field: HUGE_ID}
    )
    assert response.status_code == 200


def test_a_forty_digit_question_id_in_an_answer_is_not_found(login, student):
    question = factories.QuestionFactory()
    session = PracticeSession.objects.create(
        learner=student, scope="concept", concept=question.concept, started_at="2026-01-01T00:00Z"
    )
    response = login(student).post(
        reverse("progress:session_answer", args=[session.pk]),
        {"question": HUGE_ID, "client_token": "3f1c1b8e-8f6e-4f7a-9b4e-2d2b0c6c1a11"},
    )
    assert response.status_code == 404
