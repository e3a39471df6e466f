"""Right-to-left readiness (docs/i18n.md): the stylesheet uses logical properties only, so
a right-to-left language can be added without rewriting the layout. The dashboard with
``dir="rtl"`` set on the page mirrors: no sideways scrolling, the first nav link to the
right of the second, and the account menu's edge on the left.
"""

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from demo import content as demo_content
from tests.conftest import PROJECT_ROOT

pytestmark = [pytest.mark.django_db(transaction=True)]

PHYSICAL = re.compile(
    r"(?<![\w-])(?:(?:margin|padding|border)-(?:left|right)|left|right)\s*:"
    r"|(?:text-align|float|clear)\s*:\s*(?:left|right)\b"
)


def test_the_stylesheets_use_logical_properties_only():
    found = []
    for css in sorted((PROJECT_ROOT / "static" / "css").glob("*.css")):
        for number, line in enumerate(css.read_text().splitlines(), start=1):
            if PHYSICAL.search(line):
                found.append(f"{css.name}:{number}: {line.strip()[:100]}")
    assert not found, "physical left/right properties:\n" + "\n".join(found)


def _layout(page: Page) -> dict:
    return page.evaluate(
        """() => {
            const links = [...document.querySelectorAll('.nav-links a')];
            const box = el => el.getBoundingClientRect();
            return {
                overflow: document.documentElement.scrollWidth - window.innerWidth,
                first: box(links[0]).left, second: box(links[1]).left,
                brand: box(document.querySelector('.brand')).left,
                width: window.innerWidth,
            };
        }"""
    )


@pytest.mark.e2e
def test_the_dashboard_mirrors_right_to_left(page, live_server, e2e_login):
    call_command("seed_demo", stdout=io.StringIO())
    e2e_login("student", demo_content.DEMO_PASSWORD)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(live_server.url + "/practice/")
    expect(page.locator("main")).to_be_visible()
    ltr = _layout(page)
    assert ltr["first"] < ltr["second"]
    page.evaluate("() => { document.documentElement.dir = 'rtl'; }")
    rtl = _layout(page)
    assert rtl["overflow"] <= 0, f"sideways scrolling in rtl: {rtl}"
    assert rtl["first"] > rtl["second"], f"the nav is not mirrored: {rtl}"
    assert rtl["brand"] > rtl["width"] / 2, f"the brand should sit on the right: {rtl}"
