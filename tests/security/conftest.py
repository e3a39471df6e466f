"""Personas the security suite adds to tests/conftest.py: a guest and a content editor."""

import pytest
from django.core.cache import caches

from accounts import services as account_services
from learning.permissions import content_editors_group_ensure
from tests import factories
from tests.security.matrix_world import as_persona, world  # noqa: F401  (fixtures)


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
def _fresh_local_cache():
    """Every test starts with an empty per-process cache (the throttle's: tests/conftest)."""
    caches["default"].clear()
    yield
