"""Telling students about assignments: a notice when one opens, a reminder the day before it
is due (run by the tasks worker, ``progress.tasks.assignment_notices_task``).

Never twice: a notice is a row with a unique (assignment, learner, kind), inserted with
"on conflict do nothing", so running the task twice, or in two workers at once, inserts
each notice once. An e-mail (only for assignments whose teacher asked for it) is claimed
by a conditional update (``emailed_at`` from NULL to now) before it is sent: of two workers
reaching the same notice, one updates the row and sends, the other updates nothing and
moves on. The claim and the sending share one transaction, so a failed send is retried by
the next run.
"""

import logging
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from accounts.languages import language_of
from progress.assignments import dates
from progress.assignments.facts import audience_for, class_student_ids, targets_for, works_for
from progress.assignments.models import Assignment, AssignmentNotice

logger = logging.getLogger(__name__)
EMAIL_BATCH = 500


@dataclass(frozen=True)
class NoticeRun:
    new: int
    reminders: int
    emails: int


def assignment_notices_send(*, now: datetime) -> NoticeRun:
    """Record the notices due at ``now`` (new open assignments; reminders for unfinished
    work due within a day) and send the e-mails asked for. Safe to run at any time, as
    often as wanted, from any number of workers."""
    assignments = list(
        Assignment.objects.filter(
            status=Assignment.Status.ACTIVE, opens_at__lte=now, due_at__gt=now
        ).select_related("classroom")
    )
    added = {AssignmentNotice.Kind.NEW: 0, AssignmentNotice.Kind.REMINDER: 0}
    if assignments:
        rows = _notices_due(assignments, now=now)
        before = _counts(assignments)
        AssignmentNotice.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
        after = _counts(assignments)
        added = {kind: after.get(kind, 0) - before.get(kind, 0) for kind in added}
    return NoticeRun(
        new=added[AssignmentNotice.Kind.NEW],
        reminders=added[AssignmentNotice.Kind.REMINDER],
        emails=_send_emails(now=now),
    )


def _counts(assignments: list[Assignment]) -> dict[str, int]:
    """Notices of ``assignments`` by kind: what a run added, for its report (the rows
    themselves are what guarantees once; with two workers either may report them)."""
    return dict(
        AssignmentNotice.objects.filter(assignment__in=assignments)
        .values("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    )


def _notices_due(assignments: list[Assignment], *, now: datetime) -> list[AssignmentNotice]:
    """Every notice that should exist at ``now`` (most exist already: the insert skips them)."""
    students = class_student_ids(a.classroom_id for a in assignments)
    audience = audience_for(assignments)
    recipients = {
        a.pk: audience.recipients(a.pk, students.get(a.classroom_id, ())) for a in assignments
    }
    soon = [a for a in assignments if a.due_at - now <= dates.REMINDER_BEFORE]
    works = works_for(
        soon,
        targets=targets_for(soon),
        learner_ids=set().union(*(recipients[a.pk] for a in soon)) if soon else (),
        now=now,
    )
    rows = [
        _notice(a, learner_id, AssignmentNotice.Kind.NEW, now)
        for a in assignments
        for learner_id in sorted(recipients[a.pk])
    ]
    rows += [
        _notice(a, learner_id, AssignmentNotice.Kind.REMINDER, now)
        for a in soon
        for learner_id in sorted(recipients[a.pk])
        if not works[(a.pk, learner_id)].is_finished
    ]
    return rows


def _notice(assignment: Assignment, learner_id: int, kind: str, now: datetime):
    return AssignmentNotice(assignment=assignment, learner_id=learner_id, kind=kind, created_at=now)


def _send_emails(*, now: datetime) -> int:
    pending = list(
        AssignmentNotice.objects.filter(
            emailed_at__isnull=True,
            assignment__email_students=True,
            assignment__status=Assignment.Status.ACTIVE,
            assignment__due_at__gt=now,
            learner__is_active=True,
            learner__is_guest=False,
        )
        .exclude(learner__email="")
        .select_related("assignment__classroom", "learner")
        .order_by("pk")[:EMAIL_BATCH]
    )
    sent = 0
    for notice in pending:
        try:
            with transaction.atomic():
                claimed = AssignmentNotice.objects.filter(
                    pk=notice.pk, emailed_at__isnull=True
                ).update(emailed_at=now)
                if not claimed:
                    continue  # another worker has it
                _email(notice)
        except Exception:  # the claim rolled back: the next run tries again
            logger.exception("Could not e-mail assignment notice %s", notice.pk)
            continue
        sent += 1
    return sent


def _email(notice: AssignmentNotice) -> None:
    # Written in the student's language (their saved choice): a task has no request.
    with translation.override(language_of(notice.learner)):
        _email_in_active_language(notice)


def _email_in_active_language(notice: AssignmentNotice) -> None:
    a = notice.assignment
    reminder = notice.kind == AssignmentNotice.Kind.REMINDER
    if reminder:
        subject = gettext("Reminder: %(title)s") % {"title": a.title}
    else:
        subject = gettext("New assignment: %(title)s") % {"title": a.title}
    body = render_to_string(
        "progress/email/assignment_notice.txt",
        {
            "notice": notice,
            "assignment": a,
            "reminder": reminder,
            "due": dates.label(a.due_at, a.classroom.timezone),
            "link": settings.PATHWISE_LRS_ID_BASE + reverse("progress:dashboard"),
        },
    )
    send_mail(subject, body, None, [notice.learner.email])


def notices_mark_seen(*, learner, now: datetime) -> int:
    """The learner dismissed their assignment notices."""
    return AssignmentNotice.objects.filter(learner=learner, seen_at__isnull=True).update(
        seen_at=now
    )
