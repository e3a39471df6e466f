"""Two (or more) workers sending assignment notices at the same moment, on real PostgreSQL
connections: every notice is recorded once and every e-mail sent once.

Run with ``DATABASE_URL=postgres://...``; on SQLite the module skips (SQLite serialises
writers, so it cannot show a race).
"""

from datetime import timedelta

import pytest
from django.core import mail

from progress.assignments.models import AssignmentNotice
from progress.assignments.notices import assignment_notices_send
from tests import factories
from tests.concurrency import run_together
from tests.progress.assignments.helpers import NOW, assign

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("postgresql_only"),
]

WORKERS = 4
EXTRA_STUDENTS = 40


@pytest.fixture
def busy_class(school):
    for i in range(EXTRA_STUDENTS):
        school["classroom"].students.add(factories.StudentFactory(username=f"extra{i:02d}"))
    a = assign(
        school["classroom"], school["teacher"], concepts=[school["halves"]], email_students=True
    )
    return a, EXTRA_STUDENTS + 3


def test_workers_at_once_record_each_notice_and_send_each_email_once(busy_class):
    a, recipients = busy_class
    results = run_together(WORKERS, lambda i: assignment_notices_send(now=NOW))
    assert AssignmentNotice.objects.filter(kind="new").count() == recipients
    assert len(mail.outbox) == recipients
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        set(AssignmentNotice.objects.values_list("learner__email", flat=True))
    )
    assert sum(r.emails for r in results) == recipients  # each claimed by one worker

    reminder_time = a.due_at - timedelta(hours=6)
    run_together(
        WORKERS, lambda i: assignment_notices_send(now=reminder_time + timedelta(seconds=i))
    )
    assert AssignmentNotice.objects.filter(kind="reminder").count() == recipients
    assert len(mail.outbox) == 2 * recipients
    assert not AssignmentNotice.objects.filter(emailed_at=None).exists()


def test_running_again_afterwards_sends_nothing(busy_class):
    a, recipients = busy_class
    run_together(2, lambda i: assignment_notices_send(now=a.due_at - timedelta(hours=1)))
    sent = len(mail.outbox)
    assert sent == 2 * recipients  # the new notice and the reminder, together
    run_together(2, lambda i: assignment_notices_send(now=a.due_at - timedelta(minutes=30)))
    assert len(mail.outbox) == sent
    assert AssignmentNotice.objects.count() == 2 * recipients
