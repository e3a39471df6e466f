"""Study plans through the database: services, the receiver, pages, calendar, teacher views."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from progress.models import LearnerGoal
from progress.plans import selectors as plan_selectors
from progress.plans import services as plan_services
from progress.plans.calendar import event_uid
from progress.plans.models import StudyPlan, StudyPlanItem
from progress.practice.sessions import session_complete, session_start
from tests import factories


def generate(learner, **kwargs):
    return plan_services.plan_generate(learner=learner, now=timezone.now(), **kwargs)


# --- services -----------------------------------------------------------------------------


def test_plan_learns_prerequisites_first_with_readiness(exam_student, curriculum):
    plan = generate(exam_student)
    learn = list(
        dict.fromkeys(
            plan.items.filter(kind=StudyPlanItem.Kind.LEARN).values_list("concept__name", flat=True)
        )
    )
    assert learn == ["Letters for numbers", "Expressions", "Equations", "States, solids; gases"]
    assert plan.feasible and plan.left_out == []
    assert 0.9 <= plan.readiness <= 1
    # The learner's own date (their profile's timezone), computed here independently.
    local_today = timezone.now().astimezone(ZoneInfo(exam_student.profile.timezone)).date()
    assert plan.start_date == local_today


def test_short_time_says_so_and_lists_what_is_left_out(exam_student, curriculum):
    exam_student.profile.minutes_per_day = 10
    exam_student.profile.exam_date = timezone.localdate() + timedelta(days=3)
    exam_student.profile.save()
    plan = generate(exam_student)
    assert not plan.feasible
    assert plan.message.startswith("Not enough time")
    assert plan.left_out
    priorities = [row["priority"] for row in plan.left_out]
    assert priorities == sorted(priorities, reverse=True)
    assert plan.readiness < 0.5


def test_regenerating_keeps_history_and_one_active_plan(exam_student, curriculum):
    first = generate(exam_student)
    second = generate(exam_student, rest_weekdays=[5, 6])
    first.refresh_from_db()
    assert first.status == StudyPlan.Status.SUPERSEDED
    assert second.status == StudyPlan.Status.ACTIVE
    assert second.rest_weekdays == [5, 6]
    assert not second.items.filter(date__week_day__in=[1, 7]).exists()  # Sunday=1, Saturday=7
    assert first.items.exists()  # the old plan is kept whole
    third = generate(exam_student)  # rest days carried over
    assert third.rest_weekdays == [5, 6]
    assert StudyPlan.objects.filter(learner=exam_student, status="active").count() == 1


def test_no_exam_date_refuses_with_a_message(student, curriculum):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="exam date"):
        generate(student)


def test_goal_narrows_the_plan_and_replans(exam_student, curriculum):
    generate(exam_student)
    plan_services.learner_goal_set(
        learner=exam_student, subject=curriculum["maths"], topics=[], now=timezone.now()
    )
    plan = plan_selectors.plan_active(learner=exam_student)
    assert plan.trigger == StudyPlan.Trigger.GOAL
    assert plan.goal_label == "Maths"
    names = set(plan.items.values_list("concept__name", flat=True))
    assert "States, solids; gases" not in names


def test_completing_a_session_replans(exam_student, curriculum):
    first = generate(exam_student)
    c1 = curriculum["c"][0]
    session = session_start(learner=exam_student, now=timezone.now(), concept=c1)
    session_complete(session=session, now=timezone.now())
    active = plan_selectors.plan_active(learner=exam_student)
    assert active.pk != first.pk and active.trigger == StudyPlan.Trigger.SESSION
    first.refresh_from_db()
    assert first.status == StudyPlan.Status.SUPERSEDED


def test_completing_a_session_without_a_plan_creates_none(exam_student, curriculum):
    session = session_start(learner=exam_student, now=timezone.now(), concept=curriculum["c"][0])
    session_complete(session=session, now=timezone.now())
    assert not StudyPlan.objects.exists()


def test_mastered_concepts_drop_out(exam_student, curriculum):
    from progress.mastery import review

    card = None
    when = timezone.now() - timedelta(days=30)
    for _ in range(8):  # a well-remembered card
        card = review.review_record(card=card, effective_score=1.0, confidence=None, now=when).card
        when += timedelta(days=3)
    c1 = curriculum["c"][0]
    factories.ConceptMasteryFactory(
        learner=exam_student,
        concept=c1,
        p_known=0.98,
        status="mastered",
        was_mastered=True,
        review_card=card,
    )
    plan = generate(exam_student)
    assert not plan.items.filter(concept=c1).exists()


# --- the page -----------------------------------------------------------------------------


def test_my_plan_page_shows_today_week_readiness_and_start_buttons(login, exam_student, curriculum):
    generate(exam_student)
    response = login(exam_student).get(reverse("plans:my_plan"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Projected readiness" in html
    assert 'id="plan-today"' in html
    assert reverse("progress:practice_start") in html
    assert 'name="slug" value="{}"'.format(curriculum["c"][0].slug) in html
    assert "The week ahead" in html


def test_my_plan_without_exam_date_links_to_the_profile(login, student, curriculum):
    html = login(student).get(reverse("plans:my_plan")).content.decode()
    assert 'id="plan-no-exam"' in html
    assert reverse("accounts:profile") in html


def test_generate_and_goal_views(login, exam_student, curriculum):
    client = login(exam_student)
    response = client.post(reverse("plans:generate"), {"rest_weekdays": ["6"]})
    assert response.status_code == 302
    assert plan_selectors.plan_active(learner=exam_student).rest_weekdays == [6]
    response = client.post(
        reverse("plans:goal"),
        {"subject": curriculum["maths"].pk, "topics": [curriculum["algebra"].pk]},
    )
    assert response.status_code == 302
    goal = LearnerGoal.objects.get(learner=exam_student)
    assert list(goal.topics.all()) == [curriculum["algebra"]]


def test_goal_topics_must_belong_to_the_subject(login, exam_student, curriculum):
    client = login(exam_student)
    client.post(
        reverse("plans:goal"),
        {"subject": curriculum["science"].pk, "topics": [curriculum["algebra"].pk]},
    )
    assert not LearnerGoal.objects.filter(learner=exam_student).exists()


def test_all_rest_days_is_refused(login, exam_student, curriculum):
    client = login(exam_student)
    client.post(reverse("plans:generate"), {"rest_weekdays": [str(d) for d in range(7)]})
    assert not StudyPlan.objects.exists()


@pytest.mark.parametrize(
    ("url", "method"),
    [("plans:my_plan", "get"), ("plans:ics", "get"), ("plans:generate", "post")],
)
def test_teachers_get_404_and_anonymous_go_to_login(client, login, teacher, url, method):
    response = getattr(client, method)(reverse(url))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    response = getattr(login(teacher), method)(reverse(url))
    assert response.status_code == 404


def test_plan_page_query_budget(login, exam_student, curriculum, django_assert_num_queries):
    generate(exam_student)
    generate(exam_student)
    client = login(exam_student)
    # session, user, profile, plans for the series, the active plan, the week's items with
    # concepts and topics, the goal (none here), the goal form's subject and topic choices
    with django_assert_num_queries(9):
        assert client.get(reverse("plans:my_plan")).status_code == 200


# --- the calendar -------------------------------------------------------------------------


def test_ics_has_one_all_day_event_per_study_day(login, exam_student, curriculum):
    plan = generate(exam_student)
    response = login(exam_student).get(reverse("plans:ics"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert "\n" not in body.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    days = set(plan.items.values_list("date", flat=True))
    assert body.count("BEGIN:VEVENT") == len(days)
    assert body.count("DTSTART;VALUE=DATE:") == len(days)
    assert body.count("DTSTAMP:") == len(days)
    first_day = min(days)
    assert f"UID:{event_uid(learner_id=exam_student.pk, day=first_day)}" in body
    assert "States\\, solids\\; gases" in body.replace("\r\n ", "")


def test_ics_without_a_plan_is_404(login, exam_student):
    assert login(exam_student).get(reverse("plans:ics")).status_code == 404


# --- teacher views ------------------------------------------------------------------------


def test_teacher_sees_the_students_plan_and_readiness(
    login, teacher, classroom, exam_student, curriculum
):
    plan = generate(exam_student)
    html = login(teacher).get(reverse("insights:student_detail", args=[exam_student.pk])).content
    html = html.decode()
    assert "Study plan and exam readiness" in html
    assert f"Projected readiness: {plan.readiness_percent}%" in html


def test_class_dashboard_shows_readiness(
    login, teacher, classroom, exam_student, curriculum, other_student
):
    classroom.students.add(other_student)
    plan = generate(exam_student)
    html = login(teacher).get(reverse("teach:class_dashboard", args=[classroom.pk])).content
    html = html.decode()
    assert 'id="class-readiness"' in html
    assert f"{plan.readiness_percent}%" in html
    assert "No study plan yet: " in html and other_student.display_name in html


@pytest.mark.parametrize("n_students", [2, 25])
def test_class_readiness_is_one_query(
    exam_student, curriculum, n_students, django_assert_num_queries
):
    students = [exam_student, *factories.StudentFactory.create_batch(n_students - 1)]
    generate(exam_student)
    with django_assert_num_queries(1):
        rows = plan_selectors.class_readiness(students=students)
    assert len(rows) == n_students


def test_student_page_plan_queries_do_not_depend_on_the_plan(
    login, teacher, classroom, exam_student, curriculum
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(teacher)
    url = reverse("insights:student_detail", args=[exam_student.pk])
    with CaptureQueriesContext(connection) as without_plan:
        client.get(url)
    generate(exam_student)
    generate(exam_student)
    with CaptureQueriesContext(connection) as with_plan:
        assert "Projected readiness" in client.get(url).content.decode()
    assert len(with_plan) == len(without_plan)
