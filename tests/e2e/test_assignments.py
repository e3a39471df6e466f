"""Assignments in a real browser: a teacher makes a group and sets it practice with a due
date; a student of the group sees it first on their dashboard and completes it; after the
due date (a controlled clock) the teacher sees done for them and missing for the other.

The clock: ``settings.PATHWISE_CLOCK_NOW`` (``core.clock``) is what the assignment pages
read; the answers themselves are recorded at the real time, before the due date.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.localtime import local_date
from progress.assignments.models import Assignment
from tests import factories
from tests.e2e.conftest import log_out

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_group_gets_practice_a_student_completes_it_the_teacher_follows_up(
    page, live_server, e2e_login, settings
):
    start = timezone.now()
    settings.PATHWISE_CLOCK_NOW = start
    teacher = factories.TeacherFactory(username="tess", first_name="Tess", last_name="Teacher")
    sam = factories.StudentFactory(username="sam", first_name="Sam", last_name="Able")
    olive = factories.StudentFactory(username="olive", first_name="Olive", last_name="Baker")
    classroom = factories.ClassroomFactory(name="7B", teachers=[teacher], students=[sam, olive])
    concept = factories.ConceptFactory(name="Equivalent fractions")
    # Five questions: mastery takes about four right answers to different questions.
    for n in range(5):
        factories.QuestionFactory(concept=concept, prompt=f"Question {n + 1}: what is 2 + 2?")
    due_day = local_date(start, classroom.timezone) + timedelta(days=1)

    # The teacher makes a group of both students.
    e2e_login("tess", factories.PASSWORD)
    page.goto(f"{live_server.url}/accounts/classes/{classroom.pk}/")
    page.get_by_role("link", name="Groups").click()
    page.get_by_label("Group name").fill("Needs support")
    page.get_by_role("button", name="Create group").click()
    expect(page.get_by_role("status")).to_contain_text("Group Needs support created")
    page.get_by_label("Sam Able in Needs support").check()
    page.get_by_label("Olive Baker in Needs support").check()
    page.get_by_role("button", name="Save groups").click()
    expect(page.get_by_label("Olive Baker in Needs support")).to_be_checked()

    # ...and sets it practice on a concept, due tomorrow.
    page.goto(f"{live_server.url}/accounts/classes/{classroom.pk}/")
    page.get_by_role("link", name="Assignments", exact=True).click()
    page.get_by_role("link", name="Set an assignment").click()
    page.get_by_label("Title").fill("Fractions before Friday")
    page.get_by_label("Concepts:", exact=True).select_option(
        label=f"{concept.topic.subject.name} › {concept.topic.name} › {concept.name}"
    )
    page.get_by_label("Due on").fill(due_day.isoformat())
    page.get_by_label("Chosen groups and students").check()
    page.get_by_label("Needs support").check()
    page.get_by_role("button", name="Assign").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fractions before Friday")
    table = page.locator("#assignment-status")
    expect(table.locator(f"#student-{sam.pk}")).to_contain_text("Not started")
    assignment = Assignment.objects.get()
    log_out(page)

    # Sam sees it first on the dashboard and works through it until mastered.
    e2e_login("sam", factories.PASSWORD)
    page.goto(f"{live_server.url}/practice/")
    expect(page.locator("main h2").first).to_have_text("Your assignments")
    item = page.locator(f"#assignment-{assignment.pk}")
    expect(item).to_contain_text("Practise Equivalent fractions until mastered")
    expect(page.get_by_role("status").first).to_contain_text(
        "New assignment from 7B: “Fractions before Friday”"
    )
    item.get_by_role("button", name="Start").click()
    for _ in range(5):
        page.get_by_label("4", exact=True).check()
        page.get_by_role("button", name="Submit answer").click()
        expect(page.locator(".verdict")).to_contain_text("Correct")
        page.locator("#next").click()  # "Next question", or the summary after the last
    page.goto(f"{live_server.url}/practice/")
    done = page.get_by_role("list", name="Finished assignments")
    expect(done.locator(f"#assignment-{assignment.pk}")).to_contain_text("Done")
    expect(done).to_contain_text("1 of 1 concept mastered")
    log_out(page)

    # The day after the due date, the teacher sees done for Sam, missing for Olive.
    settings.PATHWISE_CLOCK_NOW = assignment.due_at + timedelta(days=1)
    e2e_login("tess", factories.PASSWORD)
    page.goto(f"{live_server.url}{assignment.get_absolute_url()}")
    expect(table.locator(f"#student-{sam.pk}")).to_contain_text("Done")
    expect(table.locator(f"#student-{olive.pk}")).to_contain_text("Missing")
    expect(page.locator("#status-counts")).to_have_text(
        "1 done, 0 late, 1 missing, 0 in progress, 0 not started."
    )
