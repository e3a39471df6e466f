"""Teacher class reports: access, the mastery grid and its CSV, needs help, item analysis."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from progress.reports.needs_help import class_needs_help
from tests import factories
from tests.progress.reports.classes import NOW, answer

pytestmark = pytest.mark.django_db


# Needs help ------------------------------------------------------------------------------


def reasons_by_student(classroom, now=NOW):
    return {
        h.student.username: {r.code: r.text for r in h.reasons}
        for h in class_needs_help(classroom=classroom, now=now)
    }


def test_three_wrong_in_a_row_on_a_concept(classroom, student, curriculum):
    q = curriculum["questions"]
    recovered = factories.StudentFactory(username="recovered")
    classroom.students.add(recovered)
    for i in range(3):
        answer(student, q["halves"], correct=False, now=NOW - timedelta(minutes=10 - i))
        answer(recovered, q["halves"], correct=False, now=NOW - timedelta(minutes=10 - i))
    answer(student, q["thirds"], correct=True, now=NOW - timedelta(minutes=2))
    answer(recovered, q["halves"], correct=True, now=NOW - timedelta(minutes=1))
    reasons = reasons_by_student(classroom)
    assert reasons["student"] == {"wrong_streak": "3 or more wrong in a row on Halves"}
    assert "recovered" not in reasons


def test_two_wrong_in_a_row_is_not_yet_a_streak(classroom, student, curriculum):
    q = curriculum["questions"]
    answer(student, q["halves"], correct=True, now=NOW - timedelta(minutes=3))
    answer(student, q["halves"], correct=False, now=NOW - timedelta(minutes=2))
    answer(student, q["halves"], correct=False, now=NOW - timedelta(minutes=1))
    assert "student" not in reasons_by_student(classroom)


def test_inactive_for_a_week_and_never_started(classroom, student, curriculum):
    newcomer = factories.StudentFactory(username="newcomer")
    classroom.students.add(newcomer)
    answer(student, curriculum["questions"]["halves"], now=NOW - timedelta(days=8))
    reasons = reasons_by_student(classroom)
    assert reasons["student"]["inactive"] == "No practice for 8 days"
    assert reasons["newcomer"] == {"not_started": "Has not practised yet"}
    answer(student, curriculum["questions"]["halves"], now=NOW - timedelta(days=6))
    assert "student" not in reasons_by_student(classroom)


def test_mastery_dropped_this_week(classroom, student, curriculum):
    # Different questions each time: a question answered again within a sitting is practice.
    halves, thirds = (
        factories.QuestionFactory.create_batch(9, concept=curriculum["concepts"][k])
        for k in ("halves", "thirds")
    )
    for i in range(5):  # ten days ago: strong on halves and thirds
        answer(student, halves[i], now=NOW - timedelta(days=10, minutes=20 - i))
        answer(student, thirds[i], now=NOW - timedelta(days=10, minutes=10 - i))
    for i in range(4):  # yesterday: it all went wrong
        answer(student, halves[5 + i], correct=False, now=NOW - timedelta(days=1, minutes=20 - i))
        answer(student, thirds[5 + i], correct=False, now=NOW - timedelta(days=1, minutes=10 - i))
    text = reasons_by_student(classroom)["student"]["mastery_drop"]
    assert text.startswith("Overall mastery fell from ")
    assert text.endswith("% this week")


def test_no_drop_reported_when_mastery_rose(classroom, student, curriculum):
    q = curriculum["questions"]
    answer(student, q["halves"], correct=False, now=NOW - timedelta(days=10))
    for i in range(4):
        answer(student, q["halves"], now=NOW - timedelta(days=1, minutes=10 - i))
    assert "mastery_drop" not in reasons_by_student(classroom).get("student", {})


def test_drop_before_this_week_is_not_reported(classroom, student, curriculum):
    q = curriculum["questions"]
    for i in range(5):
        answer(student, q["halves"], now=NOW - timedelta(days=20, minutes=10 - i))
    for i in range(4):
        answer(student, q["halves"], correct=False, now=NOW - timedelta(days=10, minutes=5 - i))
    reasons = reasons_by_student(classroom)["student"]
    assert "mastery_drop" not in reasons
    assert "inactive" in reasons


def test_review_backlog(classroom, student, curriculum):
    """Three concepts mastered two months ago are due for review."""
    q = curriculum["questions"]
    for key in ("halves", "thirds", "angles"):
        for i, question in enumerate(
            factories.QuestionFactory.create_batch(6, concept=curriculum["concepts"][key])
        ):
            answer(student, question, now=NOW - timedelta(days=60, minutes=-i))
    answer(student, q["states"], now=NOW - timedelta(hours=1))
    reasons = reasons_by_student(classroom)["student"]
    assert reasons == {"review_backlog": "3 concepts due for review"}


def test_needs_help_is_on_the_dashboard(login, teacher, classroom, student, curriculum):
    answer(student, curriculum["questions"]["halves"], now=timezone.now() - timedelta(days=9))
    page = login(teacher).get(reverse("teach:class_dashboard", args=[classroom.pk]))
    assert "No practice for 9 days" in page.content.decode()
