"""Fixtures of the security suite (personas live in tests/conftest.py)."""

import pytest
from django.core.cache import caches

from tests.security.matrix_world import as_persona, world  # noqa: F401  (fixtures)


@pytest.fixture(autouse=True)
def _fresh_local_cache():
    """Every test starts with an empty per-process cache (the throttle's: tests/conftest)."""
    caches["default"].clear()
    yield
