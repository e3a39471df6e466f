"""Teacher class reports: access, the mastery grid and its CSV, needs help, item analysis."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from progress.reports.items import item_analysis
from tests import factories
from tests.progress.reports.classes import NOW, answer

pytestmark = pytest.mark.django_db


# Item analysis ---------------------------------------------------------------------------


def test_item_analysis_page_counts_wrong_choices_and_flags(login, teacher, classroom, curriculum):
    question = curriculum["questions"]["halves"]
    five = question.choices.get(text="5")
    for i in range(6):
        learner = factories.StudentFactory(username=f"learner{i}")
        classroom.students.add(learner)
        answer(learner, question, choice=five, now=NOW - timedelta(minutes=i))
    response = login(teacher).get(reverse("teach:item_analysis", args=[classroom.pk]))
    (row,) = response.context["report"].rows
    assert row.stats.attempts == 6
    assert row.percent_correct == 0
    assert [(w.label, w.count) for w in row.stats.wrong_answers] == [("5", 6), ("3", 0)]
    html = response.content.decode()
    assert "Nearly everyone gets this wrong" in html
    assert "5: 6" in html


def test_item_analysis_ignores_students_outside_the_class(
    login, teacher, classroom, other_student, curriculum
):
    answer(other_student, curriculum["questions"]["halves"])
    response = login(teacher).get(reverse("teach:item_analysis", args=[classroom.pk]))
    assert response.context["report"].rows == []


def test_item_analysis_is_empty_for_a_teacher_who_does_not_teach_the_class(
    classroom, student, other_teacher, curriculum
):
    answer(student, curriculum["questions"]["halves"])
    report = item_analysis(teacher=other_teacher, classroom=classroom)
    assert report.rows == []


# Query budgets ---------------------------------------------------------------------------


def class_of(n, curriculum, classroom):
    """n students with one to four concepts each, active over the last nine days."""
    now = timezone.now()
    q = list(curriculum["questions"].values())
    for i in range(n):
        learner = factories.StudentFactory(username=f"s{i:03d}")
        classroom.students.add(learner)
        for j, question in enumerate(q[: 1 + i % 4]):
            answer(learner, question, correct=(i + j) % 3 != 0, now=now - timedelta(days=i % 9))


@pytest.mark.parametrize("n_students", [5, 500])
def test_dashboard_query_budget(
    login, teacher, classroom, curriculum, n_students, django_assert_num_queries
):
    class_of(n_students, curriculum, classroom)
    client = login(teacher)
    url = reverse("teach:class_dashboard", args=[classroom.pk])
    # session, user, classroom (teacher check); grid: concepts in scope, curriculum refs,
    # students with stats, mastery rows; needs help: students, wrong-answer streaks,
    # current overall mastery, baseline snapshots, review backlog; exam readiness:
    # the students' active study plans; filter form: subject choices, topic choices (with
    # subjects)
    with django_assert_num_queries(15):
        assert client.get(url).status_code == 200
    # + validating the topic filter (one lookup)
    with django_assert_num_queries(16):
        assert client.get(url, {"topic": curriculum["topics"]["fractions"].pk}).status_code == 200


@pytest.mark.parametrize("n_students", [5, 60])
def test_csv_query_budget(
    login, teacher, classroom, curriculum, n_students, django_assert_num_queries
):
    class_of(n_students, curriculum, classroom)
    client = login(teacher)
    # session, user, classroom; grid: concepts in scope, curriculum refs, students with
    # stats, mastery rows; the class's assignments (none here: see
    # tests/progress/assignments/test_budgets.py for the CSV with assignments)
    with django_assert_num_queries(8):
        assert client.get(reverse("teach:class_grid_csv", args=[classroom.pk])).status_code == 200


@pytest.mark.parametrize("n_students", [5, 60])
def test_item_analysis_query_budget(
    login, teacher, classroom, curriculum, n_students, django_assert_num_queries
):
    class_of(n_students, curriculum, classroom)
    client = login(teacher)
    # session, user, classroom; per-question totals, first attempts, questions with concepts
    # and topics, their choices; filter form: subject choices, topic choices
    with django_assert_num_queries(9):
        assert client.get(reverse("teach:item_analysis", args=[classroom.pk])).status_code == 200


def test_item_analysis_reads_the_same_rows_whatever_the_class_history(
    classroom, teacher, curriculum
):
    """The database counts; what comes back is one row per question, one per student and
    question, and the questions: ten times the history reads exactly as many rows."""
    learners = [factories.StudentFactory(username=f"hist{i}") for i in range(4)]
    classroom.students.add(*learners)
    questions = [curriculum["questions"]["halves"], curriculum["questions"]["thirds"]]

    def history(repeats: int) -> None:
        for i, learner in enumerate(learners):
            for question in questions:
                for n in range(repeats):
                    answer(
                        learner,
                        question,
                        correct=(i + n) % 2 == 0,
                        now=NOW - timedelta(days=30, minutes=100 * i + n),
                    )

    history(1)
    small = item_analysis(teacher=teacher, classroom=classroom)
    history(9)
    large = item_analysis(teacher=teacher, classroom=classroom)
    assert small.rows_read == large.rows_read == 2 + 4 * 2 + 2
    assert [r.stats.attempts for r in large.rows] == [40, 40]
    # First attempts decide the wrong answers and the discrimination: unchanged by repeats.
    assert [r.stats.wrong_answers for r in small.rows] == [
        r.stats.wrong_answers for r in large.rows
    ]
