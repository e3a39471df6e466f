import pytest
from django.core.cache import caches


@pytest.fixture(autouse=True)
def _fresh_throttle():
    """Verification is rate limited per address; every test starts with no count."""
    caches["throttle"].clear()
    yield
    caches["throttle"].clear()
