"""Subscribing to the study plan from a calendar app, as a student would: make the address,
let a client with no session read it (parsed by ``icalendar``), then turn it off."""

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

icalendar = pytest.importorskip("icalendar")
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_student_subscribes_a_calendar_app_and_turns_it_off(
    page, browser, live_server, e2e_login
):
    call_command("seed_demo", stdout=io.StringIO())
    e2e_login("student", "pathwise-demo")
    page.get_by_role("link", name="Plan", exact=True).click()
    page.get_by_role("button", name="Make my plan").click()
    page.get_by_role("link", name="Add to my calendar", exact=True).click()
    expect(page.locator("#feed-state")).to_have_text("Off.")
    page.get_by_role("button", name="Make my subscription address").click()
    address = page.get_by_role("textbox", name="Address")
    expect(address).to_be_visible()
    url = address.input_value()
    assert url.startswith(f"{live_server.url}/plan/feed/cal_")
    webcal = page.get_by_role("link", name="Open in my calendar app").get_attribute("href")
    assert webcal == "webcal://" + url.split("://", 1)[1]

    # A calendar app: no cookies, no login.
    app = browser.new_context()
    response = app.request.get(url)
    assert response.status == 200
    calendar = icalendar.Calendar.from_ical(response.body())
    events = calendar.walk("VEVENT")
    assert events and all(str(e["UID"]).endswith("@pathwise") for e in events)
    assert "Learn: Place value" in str(events[0]["DESCRIPTION"])

    # Back on the page, the address is not shown again; the app's read is.
    page.reload()
    expect(page.get_by_role("textbox", name="Address")).to_have_count(0)
    expect(page.locator("#feed-state")).to_contain_text("Last read by a calendar app")
    page.get_by_role("button", name="Turn off").click()
    expect(page.get_by_role("status").filter(has_text="turned off")).to_be_visible()
    assert app.request.get(url).status == 404
    app.close()
