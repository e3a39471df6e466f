"""The study plan in a browser: the demo student's plan, then what happens when time is short."""

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_demo_student_plan_then_short_time(page, live_server, e2e_login):
    call_command("seed_demo", stdout=io.StringIO())
    e2e_login("student", "pathwise-demo")
    page.get_by_role("link", name="Plan", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/plan/")

    # The demo student prepares for a maths exam: set the goal, then make the plan.
    page.get_by_label("Subject").select_option(label="Mathematics")
    page.get_by_role("button", name="Save goal").click()
    page.get_by_role("button", name="Make my plan").click()
    expect(page.get_by_role("status").filter(has_text="Your plan is ready")).to_be_visible()

    readiness = page.locator("#plan-readiness")
    expect(readiness).to_contain_text(re.compile(r"Projected readiness: \d+%"))
    expect(page.locator("#plan-message")).to_contain_text("Everything fits")

    # The demo student has four weeks of history (the living class): today is new work he
    # can start from the plan; the reviews of what he mastered are placed where exam-day
    # recall needs them (progress/plans/recall.py; checked in tests/progress/plans).
    today = page.locator("#plan-today li")
    expect(today.first).to_contain_text("Learn")
    expect(today.first.get_by_role("button", name=re.compile("^Start"))).to_be_visible()
    week = page.locator("#plan-week").inner_text()
    assert "Place value" in week  # what is left to learn: mastered concepts come back as reviews
    expect(page.get_by_role("link", name="Add to my calendar", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="or download it once (.ics)")).to_be_visible()

    # Only ten minutes a day: the plan says it does not fit and lists what it left out.
    page.get_by_role("link", name="change on your profile").click()
    page.get_by_label("Available minutes per day").fill("10")
    page.get_by_role("button", name="Save profile").click()
    page.get_by_role("link", name="Plan", exact=True).click()
    expect(page.locator("#plan-stale")).to_be_visible()
    page.get_by_role("button", name="Regenerate my plan").click()
    expect(page.locator("#plan-message")).to_contain_text("Not enough time")
    expect(page.locator("#plan-message")).to_contain_text("exam weight × gap")
    left_out = page.get_by_role("region", name="Left out: not enough time")
    expect(left_out).to_be_visible()
    expect(left_out.get_by_role("listitem").first).to_be_visible()
    # readiness over time shows both generations' figures
    expect(page.get_by_role("list", name="Readiness over time")).to_be_visible()

    # Start today's first item: a practice session on that concept opens.
    page.locator("#plan-today li").first.get_by_role("button", name=re.compile("^Start")).click()
    expect(page).to_have_url(re.compile(r"/practice/sessions/\d+/"))
