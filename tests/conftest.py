"""Personas and shared fixtures for the whole suite.

Personas: ``student``, ``other_student``, ``teacher``, ``other_teacher``, ``admin_user``,
``guest``, ``content_editor`` (and ``editor_client``, logged in as them).
"""

import os
from pathlib import Path

import pytest

from accounts import services as account_services
from learning import versioning
from learning.permissions import content_editors_group_ensure
from tests import factories
from tests.concurrency import postgresql_only  # noqa: F401 - a fixture for every test module

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def shared_data_dir() -> Path:
    """Third-party test material (../shared/data unless PATHWISE_SHARED_DATA says otherwise)."""
    return Path(os.environ.get("PATHWISE_SHARED_DATA", PROJECT_ROOT.parent / "shared" / "data"))


def require_shared_data(relative: str) -> Path:
    """The path of a shared data file; skip when absent, but fail under CI=true."""
    path = shared_data_dir() / relative
    if not path.exists():
        message = f"shared test data {path} is absent (set PATHWISE_SHARED_DATA)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


def pytest_sessionstart(session):
    """Compile the translation catalogs when a .po is newer than its .mo (as `make test`
    does), so a bare `pytest` sees the Spanish interface too (docs/i18n.md)."""
    from django.core.management import call_command

    stale = [
        po
        for po in (PROJECT_ROOT / "locale").glob("*/LC_MESSAGES/*.po")
        if not po.with_suffix(".mo").exists()
        or po.with_suffix(".mo").stat().st_mtime < po.stat().st_mtime
    ]
    if stale:
        call_command(
            "compilemessages",
            locale=[p.parent.parent.name for p in stale],
            ignore_patterns=[".venv", ".lrs-venv", "node_modules"],
            verbosity=0,
        )


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database gets the throttle counters' cache table, as `make run` does."""
    from django.core.management import call_command

    with django_db_blocker.unblock():
        call_command("createcachetable", verbosity=0)


@pytest.fixture(autouse=True)
def _fresh_throttle_counters(request):
    """No failed logins, resets or join codes counted at the start of a test.

    The counters are rows of the database cache: a test in a transaction rolls them back
    with everything else; a transactional test (live server, browser) commits them, and
    the flush after it empties only the models' tables, so it clears before and after.
    """
    transactional = bool({"transactional_db", "live_server"} & set(request.fixturenames))
    marker = request.node.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
        transactional = True
    if not transactional:
        yield
        return
    from django.core.cache import caches

    request.getfixturevalue("transactional_db")
    caches["throttle"].clear()
    yield
    caches["throttle"].clear()


@pytest.fixture(autouse=True)
def _fresh_content_caches():
    """Process-local curriculum caches are keyed by a token that a rolled-back test database
    can bring back: every test starts without them."""
    versioning.clear()
    yield
    versioning.clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Real hashing is deliberately slow; tests do not need it to be."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def _openbadges_key_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("openbadges")


@pytest.fixture(autouse=True)
def _openbadges_test_key(settings, _openbadges_key_dir):
    """Credentials in tests are signed with a development key generated for the test run
    (the real generate-on-first-use path), not with the checkout's var/ key."""
    settings.PATHWISE_OB_DEV_KEY_FILE = _openbadges_key_dir / "signing-key.pem"


@pytest.fixture
def student(db):
    return factories.StudentFactory(username="student", first_name="Sam", last_name="Student")


@pytest.fixture
def other_student(db):
    return factories.StudentFactory(username="other_student", first_name="Olive")


@pytest.fixture
def teacher(db):
    return factories.TeacherFactory(username="teacher", first_name="Tess", last_name="Teacher")


@pytest.fixture
def other_teacher(db):
    return factories.TeacherFactory(username="other_teacher", first_name="Otto")


@pytest.fixture
def admin_user(db):
    return factories.AdminFactory(username="admin")


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


@pytest.fixture
def editor_client(login, content_editor):
    return login(content_editor)


@pytest.fixture
def classroom(teacher, student):
    return factories.ClassroomFactory(name="7B Maths", teachers=[teacher], students=[student])


@pytest.fixture
def login(client):
    """login(user) logs the test client in as that user and returns the client."""

    def _login(user):
        client.force_login(user)
        return client

    return _login
