"""The progress page, a teacher's view of one student, and the attempts CSV.

All data is created through the services (``attempt_record``, ``session_start``,
``session_complete``) with explicit ``now`` values, so metrics, snapshots, daily activity
and stats are filled exactly as in production.
"""

import re
import uuid
import zoneinfo
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from learning.models import Concept, Question
from progress.models import ConceptMastery, DailyActivity, ProgressSnapshot
from progress.practice.answers import attempt_record
from progress.practice.sessions import session_complete, session_start
from progress.reports.student_progress import strengths_and_weaknesses
from tests import factories
from tests.csvfiles import csv_rows

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")  # the student factory's timezone


def answer(learner, question, *, correct=True, now, hints=0):
    return attempt_record(
        learner=learner,
        question=question,
        response=factories.answer_for(question, correct=correct),
        client_token=uuid.uuid4(),
        now=now,
        hints_used=hints,
    )


def noon_days_ago(days: int):
    """Midday, London time, ``days`` local days before today (never tomorrow, never midnight)."""
    local_today = timezone.now().astimezone(LONDON).date()
    day = local_today - timedelta(days=days)
    moment = datetime(day.year, day.month, day.day, 12, tzinfo=LONDON).astimezone(UTC)
    return min(moment, timezone.now() - timedelta(minutes=5)) if days == 0 else moment


def local_date(days: int):
    return timezone.now().astimezone(LONDON).date() - timedelta(days=days)


def curriculum(n_concepts=4, *, subject_name="Mathematics", names=None):
    subject = factories.SubjectFactory(name=subject_name)
    topic = factories.TopicFactory(subject=subject, name=f"{subject_name} basics")
    concepts = [
        factories.ConceptFactory(topic=topic, **({"name": names[i]} if names else {}))
        for i in range(n_concepts)
    ]
    questions = [factories.QuestionFactory(concept=c) for c in concepts]
    return concepts, questions


def section(page: str, element_id: str) -> str:
    match = re.search(rf'id="{element_id}"[^>]*>(.*?)</(ol|dd)>', page, re.S)
    return match.group(1) if match else ""


def my_progress(client):
    return client.get(reverse("insights:my_progress"))


def detail_url(student, **query):
    url = reverse("insights:student_detail", args=[student.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def csv_url(student, **query):
    url = reverse("insights:student_attempts_csv", args=[student.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


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
    when = noon_days_ago(3)
    plan = {
        0: [True, True, True, True],  # strong
        1: [False, False, False, False],  # weak
        2: [True, True, False, True],  # fairly strong
        3: [True, True],  # two answers only: not enough evidence either way
    }
    for index, results in plan.items():
        for result in results:
            when += timedelta(minutes=1)
            answer(student, questions[index], correct=result, now=when)
    page = my_progress(login(student)).content.decode()
    strengths, weaknesses = section(page, "strengths"), section(page, "weaknesses")
    assert "Fractions" in strengths and "Percentages" in strengths
    assert strengths.index("Fractions") < strengths.index("Percentages")
    assert "Decimals" in weaknesses
    assert "Decimals" not in strengths
    assert "Ratios" not in strengths and "Ratios" not in weaknesses
    # Status is written in words and symbols, not only coloured.
    assert "◐ In progress" in weaknesses


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
    assert page.count("○ Not started") == 2


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


# Teacher's view: filters, pagination, CSV -----------------------------------------------------


def _page_rows(page: str) -> list[list[str]]:
    body = page[page.index('class="attempt-table"') :]
    body = body[: body.index("</table>")]
    rows = []
    for tr in re.findall(r"<tr><td>(.*?)</tr>", body, re.S):
        cells = [
            re.sub(r"<[^>]+>", "", c).strip()
            for c in re.findall(r"<td>(.*?)</td>", "<td>" + tr, re.S)
        ]
        rows.append(cells)
    return rows


def test_csv_and_page_show_the_same_filtered_answers(login, teacher, student, classroom):
    concepts, questions = curriculum(2)
    for i in range(6):
        answer(
            student, questions[0], correct=i % 2 == 0, now=noon_days_ago(5) + timedelta(minutes=i)
        )
    for i in range(4):
        answer(student, questions[1], correct=True, now=noon_days_ago(2) + timedelta(minutes=i))
    client = login(teacher)
    query = {"concept": concepts[0].pk, "result": "correct"}
    page = client.get(detail_url(student, **query)).content.decode()
    rows = csv_rows(client.get(csv_url(student, **query)))
    assert rows[0][:2] == ["Answered at", "Concept"]
    screen = _page_rows(page)
    assert len(screen) == len(rows) - 1 == 3
    assert "3 answers." in page
    for on_screen, in_csv in zip(screen, rows[1:], strict=True):
        answered_at, concept, _question, response, result, score, seconds, hints = in_csv
        assert on_screen[0] == answered_at
        assert on_screen[1] == concept == concepts[0].name
        assert on_screen[3] == response
        assert result == "Correct" and on_screen[4].endswith("Correct")
        assert on_screen[5] == f"{score}%" and on_screen[6] == f"{seconds} s"
        assert on_screen[7] == hints


def test_date_filter_uses_the_students_local_days(login, teacher, student, classroom):
    _concepts, questions = curriculum(1)
    for days_ago in (10, 6, 5, 1):
        answer(student, questions[0], now=noon_days_ago(days_ago))
    client = login(teacher)
    query = {"date_from": local_date(6).isoformat(), "date_to": local_date(5).isoformat()}
    rows = csv_rows(client.get(csv_url(student, **query)))[1:]
    assert [r[0][:10] for r in rows] == [local_date(5).isoformat(), local_date(6).isoformat()]
    page = client.get(detail_url(student, **query)).content.decode()
    assert "2 answers." in page


def test_bad_filter_values_are_refused(login, teacher, student, classroom):
    client = login(teacher)
    assert client.get(csv_url(student, date_from="not-a-date")).status_code == 400
    page = client.get(detail_url(student, date_from="not-a-date")).content.decode()
    assert "Enter a valid date" in page


def test_answers_are_paginated_25_a_page(login, teacher, student, classroom):
    _concepts, questions = curriculum(1)
    start = noon_days_ago(3)
    for i in range(27):
        answer(student, questions[0], now=start + timedelta(minutes=i))
    client = login(teacher)
    first = client.get(detail_url(student, result="correct")).content.decode()
    assert len(_page_rows(first)) == 25
    assert "page 1 of 2" in first
    assert "?result=correct&amp;page=2" in first
    second = client.get(detail_url(student, result="correct", page=2)).content.decode()
    assert len(_page_rows(second)) == 2


def test_csv_neutralises_spreadsheet_formulas(login, teacher, student, classroom):
    question = factories.QuestionFactory(kind=Question.Kind.SHORT_TEXT)
    attempt_record(
        learner=student,
        question=question,
        response={"value": '=HYPERLINK("http://evil")'},
        client_token=uuid.uuid4(),
        now=noon_days_ago(1),
    )
    rows = csv_rows(login(teacher).get(csv_url(student)))
    assert rows[1][3].startswith("'=HYPERLINK")


# Query budgets -------------------------------------------------------------------------------


def _history(student, n_attempts: int, n_days: int):
    """``n_attempts`` answers spread over ``n_days`` local days (oldest first), 2 subjects."""
    _c1, maths = curriculum(3, subject_name="Mathematics")
    _c2, physics = curriculum(3, subject_name="Physics")
    questions = maths + physics
    made = 0
    for k, day in enumerate(range(n_days, 0, -1)):
        start = noon_days_ago(day)
        for i in range(n_attempts * (k + 1) // n_days - n_attempts * k // n_days):
            answer(
                student,
                questions[made % 6],
                correct=made % 3 != 0,
                now=start + timedelta(minutes=i),
            )
            made += 1


@pytest.mark.parametrize(("n_attempts", "n_days"), [(5, 5), (200, 70)])
def test_my_progress_query_budget(login, student, django_assert_num_queries, n_attempts, n_days):
    _history(student, n_attempts, n_days)
    client = login(student)
    # session, user, the student's profile (timezone), published concepts with topics and
    # subjects, mastery rows with concepts, subject mastery snapshots in the window,
    # current overall and subject mastery metrics, daily activity in the window, stats
    with django_assert_num_queries(9):
        assert my_progress(client).status_code == 200


@pytest.mark.parametrize(("n_attempts", "n_days"), [(5, 5), (200, 70)])
def test_student_detail_query_budget(
    login, teacher, student, classroom, django_assert_num_queries, n_attempts, n_days
):
    _history(student, n_attempts, n_days)
    concept = student.attempts.filter(is_correct=True).first().concept
    client = login(teacher)
    # session, user, the student (with profile) among the teacher's students, published
    # concepts with topics and subjects, mastery rows with concepts, subject mastery
    # snapshots, overall and subject mastery metrics, daily activity, stats, the concept filter's
    # validation, the answer count, the page of answers, the concept filter's choices; study
    # plan: the student's plans (readiness series), the active plan, its items this week;
    # badges: active badges with the student's awards, their stats, mastered concepts,
    # published concepts (for scoped rules)
    with django_assert_num_queries(20):
        response = client.get(detail_url(student, concept=concept.pk, result="correct"))
        assert response.status_code == 200
    assert response.context["attempt_rows"]


@pytest.mark.parametrize(("n_attempts", "n_days"), [(5, 5), (200, 70)])
def test_csv_query_budget(
    login, teacher, student, classroom, django_assert_num_queries, n_attempts, n_days
):
    _history(student, n_attempts, n_days)
    client = login(teacher)
    # session, user, the student among the teacher's students, the answers (one query,
    # however many rows: the iterator's chunks are larger than the history)
    with django_assert_num_queries(4):
        rows = csv_rows(client.get(csv_url(student)))
    assert len(rows) == n_attempts + 1
