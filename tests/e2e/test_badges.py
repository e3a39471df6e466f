"""A student earns "First steps" with their first answer, sees it announced on the feedback
page, and finds it on their badges page (under the site's strict CSP)."""

import pytest
from playwright.sync_api import expect

from achievements.models import LearnerBadge
from tests import factories
from tests.achievements.factories import BadgeFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_student_earns_first_steps_and_sees_it(page, live_server, e2e_login):
    csp_violations: list[str] = []
    page.on(
        "console",
        lambda msg: (
            csp_violations.append(msg.text) if "Content Security Policy" in msg.text else None
        ),
    )
    student = factories.StudentFactory(username="pupil")
    BadgeFactory(name="First steps", slug="first-steps", rule_kind="first_attempt", points=5)
    BadgeFactory(name="Warming up", rule_kind="questions_answered", threshold=5, icon="🏃")
    question = factories.QuestionFactory()

    e2e_login("pupil", factories.PASSWORD)
    page.goto(f"{live_server.url}{question.concept.get_absolute_url()}")
    page.get_by_role("button", name="Start practice").click()
    correct = question.choices.get(is_correct=True)
    page.locator(f"input[name=answer][value='{correct.pk}']").check()
    page.get_by_role("button", name="Submit answer").click()

    # One compact line on the feedback of the answer that earned it (issue 15).
    announcement = page.locator(".badge-news")
    expect(announcement).to_contain_text("New badge: First steps")
    expect(announcement).to_contain_text("+5 points")
    # The dashboard keeps the card until "Got it".
    page.get_by_role("link", name="Dashboard", exact=True).click()
    expect(page.get_by_role("region", name="New badge!")).to_contain_text("First steps")
    page.get_by_role("button", name="Got it").click()
    expect(page.get_by_role("region", name="New badge!")).to_have_count(0)
    assert LearnerBadge.objects.get(learner=student).badge.slug == "first-steps"

    page.get_by_role("link", name="Badges", exact=True).click()
    earned = page.get_by_role("region", name="Earned (1)")
    expect(earned).to_contain_text("First steps")
    expect(earned).to_contain_text("Earned on")
    expect(page.get_by_role("link", name="Download as an Open Badge")).to_be_visible()
    in_progress = page.get_by_role("region", name="In progress")
    expect(in_progress).to_contain_text("1 of 5 questions")
    expect(page.get_by_text("Points: 5")).to_be_visible()

    # Once seen, the announcement is not repeated.
    page.get_by_role("link", name="Dashboard", exact=True).click()
    expect(page.get_by_role("region", name="New badge!")).to_have_count(0)
    assert csp_violations == []
