"""A student's study plan meets their assignments' due dates before the exam schedule."""

from datetime import timedelta

import pytest

from progress.plans.models import StudyPlanItem
from progress.plans.services import plan_generate
from tests.progress.assignments.helpers import NOW, assign, work_through

pytestmark = pytest.mark.django_db


def test_the_plan_learns_the_assigned_concept_by_its_due_day(school):
    sam = school["sam"]
    sam.profile.exam_date = (NOW + timedelta(days=30)).date()
    sam.profile.minutes_per_day = 30
    sam.profile.save()
    before = plan_generate(learner=sam, now=NOW)
    first = StudyPlanItem.objects.filter(plan=before, kind="learn").order_by("date", "position")
    assert first[0].concept == school["halves"]  # curriculum order without assignments

    a = assign(
        school["classroom"],
        school["teacher"],
        concepts=[school["thirds"]],
        due_in=timedelta(days=2),
    )
    plan = plan_generate(learner=sam, now=NOW)
    items = list(StudyPlanItem.objects.filter(plan=plan, kind="learn").order_by("date", "position"))
    assert items[0].concept == school["thirds"]
    due_day = a.due_at.date()
    assert max(i.date for i in items if i.concept == school["thirds"]) <= due_day
    assert plan.message.startswith("Assignments first")

    # Once done (mastered) it no longer steers the plan.
    work_through(a, sam, answers=5)
    plan = plan_generate(learner=sam, now=NOW + timedelta(hours=1))
    assert not plan.message.startswith("Assignments")


def test_other_students_plans_ignore_work_not_set_for_them(school):
    olive = school["olive"]
    olive.profile.exam_date = (NOW + timedelta(days=30)).date()
    olive.profile.save()
    assign(
        school["classroom"],
        school["teacher"],
        concepts=[school["thirds"]],
        whole_class=False,
        groups=[school["support"]],
    )
    assert not plan_generate(learner=olive, now=NOW).message.startswith("Assignments")
