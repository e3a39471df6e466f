"""Notices: one when an assignment opens, a reminder the day before it is due for those who
have not finished; e-mail only when the teacher asks; never twice."""

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command

from progress.assignments.models import AssignmentNotice
from progress.assignments.notices import assignment_notices_send
from progress.tasks import assignment_notices_task
from tests.progress.assignments.helpers import NOW, assign, work_through

pytestmark = pytest.mark.django_db


def kinds(learner):
    return sorted(AssignmentNotice.objects.filter(learner=learner).values_list("kind", flat=True))


def test_new_notices_go_to_recipients_once_opened(school):
    a = assign(
        school["classroom"],
        school["teacher"],
        concepts=[school["halves"]],
        whole_class=False,
        groups=[school["extension"]],
        opens_at=NOW + timedelta(days=1),
        due_in=timedelta(days=5),
    )
    assert assignment_notices_send(now=NOW).new == 0  # not open yet
    result = assignment_notices_send(now=a.opens_at)
    assert (result.new, result.reminders, result.emails) == (2, 0, 0)
    assert kinds(school["olive"]) == kinds(school["ravi"]) == ["new"]
    assert kinds(school["sam"]) == []
    assert assignment_notices_send(now=a.opens_at + timedelta(minutes=5)).new == 0
    assert AssignmentNotice.objects.count() == 2


def test_reminders_a_day_before_for_the_unfinished_only(school):
    a = assign(school["classroom"], school["teacher"], concepts=[school["halves"]])
    work_through(a, school["sam"], answers=5)  # mastered: done
    assignment_notices_send(now=a.due_at - timedelta(days=2))
    assert not AssignmentNotice.objects.filter(kind="reminder").exists()
    result = assignment_notices_send(now=a.due_at - timedelta(hours=20))
    assert result.reminders == 2
    assert kinds(school["sam"]) == ["new"]
    assert kinds(school["olive"]) == ["new", "reminder"]
    assignment_notices_send(now=a.due_at - timedelta(hours=2))
    assert AssignmentNotice.objects.filter(kind="reminder").count() == 2
    assignment_notices_send(now=a.due_at + timedelta(hours=1))  # past due: nothing new
    assert AssignmentNotice.objects.count() == 5


def test_email_is_off_by_default_and_sent_once_when_asked(school):
    assign(school["classroom"], school["teacher"], concepts=[school["halves"]], title="Quiet")
    loud = assign(
        school["classroom"],
        school["teacher"],
        concepts=[school["thirds"]],
        title="Loud",
        email_students=True,
    )
    result = assignment_notices_send(now=NOW)
    assert result.emails == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        u.email for u in (school["sam"], school["olive"], school["ravi"])
    )
    assert all(m.subject == "New assignment: Loud" for m in mail.outbox)
    assert "due Fri 6 Mar 2026, 09:00" in mail.outbox[0].body
    assignment_notices_send(now=NOW + timedelta(minutes=1))
    assert len(mail.outbox) == 3
    assignment_notices_send(now=loud.due_at - timedelta(hours=3))
    assert len(mail.outbox) == 6
    assert {m.subject for m in mail.outbox[3:]} == {"Reminder: Loud"}


def test_a_failed_email_is_retried_by_the_next_run(school, settings, monkeypatch):
    assign(school["classroom"], school["teacher"], concepts=[school["thirds"]], email_students=True)
    from progress.assignments import notices

    def broken(*args, **kwargs):
        raise ConnectionRefusedError("no mail server")

    monkeypatch.setattr(notices, "send_mail", broken)
    assert assignment_notices_send(now=NOW).emails == 0
    assert not AssignmentNotice.objects.exclude(emailed_at=None).exists()
    monkeypatch.undo()
    assert assignment_notices_send(now=NOW + timedelta(minutes=15)).emails == 3


def test_the_task_and_the_command_run_it(school, settings, django_capture_on_commit_callbacks):
    settings.PATHWISE_CLOCK_NOW = NOW
    with django_capture_on_commit_callbacks(execute=True):
        assign(school["classroom"], school["teacher"], concepts=[school["halves"]])
    assert AssignmentNotice.objects.count() == 3  # enqueued on commit (immediate backend)
    result = assignment_notices_task.enqueue()
    assert result.return_value == {"new": 0, "reminders": 0, "emails": 0}
    settings.PATHWISE_CLOCK_NOW = NOW + timedelta(days=3, hours=10)
    out = io.StringIO()
    call_command("assignment_notices", stdout=out)
    assert "Sent 0 new-assignment notice(s), 3 reminder(s) and 0 e-mail(s)." in out.getvalue()


def test_with_the_database_backend_the_worker_also_runs_it_at_open_and_reminder_time(
    school, settings, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        a = assign(
            school["classroom"],
            school["teacher"],
            concepts=[school["halves"]],
            opens_at=NOW + timedelta(days=1),
            due_in=timedelta(days=5),
        )
    queued = DBTaskResult.objects.filter(task_path="progress.tasks.assignment_notices_task")
    # One to run at once (django-tasks-db stores "no delay" as the latest date), one at the
    # open date, one a day before the due date.
    assert len(queued) == 3
    assert sorted(queued.values_list("run_after", flat=True))[:2] == [
        a.opens_at,
        a.due_at - timedelta(days=1),
    ]
    assert not AssignmentNotice.objects.exists()  # the worker has not run them yet


def test_each_student_is_e_mailed_in_their_own_language(school):
    """The task has no request: the notice is written in the student's saved language."""
    from accounts.languages import user_language_set

    user_language_set(user=school["olive"], language="es")
    assign(
        school["classroom"],
        school["teacher"],
        concepts=[school["thirds"]],
        title="Loud",
        email_students=True,
    )
    assignment_notices_send(now=NOW)
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects[school["olive"].email] == "Nueva tarea: Loud"
    assert subjects[school["sam"].email] == "New assignment: Loud"
    spanish = next(m for m in mail.outbox if m.to[0] == school["olive"].email)
    assert "vie 6 mar 2026, 09:00" in spanish.body
