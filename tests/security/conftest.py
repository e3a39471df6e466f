"""Personas the security suite adds to tests/conftest.py: a guest and a content editor."""

import pytest
from django.core.cache import caches

from accounts import services as account_services
from learning.permissions import content_editors_group_ensure
from tests import factories


@pytest.fixture
def guest(db):
    """A guest learner ("Practise as a guest"): a student without an account."""
    return account_services.guest_create()


@pytest.fixture
def content_editor(db):
    """Staff in the "Content editors" group: authors curriculum, teaches no class."""
    user = factories.TeacherFactory(username="editor", first_name="Eddie", last_name="Editor")
    user.groups.add(content_editors_group_ensure())
    return user


@pytest.fixture(autouse=True)
def _fresh_throttle_counters():
    """Every test starts with no failed logins, resets or join codes counted."""
    caches["throttle"].clear()
    caches["default"].clear()
    yield
    caches["throttle"].clear()
