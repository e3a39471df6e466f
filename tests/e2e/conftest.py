"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live_server.

Chromium comes from apt (``/usr/bin/chromium``); Playwright never downloads a browser here.
Without Chromium these tests skip with the reason, except under ``CI=true`` where they fail.
"""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("PATHWISE_CHROMIUM", "/usr/bin/chromium")


def _chromium_available() -> bool:
    return Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is not None


def pytest_collection_modifyitems(config, items):
    # Under CI=true nothing is skipped: a missing Chromium makes the browser tests fail.
    if _chromium_available() or os.environ.get("CI") == "true":
        return
    skip = pytest.mark.skip(
        reason=f"Chromium not found at {CHROMIUM} (apt-get install chromium chromium-driver)"
    )
    for item in items:
        if "e2e" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def e2e_login(page, live_server):
    """Log a user in through the real login form."""

    def _login(username: str, password: str):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        return page

    return _login


def log_out(page) -> None:
    """Log out the way a user does: open the account menu (a disclosure with the user's
    name), then "Log out"."""
    page.locator("details.account-menu > summary").click()
    page.get_by_role("button", name="Log out").click()
