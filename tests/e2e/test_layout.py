"""The student loop and the teacher dashboard at a laptop (1280x800) and a phone (390x844).

On every page: no sideways scrolling (``scrollWidth <= innerWidth``) and no serious or
critical axe-core violation. In the loop: the answer has focus on arrival, the feedback
page's Next is on screen without scrolling and has focus, and Enter goes on. On the
class dashboard: the grid's name column stays in view after scrolling the grid right.
Each key page is saved as a screenshot under ``test-results/screens/`` (git-ignored).

The demo data is seeded once per test (``seed_demo``: the living class). The browser
context bypasses the CSP so that axe can be injected (``tests/e2e/axe.py``); the practice
test in ``test_student_practice.py`` runs under the real CSP.
"""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from accounts.models import Classroom, User
from demo import content as demo_content
from tests.e2e.axe import axe_report, axe_run, axe_source

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREENS = Path(__file__).resolve().parents[2] / "test-results" / "screens"
VIEWPORTS = {"laptop": (1280, 800), "phone": (390, 844)}


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request):
    return request.param


@pytest.fixture
def browser_context_args(browser_context_args, viewport):
    width, height = VIEWPORTS[viewport]
    return {
        **browser_context_args,
        "bypass_csp": True,
        "viewport": {"width": width, "height": height},
    }


@pytest.fixture
def seeded():
    axe_source()  # skip (or fail under CI) before seeding when axe-core is missing
    call_command("seed_demo", stdout=io.StringIO())


class Checks:
    """Runs the per-page checks and collects what failed, to report every page at once."""

    def __init__(self, page: Page, viewport: str) -> None:
        self.page, self.viewport = page, viewport
        self.axe: dict[str, list[dict]] = {}
        self.overflow: list[str] = []

    def __call__(self, name: str) -> None:
        page = self.page
        expect(page.locator("main").first).to_be_visible()
        width = page.evaluate("() => [document.documentElement.scrollWidth, innerWidth]")
        if width[0] > width[1]:
            self.overflow.append(f"{name} ({page.url}): document {width[0]} px > {width[1]} px")
        violations = axe_run(page)
        if violations:
            self.axe[f"{name} ({page.url})"] = violations
        SCREENS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENS / f"{name}-{self.viewport}.png"))

    def visit(self, base: str, pages: dict[str, str]) -> None:
        for name, path in pages.items():
            response = self.page.goto(base + path)
            assert response is not None and response.ok, f"{name}: {path} -> {response.status}"
            self(name)

    def assert_clean(self) -> None:
        assert not self.overflow, "pages scroll sideways:\n" + "\n".join(self.overflow)
        assert not self.axe, "axe found serious or critical violations:" + axe_report(self.axe)


def _in_view(page: Page, selector: str) -> bool:
    box = page.locator(selector).bounding_box()
    size = page.viewport_size
    return bool(box) and box["y"] >= 0 and box["y"] + box["height"] <= size["height"]


def _focused_is(page: Page, selector: str) -> bool:
    return page.evaluate(
        "(sel) => document.activeElement === document.querySelector(sel)", selector
    )


def _answer(page: Page) -> None:
    first = page.locator("input[name=answer]").first
    if first.get_attribute("type") in ("radio", "checkbox"):
        page.keyboard.press("Space")  # the focused first choice: keyboard only
    else:
        page.keyboard.type("1")
    page.get_by_role("button", name="Submit answer").click()


def test_student_loop_and_pages(page, live_server, e2e_login, seeded, viewport):
    check = Checks(page, viewport)
    base = live_server.url
    e2e_login("student", demo_content.DEMO_PASSWORD)
    check.visit(base, {"student-dashboard": "/practice/"})
    if viewport == "phone":
        # The menu is folded behind one button: the nav takes one row above the content.
        toggle = page.get_by_role("button", name="Menu")
        expect(toggle).to_be_visible()
        expect(page.get_by_role("link", name="Progress")).to_be_hidden()
        assert page.locator(".site-header").bounding_box()["height"] < 80
        toggle.click()
        expect(page.get_by_role("link", name="Progress")).to_be_visible()
        check("student-menu-open")
        toggle.click()
    else:
        # One row at 1280 px, even with the student's name in it.
        assert page.locator(".site-header").bounding_box()["height"] < 80

    page.goto(base + "/learn/concepts/times-tables/")
    page.get_by_role("button", name="Start practice").click()
    expect(page.get_by_role("button", name="Submit answer")).to_be_visible()
    assert _focused_is(page, "[data-autofocus]"), "the answer does not have focus on arrival"
    check("question")
    for n in range(2):
        _answer(page)
        expect(page.locator("#verdict")).to_be_visible()
        assert _in_view(page, "#next"), f"Next is below the fold on feedback {n + 1}"
        assert _in_view(page, "#verdict")
        assert _focused_is(page, "#next"), "Next does not have focus after answering"
        if n == 0:
            check("feedback")
        page.keyboard.press("Enter")  # Next, from the keyboard
        expect(page.get_by_role("button", name="Submit answer")).to_be_visible()
    page.get_by_role("button", name="End session").click()
    page.wait_for_url("**/summary/")
    check("summary")
    check.visit(
        base,
        {
            "progress": "/progress/",
            "plan": "/plan/",
            "badges": "/badges/",
            "subjects": "/learn/",
            "profile": "/accounts/profile/",
            "my-data": "/exports/",
        },
    )
    response = page.goto(base + "/no-such-page/")
    assert response.status == 404
    expect(page.get_by_role("link", name="Go to the home page")).to_be_visible()
    check("not-found")
    check.assert_clean()


def test_teacher_dashboard_and_student_detail(page, live_server, e2e_login, seeded, viewport):
    check = Checks(page, viewport)
    base = live_server.url
    classroom = Classroom.objects.get(name=demo_content.CLASSROOM_NAME)
    struggling = User.objects.get(username="student3")
    e2e_login("teacher", demo_content.DEMO_PASSWORD)
    check.visit(base, {"class-dashboard": f"/teach/classes/{classroom.pk}/"})

    # A reason a teacher can act on, not only "has not practised yet".
    reasons = page.locator("#needs-help .help-reason")
    expect(reasons.first).to_be_visible()
    assert "wrong in a row" in " ".join(reasons.all_inner_texts())

    grid = page.locator(".grid-wrap")
    grid.scroll_into_view_if_needed()
    name = page.locator("#mastery-grid tbody tr th.name-col").first
    before = name.bounding_box()
    grid.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
    page.wait_for_timeout(100)
    assert grid.evaluate("el => el.scrollLeft") > 0, "the grid did not scroll"
    after = name.bounding_box()
    wrap = grid.bounding_box()
    assert after["x"] == pytest.approx(before["x"], abs=1), "the name column scrolled away"
    assert after["x"] >= wrap["x"] - 1 and after["width"] > 40
    check("class-grid-scrolled")

    # Fold a topic: its concept columns go, one summary column stays.
    fold = page.locator("[data-topic-toggle]").first
    fold.scroll_into_view_if_needed()
    fold.click()
    expect(fold).to_have_attribute("aria-expanded", "false")
    expect(page.locator("tbody td.topic-summary:visible").first).to_be_visible()

    check.visit(
        base,
        {
            "student-detail": f"/progress/students/{struggling.pk}/",
            "class-list": "/accounts/classes/",
            "class-detail": f"/accounts/classes/{classroom.pk}/",
            "item-analysis": f"/teach/classes/{classroom.pk}/items/",
        },
    )
    page.goto(base + f"/progress/students/{struggling.pk}/")
    expect(page.locator("#back-to-class")).to_have_attribute(
        "href", f"/teach/classes/{classroom.pk}/"
    )
    expect(page.locator("#student-help")).to_contain_text("wrong in a row")
    check.assert_clean()
