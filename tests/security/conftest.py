"""Fixtures of the security suite (personas live in tests/conftest.py)."""

import pytest
from django.core.cache import caches


@pytest.fixture(autouse=True)
def _fresh_throttle_counters():
    """Every test starts with no failed logins, resets or join codes counted."""
    caches["throttle"].clear()
    caches["default"].clear()
    yield
    caches["throttle"].clear()
