"""axe-core on every student, teacher and public page, with the demo data seeded.

Fails on any violation of impact "serious" or "critical", listing each one with the page,
the rule, the element and axe's explanation. The browser context bypasses the site's CSP
(for these tests only) so that axe can be injected; see ``tests/e2e/axe.py``.
"""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import Page, expect

from accounts.models import Classroom
from demo import content as demo_content
from learning.models import Concept, Question, Subject, Topic
from tests.e2e.axe import axe_report, axe_run, axe_source

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "bypass_csp": True}


@pytest.fixture
def seeded():
    axe_source()  # skip (or fail under CI) before seeding when axe-core is missing
    call_command("seed_demo", stdout=io.StringIO())
    concept = (
        Concept.objects.filter(questions__status=Question.Status.PUBLISHED)
        .select_related("topic__subject")
        .order_by("topic__subject__name", "topic__order", "order", "pk")
        .first()
    )
    return concept


def _check(page: Page, found: dict, name: str) -> None:
    expect(page.locator("main, body").first).to_be_visible()
    violations = axe_run(page)
    if violations:
        found[f"{name} ({page.url})"] = violations


def _visit(page: Page, base: str, found: dict, pages: dict[str, str]) -> None:
    for name, path in pages.items():
        response = page.goto(base + path)
        assert response is not None and response.ok, f"{name}: {path} -> {response.status}"
        _check(page, found, name)


def _answer_something(page: Page) -> None:
    """Pick the first choice, or type 1: enough to get feedback, right or wrong."""
    first = page.locator("input[name=answer]").first
    if first.get_attribute("type") in ("radio", "checkbox"):
        first.check()
    else:
        first.fill("1")
    page.get_by_role("button", name="Submit answer").click()


def test_student_pages_have_no_serious_accessibility_violations(
    page, live_server, e2e_login, seeded
):
    concept = seeded
    found: dict[str, list[dict]] = {}
    base = live_server.url
    e2e_login("student", demo_content.DEMO_PASSWORD)
    _visit(
        page,
        base,
        found,
        {
            "dashboard": "/practice/",
            "subjects": "/learn/",
            "subject": concept.topic.subject.get_absolute_url(),
            "topic": concept.topic.get_absolute_url(),
            "concept": concept.get_absolute_url(),
        },
    )
    page.get_by_role("button", name="Start practice").click()
    expect(page.get_by_role("button", name="Submit answer")).to_be_visible()
    _check(page, found, "question")
    hint = page.get_by_role("button", name="Show a hint")
    if hint.count():
        hint.click()
        _check(page, found, "question with a hint")
    _answer_something(page)
    expect(page.get_by_role("link", name="Next question")).to_be_visible()
    _check(page, found, "feedback")
    page.get_by_role("link", name="Next question").click()
    page.get_by_role("button", name="End session").click()
    page.wait_for_url("**/summary/")
    _check(page, found, "summary")
    _visit(
        page,
        base,
        found,
        {
            "why this number": f"/practice/mastery/{concept.slug}/",
            "how mastery works": "/practice/mastery/how-it-works/",
            "progress": "/progress/",
            "plan": "/plan/",
            "badges": "/badges/",
            "exports": "/exports/",
            "profile": "/accounts/profile/",
            "join a class": "/accounts/classes/join/",
            "tokens": "/accounts/tokens/",
            "calendar subscription": "/plan/calendar/",
        },
    )
    page.get_by_role("button", name="Make my subscription address").click()
    expect(page.get_by_role("textbox", name="Address")).to_be_visible()
    _check(page, found, "calendar subscription address shown")
    assert not found, "axe found serious or critical violations:" + axe_report(found)


def test_teacher_pages_have_no_serious_accessibility_violations(
    page, live_server, e2e_login, seeded
):
    found: dict[str, list[dict]] = {}
    classroom = Classroom.objects.filter(teachers__username="teacher").first()
    student = get_user_model().objects.get(username="student")
    e2e_login("teacher", demo_content.DEMO_PASSWORD)
    _visit(
        page,
        live_server.url,
        found,
        {
            "teacher home": "/",
            "class list": "/accounts/classes/",
            "new class": "/accounts/classes/new/",
            "class detail": f"/accounts/classes/{classroom.pk}/",
            "class dashboard": f"/teach/classes/{classroom.pk}/",
            "student detail": f"/progress/students/{student.pk}/",
            "item analysis": f"/teach/classes/{classroom.pk}/items/",
            "exports": "/exports/",
        },
    )
    assert not found, "axe found serious or critical violations:" + axe_report(found)


def test_public_pages_have_no_serious_accessibility_violations(page, live_server, seeded):
    found: dict[str, list[dict]] = {}
    subject = Subject.objects.first()
    topic = Topic.objects.filter(subject=subject).first()
    _visit(
        page,
        live_server.url,
        found,
        {
            "home": "/",
            "login": "/accounts/login/",
            "signup": "/accounts/signup/",
            "password reset": "/accounts/password_reset/",
            "subjects (public)": "/learn/",
            "subject (public)": subject.get_absolute_url(),
            "topic (public)": topic.get_absolute_url(),
            "privacy": "/privacy/",
        },
    )
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_role("button", name="Log in").click()  # the form shown again with errors
    _check(page, found, "login with errors")
    assert not found, "axe found serious or critical violations:" + axe_report(found)


def test_axe_reports_what_it_should(page):
    """The check can fail: an image without alt text and an unnamed button are caught."""
    axe_source()
    page.set_content(
        '<html lang="en"><head><title>t</title></head><body><main>'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><button></button>'
        "</main></body></html>"
    )
    rules = {v["id"] for v in axe_run(page)}
    assert {"image-alt", "button-name"} <= rules, rules
