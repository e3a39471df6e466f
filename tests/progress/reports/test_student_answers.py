"""A teacher's view of one student's answers: filters, pagination, the CSV, query budgets."""

import re
import uuid
from datetime import datetime, timedelta

import pytest
from django.utils.formats import date_format

from learning.models import Question
from progress.practice.answers import attempt_record
from tests import factories
from tests.csvfiles import csv_rows
from tests.progress.reports.learners import (
    answer,
    csv_url,
    curriculum,
    detail_url,
    local_date,
    my_progress,
    noon_days_ago,
)

pytestmark = pytest.mark.django_db


# Teacher's view: filters, pagination, CSV -----------------------------------------------------


def _page_rows(page: str) -> list[list[str]]:
    body = page[page.index('class="attempt-table"') :]
    body = body[: body.index("</table>")]
    rows = []
    for tr in re.findall(r"<tr><td>(.*?)</tr>", body, re.S):
        cells = [
            re.sub(r"<[^>]+>", "", c).strip()
            for c in re.findall(r"<td[^>]*>(.*?)</td>", "<td>" + tr, re.S)
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
        # The CSV keeps a sortable timestamp; the page shows the site's one date style.
        shown_at = datetime.strptime(answered_at, "%Y-%m-%d %H:%M")
        assert on_screen[0] == date_format(shown_at, "DATETIME_FORMAT")
        assert on_screen[1] == concept == concepts[0].name
        assert on_screen[3] == response
        assert result == "Correct" and on_screen[4] == "Correct" and score == "100"
        assert on_screen[5] == f"{seconds} s"
        assert on_screen[6] == hints


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
    # session, user, the stats row with the timezone and content version (the cache key,
    # progress/reports/page_cache.py), published concepts with topics and subjects, mastery
    # rows with concepts, subject mastery snapshots in the window, current overall and
    # subject mastery metrics, daily activity in the window
    with django_assert_num_queries(8):
        first = my_progress(client)
        assert first.status_code == 200
    # Looked at again before another answer: the body is kept (session, user, cache key).
    with django_assert_num_queries(3):
        again = my_progress(client)
    masked = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')  # new per response
    assert masked.sub(b"", again.content) == masked.sub(b"", first.content)


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
    # published concepts (for scoped rules); coaching: the teacher's class the student is in
    # (the way back), and needs help for that class (students with stats, wrong streaks,
    # current overall mastery, baseline snapshots, review backlogs); assignments: the
    # teacher's classes with the student, the student's assignments there (none here:
    # tests/progress/assignments/test_budgets.py has them)
    with django_assert_num_queries(28):
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
