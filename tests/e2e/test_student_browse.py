"""The demo student finds a concept by browsing: Subjects → Mathematics → topic → concept."""

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from demo import content as demo_content
from learning.models import Concept, Question

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def csp_violations(page):
    """Console reports of anything the Content-Security-Policy blocked."""
    violations: list[str] = []
    page.on(
        "console",
        lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    return violations


def test_student_browses_to_a_concept_and_sees_what_to_practise(
    page, live_server, e2e_login, csp_violations
):
    call_command("seed_demo", stdout=io.StringIO())
    concept = Concept.objects.select_related("topic").get(slug="adding-whole-numbers")
    published = Question.objects.published().filter(concept=concept).count()
    assert published > 0

    e2e_login("student", demo_content.DEMO_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello,")

    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("link", name="Subjects").click()
    expect(page.get_by_role("heading", name="Subjects", level=1)).to_be_visible()
    page.get_by_role("link", name="Mathematics").click()
    expect(page.get_by_role("heading", name="Mathematics", level=1)).to_be_visible()
    page.get_by_role("link", name=concept.topic.name, exact=True).click()
    expect(page.get_by_role("heading", name=concept.topic.name, level=1)).to_be_visible()
    # The topic's table lists the concept with its question count.
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=concept.name))
    expect(row.get_by_role("cell").nth(1)).to_have_text(str(published))
    row.get_by_role("link", name=concept.name).click()

    expect(page).to_have_url(re.compile(rf"/concepts/{concept.slug}/$"))
    expect(page.get_by_role("heading", name=concept.name, level=1)).to_be_visible()
    explanation = page.get_by_role("region", name="What it is")
    expect(explanation).to_contain_text("Adding puts amounts together to find the total.")
    expect(page.get_by_text(f"{published} practice questions available")).to_be_visible()
    expect(page.get_by_role("button", name="Start practice")).to_be_visible()
    assert csp_violations == []
