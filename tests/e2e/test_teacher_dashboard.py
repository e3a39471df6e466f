"""The teacher's journey: class dashboard, filter by topic, open a student, download CSV."""

import csv
import io
import uuid
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Classroom
from learning.models import Question
from progress.practice.answers import attempt_record

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def seed_class_activity():
    """The demo class, with Sam strong on Fractions and another student struggling."""
    call_command("seed_demo", stdout=io.StringIO())
    users = get_user_model().objects
    student, student2 = users.get(username="student"), users.get(username="student2")
    questions = list(
        Question.objects.published()
        .filter(concept__topic__slug="fractions", kind=Question.Kind.SINGLE)
        .prefetch_related("choices")[:3]
    )
    now = timezone.now()
    for i, question in enumerate(questions * 2):
        for learner, correct in ((student, True), (student2, False)):
            choice = next(c for c in question.choices.all() if c.is_correct == correct)
            attempt_record(
                learner=learner,
                question=question,
                response={"choices": [choice.pk]},
                client_token=uuid.uuid4(),
                now=now - timedelta(minutes=30 - i),
            )
    return Classroom.objects.get(teachers__username="teacher"), student


def test_teacher_filters_the_grid_opens_a_student_and_downloads_the_csv(
    page, live_server, e2e_login
):
    classroom, student = seed_class_activity()
    e2e_login("teacher", "pathwise-demo")
    page.goto(f"{live_server.url}/accounts/classes/{classroom.pk}/")
    page.get_by_role("link", name="Mastery dashboard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{classroom.name}: mastery")
    grid = page.locator("#mastery-grid")
    expect(grid.get_by_role("columnheader", name="Geometry basics")).to_be_visible()
    expect(page.get_by_role("heading", name="Needs help")).to_be_visible()

    page.get_by_label("Topic").select_option(label="Mathematics › Fractions")
    page.get_by_role("button", name="Apply").click()
    expect(grid.get_by_role("columnheader", name="Mastery in Fractions")).to_be_visible()
    expect(grid.get_by_role("columnheader", name="Equivalent fractions")).to_be_visible()
    expect(grid.get_by_role("columnheader", name="Geometry basics")).to_have_count(0)
    row = grid.locator(f"#student-{student.pk}")
    expect(row).to_contain_text("%")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download CSV").click()
    download = download_info.value
    with open(download.path(), encoding="utf-8") as fh:
        header, *lines = list(csv.reader(fh))
    assert "Mastery in Fractions %" in header
    assert "Fractions › Equivalent fractions %" in header
    assert not any("Geometry" in h for h in header)
    sam = next(line for line in lines if line[1] == "student")
    expect(row.locator("td.scope")).to_have_text(f"{sam[3]}%")

    row.get_by_role("link", name=student.display_name).click()
    expect(page).to_have_url(f"{live_server.url}/progress/students/{student.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(student.display_name)
