"""accounts.0004 keeps existing duplicate addresses from breaking the migration (finding 12)."""

import logging

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("accounts", "0003_add_user_is_guest")]
AFTER = [("accounts", "0004_user_email_unique_and_verified")]


@pytest.fixture
def migrated_back_afterwards():
    """Going back to 0003 unapplies every later migration that depends on accounts; put the
    whole schema back at the latest migrations afterwards, or the transactional tests that
    run later (PostgreSQL concurrency tests) meet a database without the newer columns."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_duplicates_are_cleared_on_all_but_the_oldest_account(caplog, migrated_back_afterwards):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_apps = executor.loader.project_state(BEFORE).apps
    User = old_apps.get_model("accounts", "User")
    first = User.objects.create(username="first", email="Shared@example.org")
    second = User.objects.create(username="second", email="shared@EXAMPLE.org")
    third = User.objects.create(username="third", email="SHARED@example.org")
    User.objects.create(username="alone", email="alone@example.org")
    User.objects.create(username="none1", email="")
    User.objects.create(username="none2", email="")

    executor = MigrationExecutor(connection)
    with caplog.at_level(logging.WARNING, logger="pathwise.migrations"):
        executor.migrate(AFTER)

    User = executor.loader.project_state(AFTER).apps.get_model("accounts", "User")
    emails = dict(User.objects.values_list("username", "email"))
    assert emails == {
        "first": "Shared@example.org",
        "second": "",
        "third": "",
        "alone": "alone@example.org",
        "none1": "",
        "none2": "",
    }
    assert not User.objects.exclude(verified_email="").exists()  # nobody verified yet
    assert [r.getMessage() for r in caplog.records] == [
        f"accounts.0004: cleared duplicate email of user id={second.pk}, kept by id={first.pk}",
        f"accounts.0004: cleared duplicate email of user id={third.pk}, kept by id={first.pk}",
    ]
