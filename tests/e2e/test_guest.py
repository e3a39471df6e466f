"""A visitor practises as a guest, earns a badge, signs up, and finds the same mastery,
streak, badge and points on their new account (under the site's strict CSP)."""

import pytest
from playwright.sync_api import Page, expect

from accounts.models import User
from achievements.models import LearnerBadge, PointsEntry
from progress.models import ConceptMastery, LearnerStats
from tests import factories
from tests.achievements.factories import BadgeFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def progress_figures(page: Page, live_server) -> tuple[str, str]:
    """(streak line, points line) as the learner sees them."""
    page.goto(f"{live_server.url}/progress/")
    streak = page.locator("dt:text-is('Current streak') + dd").inner_text()
    page.get_by_role("link", name="Badges", exact=True).click()
    points = page.get_by_text("Points:").inner_text()
    return streak, points


def test_guest_practises_earns_a_badge_signs_up_and_keeps_it_all(page: Page, live_server):
    csp_violations: list[str] = []
    page.on(
        "console",
        lambda msg: (
            csp_violations.append(msg.text) if "Content Security Policy" in msg.text else None
        ),
    )
    BadgeFactory(name="First steps", slug="first-steps", rule_kind="first_attempt", points=5)
    question = factories.QuestionFactory()
    concept_url = f"{live_server.url}{question.concept.get_absolute_url()}"

    # A visitor with no account starts from the concept page.
    page.goto(concept_url)
    page.get_by_role("button", name="Practise as a guest").click()
    expect(page.get_by_role("note")).to_contain_text(
        "You are practising as a guest. Sign up to keep your progress"
    )
    expect(page.get_by_text("You are practising as a guest")).to_have_count(1)  # one banner
    assert "guest" not in page.url  # nothing about the guest in the address
    page.get_by_role("button", name="Start practice").click()
    correct = question.choices.get(is_correct=True)
    page.locator(f"input[name=answer][value='{correct.pk}']").check()
    page.get_by_role("button", name="Submit answer").click()
    expect(page.locator(".badge-news")).to_contain_text("New badge: First steps")

    guest = User.objects.get(is_guest=True)
    guest_mastery = ConceptMastery.objects.get(learner=guest)
    page.goto(concept_url)
    pill = page.locator(".badge-pill").first.inner_text()
    streak, points = progress_figures(page, live_server)
    assert streak.startswith("1 day")
    assert points.endswith("5")

    # Sign up from the banner.
    page.get_by_role("note").get_by_role("link", name="Sign up").click()
    page.get_by_label("Username").fill("keeper")
    page.get_by_label("Email").fill("keeper@example.org")
    page.locator("#id_password1").fill("a-long-unusual-passphrase")
    page.locator("#id_password2").fill("a-long-unusual-passphrase")
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_text("Everything you practised is kept.")).to_be_visible()
    expect(page.get_by_role("note")).to_have_count(0)

    # The account shows exactly what the guest had.
    account = User.objects.get(username="keeper")
    assert not account.is_guest
    assert not User.objects.filter(is_guest=True).exists()
    page.goto(concept_url)
    assert page.locator(".badge-pill").first.inner_text() == pill
    assert progress_figures(page, live_server) == (streak, points)
    expect(page.get_by_role("region", name="Earned (1)")).to_contain_text("First steps")

    mastery = ConceptMastery.objects.get(learner=account)
    assert (mastery.p_known, mastery.attempts, mastery.status) == (
        guest_mastery.p_known,
        guest_mastery.attempts,
        guest_mastery.status,
    )
    stats = LearnerStats.objects.get(learner=account)
    assert (stats.current_streak, stats.total_points) == (1, 5)
    assert LearnerBadge.objects.get(learner=account).badge.slug == "first-steps"
    assert list(PointsEntry.objects.filter(learner=account).values_list("amount")) == [(5,)]
    assert csp_violations == []
