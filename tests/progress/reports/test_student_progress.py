"""The progress page, a teacher's view of one student, and the attempts CSV.

All data is created through the services (``attempt_record``, ``session_start``,
``session_complete``) with explicit ``now`` values, so metrics, snapshots, daily activity
and stats are filled exactly as in production.
"""

import re
import uuid
from datetime import timedelta

import pytest
from django.urls import reverse

from learning.models import Concept
from progress.models import ConceptMastery, DailyActivity, ProgressSnapshot
from progress.practice.answers import attempt_record
from progress.practice.sessions import session_complete, session_start
from progress.reports.student_progress import strengths_and_weaknesses
from tests import factories
from tests.progress.reports.learners import (
    answer,
    csv_url,
    curriculum,
    detail_url,
    local_date,
    my_progress,
    noon_days_ago,
    section,
)

pytestmark = pytest.mark.django_db


# Access ------------------------------------------------------------------------------------


def test_student_sees_their_own_progress(login, student):
    assert my_progress(login(student)).status_code == 200


@pytest.mark.parametrize("persona", ["teacher", "admin_user"])
def test_my_progress_is_for_students_only(login, request, persona):
    assert my_progress(login(request.getfixturevalue(persona))).status_code == 404


def test_anonymous_is_sent_to_login(client, student):
    for url in (reverse("insights:my_progress"), detail_url(student), csv_url(student)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("url", [detail_url, csv_url], ids=["page", "csv"])
def test_teacher_of_the_class_sees_the_student(login, teacher, student, classroom, url):
    assert login(teacher).get(url(student)).status_code == 200


@pytest.mark.parametrize("url", [detail_url, csv_url], ids=["page", "csv"])
@pytest.mark.parametrize("persona", ["other_teacher", "student", "other_student"])
def test_everyone_else_gets_404(login, request, student, classroom, url, persona):
    assert login(request.getfixturevalue(persona)).get(url(student)).status_code == 404


def test_teacher_cannot_see_a_student_outside_their_classes(login, teacher, classroom):
    stranger = factories.StudentFactory(username="stranger")
    assert login(teacher).get(detail_url(stranger)).status_code == 404


# Content -----------------------------------------------------------------------------------


def test_strengths_and_weaknesses_need_enough_evidence(login, student):
    names = ["Fractions", "Decimals", "Percentages", "Ratios"]
    _concepts, questions = curriculum(4, names=names)
    # One question per concept, so each answer comes in a sitting of its own (13 hours
    # apart): an answer to the same question within a sitting would be practice only.
    when = noon_days_ago(9)
    plan = {
        0: [True, True, True, True],  # strong
        1: [False, False, False, False],  # weak
        2: [True, True, False, True],  # fairly strong
        3: [True, True],  # two answers only: not enough evidence either way
    }
    for index, results in plan.items():
        for result in results:
            when += timedelta(hours=13)
            answer(student, questions[index], correct=result, now=when)
    page = my_progress(login(student)).content.decode()
    strengths, weaknesses = section(page, "strengths"), section(page, "weaknesses")
    assert "Fractions" in strengths and "Percentages" in strengths
    assert strengths.index("Fractions") < strengths.index("Percentages")
    assert "Decimals" in weaknesses
    assert "Decimals" not in strengths
    assert "Ratios" not in strengths and "Ratios" not in weaknesses
    # Status is written in words and symbols, not only coloured.
    assert 'ic i-in_progress">In progress' in weaknesses  # symbol (CSS) and words


def _row(name, p_known, attempts, correct, status="in_progress"):
    concept = Concept(name=name)
    return ConceptMastery(
        concept=concept, p_known=p_known, attempts=attempts, correct=correct, status=status
    )


def test_a_mastered_concept_is_never_to_work_on_and_a_weak_one_never_a_strength():
    rows = [
        _row("A", 0.99, 10, 10, "mastered"),
        _row("B", 0.97, 5, 5, "mastered"),
        _row("C", 0.96, 4, 4, "mastered"),
        _row("D", 0.96, 9, 8, "mastered"),
        _row("E", 0.3, 5, 1),
        _row("F", 0.3, 5, 2),
        _row("G", 0.1, 2, 0),  # too little evidence
    ]
    strengths, weaknesses = strengths_and_weaknesses(rows)
    assert [r.concept.name for r in strengths] == ["A", "B", "C"]  # C ties D, more accurate
    assert [r.concept.name for r in weaknesses] == ["E", "F"]  # worst first
    only_mastered = strengths_and_weaknesses(rows[:4])
    assert only_mastered[1] == []
    only_weak = strengths_and_weaknesses(rows[4:])
    assert only_weak[0] == []


def test_habits_average_time_hints_and_pace(login, student):
    _concepts, questions = curriculum(2)
    session = session_start(learner=student, now=noon_days_ago(2), concept=questions[0].concept)
    for i in range(4):
        attempt_record(
            learner=student,
            question=questions[0],
            response=factories.answer_for(questions[0]),
            client_token=uuid.uuid4(),
            now=noon_days_ago(2) + timedelta(minutes=i + 1),
            session=session,
            hints_used=1 if i == 0 else 0,
            time_taken_seconds=30,
        )
    session_complete(session=session, now=noon_days_ago(2) + timedelta(minutes=10))
    page = my_progress(login(student)).content.decode()
    assert "<dt>Average time per question</dt><dd>30 s</dd>" in page
    assert "<dt>Hints per question</dt><dd>0.25</dd>" in page
    pace = section(page, "pace")
    mastered = student.concept_mastery.filter(mastered_at__isnull=False).count()
    assert f"{mastered:.1f} concepts mastered per active week" in pace
    assert f"({mastered} mastered in 1 active week of the last 12)" in pace


def test_calendar_marks_the_days_practised_with_a_text_alternative(login, student):
    _concepts, questions = curriculum(2)
    for days_ago, count in ((20, 3), (6, 1), (0, 2)):
        for i in range(count):
            answer(student, questions[i % 2], now=noon_days_ago(days_ago) - timedelta(minutes=i))
    assert DailyActivity.objects.filter(learner=student).count() == 3
    page = my_progress(login(student)).content.decode()
    for days_ago, count in ((20, 3), (6, 1), (0, 2)):
        day = local_date(days_ago)
        assert f'data-date="{day.isoformat()}" data-count="{count}"' in page
        assert (
            f'<th scope="row">{day:%a} {day.day} {day:%b} {day.year}</th><td>{count}</td>' in page
        )
    assert f'data-date="{local_date(1).isoformat()}" data-count="0"' in page
    assert page.count('class="cal-day cal-active"') == 3
    assert "Practised on 3 of the last" in page  # the figcaption
    assert page.count("Show the data as a table") == 4  # every chart has its table


def test_mastery_chart_plots_end_of_day_snapshots_and_today(login, student):
    _concepts, questions = curriculum(1, subject_name="Physics")
    answer(student, questions[0], correct=False, now=noon_days_ago(9))
    answer(student, questions[0], correct=True, now=noon_days_ago(4))
    answer(student, questions[0], correct=True, now=noon_days_ago(0))
    # Days 9 and 4 are snapshotted (a later day started); today is the live metric.
    assert (
        ProgressSnapshot.objects.filter(
            learner=student, dimension="subject", metric="mastery"
        ).count()
        == 2
    )
    page = my_progress(login(student)).content.decode()
    match = re.search(r'<polyline class="chart-line" points="([^"]+)"', page)
    assert match and len(match.group(1).split()) == 3
    table = page[page.index('id="mastery-chart-caption"') :]
    for days_ago in (9, 4, 0):
        day = local_date(days_ago)
        assert f"{day:%a} {day.day} {day:%b} {day.year}" in table
    assert "Physics rose from" in page


def test_empty_progress_page_explains_itself(login, student):
    curriculum(2)
    page = my_progress(login(student)).content.decode()
    assert "No mastery history yet" in page
    assert "No practice in the last" in page
    assert "Not enough practice yet" in page
    assert page.count('i-not_started">Not started') == 2


def test_names_are_escaped_everywhere(login, student, teacher, classroom):
    evil = '<script>alert("x")</script>'
    _concepts, questions = curriculum(1, subject_name=evil, names=[evil])
    for i in range(3):
        answer(student, questions[0], now=noon_days_ago(1) + timedelta(minutes=i))
    for client_page in (
        my_progress(login(student)).content.decode(),
        login(teacher).get(detail_url(student)).content.decode(),
    ):
        assert "<script>alert" not in client_page
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in client_page
        assert "style=" not in client_page
