"""A student downloads a badge as an Open Badge; a stranger (no login) verifies the file on
the public page, then a changed copy fails (under the site's strict CSP)."""

import json

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.achievements.factories import BadgeFactory, LearnerBadgeFactory
from tests.e2e.conftest import log_out

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_download_then_verify_as_a_stranger(page, live_server, e2e_login, tmp_path):
    csp_violations: list[str] = []
    page.on(
        "console",
        lambda msg: (
            csp_violations.append(msg.text) if "Content Security Policy" in msg.text else None
        ),
    )
    student = factories.StudentFactory(username="pupil")
    badge = BadgeFactory(name="Century", glyph="trophy", rule_kind="questions_answered")
    LearnerBadgeFactory(learner=student, badge=badge)

    e2e_login("pupil", factories.PASSWORD)
    page.goto(f"{live_server.url}/badges/")
    expect(page.locator("#badge-" + badge.slug + " svg.badge-glyph")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as an Open Badge").click()
    saved = tmp_path / "badge.json"
    download.value.save_as(saved)
    credential = json.loads(saved.read_text())
    log_out(page)

    page.goto(f"{live_server.url}/badges/verify/")
    page.get_by_label("Or choose the credential's file").set_input_files(str(saved))
    page.get_by_role("button", name="Verify").click()
    result = page.get_by_role("status").filter(has_text="Verified")
    expect(result).to_contain_text("Century")
    expect(result).to_contain_text("Signature: passed.")
    page.screenshot(path=str(tmp_path / "verified.png"), full_page=True)

    credential["credentialSubject"]["achievement"]["name"] = "Thousand"
    page.get_by_label("Paste the credential (JSON)").fill(json.dumps(credential))
    page.get_by_role("button", name="Verify").click()
    failed = page.get_by_role("status").filter(has_text="Not verified")
    expect(failed).to_contain_text("changed after it was signed")
    assert csp_violations == []
