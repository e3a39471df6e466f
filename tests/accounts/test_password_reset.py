"""Password reset: the worker sends it, to verified addresses only (findings 6 and 12).

The request must do the same work for a registered and an unknown address: the same SQL
statements (the throttle's counters and one task row) and one enqueued task with the same
arguments' shape. Timing is not measured (too noisy to test); the work is.
"""

import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from tests import factories

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def statements(queries) -> list[str]:
    """The SQL run, without the values (addresses, keys, ids, times differ)."""
    return [re.sub(r"'[^']*'|\b\d+(\.\d+)?\b|\"s\d+_x\d+\"", "?", q["sql"]) for q in queries]


def run_worker() -> None:
    """Run the queued tasks as db_worker does (its Worker.run_task), in this process.

    The command itself would start with close_old_connections(), which on PostgreSQL
    closes the connection holding the test's transaction.
    """
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    for queued in DBTaskResult.objects.ready().order_by("enqueued_at"):
        worker.run_task(queued)
    assert not DBTaskResult.objects.ready().exists()


def test_the_request_does_the_same_work_for_a_known_and_an_unknown_address(
    client, student, settings
):
    settings.TASKS = DATABASE_TASKS
    url = reverse("password_reset")
    client.get(url)  # the CSRF cookie, sessions: nothing below differs by who asks
    work = {}
    for label, email in (("known", student.email), ("unknown", "nobody@example.org")):
        with CaptureQueriesContext(connection) as queries:
            response = client.post(url, {"email": email}, REMOTE_ADDR=f"10.7.0.{len(work)}")
        assert response.status_code == 302
        assert response["Location"] == reverse("password_reset_done")
        work[label] = statements(queries.captured_queries)
    assert work["known"] == work["unknown"]
    assert not any("accounts_user" in sql for sql in work["known"])  # no lookup of the address
    tasks = list(DBTaskResult.objects.order_by("enqueued_at"))
    assert [t.task_path for t in tasks] == ["accounts.tasks.password_reset_send_task"] * 2
    assert [sorted(t.args_kwargs["kwargs"]) for t in tasks] == [
        ["domain", "email", "use_https"]
    ] * 2
    assert mail.outbox == []  # nothing was sent by the requests

    run_worker()  # the worker decides, and sends to the registered address only
    [message] = mail.outbox
    assert message.to == [student.email]
    assert "/accounts/reset/" in message.body and "http://testserver/" in message.body


def test_no_reset_is_sent_to_an_unverified_address(client, settings):
    settings.TASKS = DATABASE_TASKS
    factories.StudentFactory(username="claimed", email="someone@example.org", verified_email="")
    response = client.post(reverse("password_reset"), {"email": "Someone@example.org"})
    assert response.status_code == 302
    run_worker()
    assert mail.outbox == []


def test_a_reset_is_sent_once_the_address_is_verified(client, settings):
    settings.TASKS = DATABASE_TASKS
    user = factories.StudentFactory(username="mine", email="me@example.org", verified_email="")
    user.verified_email = user.email
    user.save()
    client.post(reverse("password_reset"), {"email": "ME@example.org"})
    run_worker()
    assert [m.to for m in mail.outbox] == [["me@example.org"]]
