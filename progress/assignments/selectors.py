"""Reads for assignment pages, each with a fixed number of queries whatever the number of
students, assignments and answers (asserted in tests at two sizes).

Access: a teacher reaches only assignments of classes they teach (superusers: all); a
student only assignments set for them, open and not deleted; guests never see any.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext, ngettext

from accounts.access import require_teacher, taught_by
from accounts.models import Classroom, User
from learning.selectors import practicable_concepts
from progress.assignments import dates, work
from progress.assignments.facts import (
    Targets,
    targets_for,
    works_for,
)
from progress.assignments.models import Assignment, AssignmentGroup, AssignmentNotice

# Finished and missed assignments stay on the student's dashboard this long after the due date.
BOARD_HISTORY = timedelta(days=21)
BOARD_DONE_SHOWN = 5


def _teacher_assignments(user: User) -> QuerySet[Assignment]:
    require_teacher(user)
    return Assignment.objects.filter(taught_by(user, prefix="classroom__"))


def assignment_get_for_teacher(*, user: User, pk: int) -> Assignment:
    """An assignment of a class ``user`` teaches (archived ones included); 404 otherwise."""
    queryset = _teacher_assignments(user).select_related("classroom", "topic", "activity")
    return get_object_or_404(queryset, pk=pk)


def _for_learner(learner: User) -> Q:
    """The assignments set for ``learner``: in a class of theirs, to the whole class, one
    of their groups of it, or to them by name."""
    in_class = Classroom.students.through.objects.filter(
        classroom_id=OuterRef("classroom_id"), user_id=learner.pk
    )
    in_group = AssignmentGroup.objects.filter(
        assignment_id=OuterRef("pk"),
        group__members=learner,
        group__classroom_id=OuterRef("classroom_id"),
    )
    named = Assignment.students.through.objects.filter(
        assignment_id=OuterRef("pk"), user_id=learner.pk
    )
    return Q(Exists(in_class)) & (Q(whole_class=True) | Q(Exists(in_group)) | Q(Exists(named)))


def assignments_for_learner(*, learner: User, now: datetime) -> QuerySet[Assignment]:
    """Open, active assignments set for ``learner`` (none for guests or non-students)."""
    if not (learner.is_authenticated and learner.is_student) or learner.is_guest:
        return Assignment.objects.none()
    return Assignment.objects.filter(
        _for_learner(learner), status=Assignment.Status.ACTIVE, opens_at__lte=now
    ).select_related("classroom", "topic", "activity")


def assignment_get_for_student(*, user: User, pk: int, now: datetime) -> Assignment:
    assignment = assignments_for_learner(learner=user, now=now).filter(pk=pk).first()
    if assignment is None:
        raise Http404("No such assignment for you.")
    return assignment


# Labels ----------------------------------------------------------------------------------


def target_label(assignment: Assignment, targets: Targets) -> str:
    """What the assignment asks, in a sentence: "Practise Fractions until mastered"."""
    if assignment.kind == Assignment.Kind.ACTIVITY:
        activity = assignment.activity
        kind = activity.get_kind_display().lower()
        return gettext("Take the %(kind)s “%(name)s”") % {"kind": kind, "name": activity.name}
    if assignment.kind == Assignment.Kind.REVIEW:
        return gettext("Review the concepts due for review")
    if assignment.topic_id:
        what = gettext("the topic %(name)s") % {"name": assignment.topic.name}
    else:
        names = [c.name for c in targets.concepts_of(assignment.pk)]
        if len(names) > 1:
            what = gettext("%(names)s and %(last)s") % {
                "names": ", ".join(f"“{n}”" for n in names[:-1]),
                "last": f"“{names[-1]}”",
            }
        else:
            what = names[0] if names else gettext("(no concepts)")
    if assignment.goal == Assignment.Goal.CORRECT:
        count = assignment.target_count
        return ngettext(
            "Practise %(what)s: %(count)d correct answer",
            "Practise %(what)s: %(count)d correct answers",
            count,
        ) % {"what": what, "count": count}
    return gettext("Practise %(what)s until mastered") % {"what": what}


# The student's board ---------------------------------------------------------------------


@dataclass(frozen=True)
class BoardItem:
    assignment: Assignment
    work: work.Work
    target: str
    due_label: str
    due_words: str
    due_soon: bool
    can_start: bool
    action: str


@dataclass(frozen=True)
class NoticeItem:
    notice: AssignmentNotice
    text: str


@dataclass
class AssignmentBoard:
    overdue: list[BoardItem]
    to_do: list[BoardItem]
    done: list[BoardItem]
    notices: list[NoticeItem]
    changes_at: datetime | None = None  # when time next changes what the board shows

    @property
    def is_empty(self) -> bool:
        return not (self.overdue or self.to_do or self.done or self.notices)


def _action(item_work: work.Work, assignment: Assignment, now: datetime) -> tuple[bool, str]:
    closed = now > assignment.due_at and not assignment.late_counts and not item_work.is_finished
    if closed:
        return False, ""
    if item_work.is_finished:
        if assignment.kind == Assignment.Kind.ACTIVITY:
            return True, gettext("Retake")
        return True, gettext("Practise again")
    return True, gettext("Continue") if item_work.started else gettext("Start")


def learner_board(*, learner: User, now: datetime) -> AssignmentBoard:
    """The student's assignments, overdue first, then to do (soonest due first), then the
    latest finished ones; with their unseen notices. Queries: the assignments, the notices,
    then (when there are assignments) targets, audience, mastery, sessions, N-th correct."""
    if not (learner.is_authenticated and learner.is_student) or learner.is_guest:
        return AssignmentBoard([], [], [], [])
    assignments = list(
        assignments_for_learner(learner=learner, now=now)
        .filter(due_at__gte=now - BOARD_HISTORY)
        .order_by("due_at", "pk")
    )
    notices = list(
        AssignmentNotice.objects.filter(
            learner=learner, seen_at__isnull=True, assignment__status=Assignment.Status.ACTIVE
        )
        .select_related("assignment__classroom")
        .order_by("-created_at", "-pk")[:10]
    )
    targets = targets_for(assignments)
    works = works_for(assignments, targets=targets, learner_ids=[learner.pk], now=now)
    overdue, to_do, done = [], [], []
    for a in assignments:
        w = works[(a.pk, learner.pk)]
        can_start, action = _action(w, a, now)
        item = BoardItem(
            assignment=a,
            work=w,
            target=target_label(a, targets),
            due_label=dates.label(a.due_at, a.classroom.timezone),
            due_words=dates.due_in_words(a.due_at, now),
            due_soon=not w.is_finished and now <= a.due_at <= now + dates.DUE_SOON,
            can_start=can_start,
            action=action,
        )
        if w.is_finished:
            done.append(item)
        elif w.status == work.MISSING:
            overdue.append(item)
        else:
            to_do.append(item)
    done.sort(key=lambda i: i.work.done_at, reverse=True)
    return AssignmentBoard(
        overdue=overdue,
        to_do=to_do,
        done=done[:BOARD_DONE_SHOWN],
        notices=[NoticeItem(n, notice_text(n)) for n in notices],
        changes_at=board_changes_at([a.due_at for a in assignments], now=now),
    )


def board_changes_at(due_dates: list[datetime], *, now: datetime) -> datetime | None:
    """When time next changes a board holding assignments due at ``due_dates``: a phrase
    ("due in 3 hours"), "Due soon", overdue or closed, or one leaving the board."""
    moments = []
    for due_at in due_dates:
        moments += [dates.due_words_change_at(due_at, now), due_at + BOARD_HISTORY]
        moments += [m for m in (due_at - dates.DUE_SOON, due_at) if m > now]
    return min(moments, default=None)


def notice_text(notice: AssignmentNotice) -> str:
    a = notice.assignment
    due = dates.label(a.due_at, a.classroom.timezone)
    if notice.kind == AssignmentNotice.Kind.REMINDER:
        return gettext("Reminder: “%(title)s” is due %(due)s.") % {"title": a.title, "due": due}
    return gettext("New assignment from %(classroom)s: “%(title)s”, due %(due)s.") % {
        "classroom": a.classroom.name,
        "title": a.title,
        "due": due,
    }


def learner_deadlines(*, learner: User, now: datetime) -> dict[int, datetime]:
    """Concept id -> the earliest due date of an open, unfinished assignment that asks for
    it (practice concepts or topics, and the concept or topic of a quiz or test): the dates
    a study plan must meet. Queries: the assignments, targets, mastery, sessions, N-th."""
    assignments = list(
        assignments_for_learner(learner=learner, now=now)
        .filter(due_at__gt=now)
        .exclude(kind=Assignment.Kind.REVIEW)
    )
    if not assignments:
        return {}
    targets = targets_for(assignments)
    works = works_for(assignments, targets=targets, learner_ids=[learner.pk], now=now)
    activity_topics = {a.activity.topic_id for a in assignments if a.activity_id}
    topic_concepts = {}
    if activity_topics - {None}:
        for c in practicable_concepts().filter(topic_id__in=activity_topics - {None}):
            topic_concepts.setdefault(c.topic_id, []).append(c.pk)
    deadlines: dict[int, datetime] = {}
    for a in assignments:
        if works[(a.pk, learner.pk)].is_finished:
            continue
        if a.activity_id:
            act = a.activity
            ids = [act.concept_id] if act.concept_id else topic_concepts.get(act.topic_id, [])
        else:
            ids = list(targets.by_assignment[a.pk].concept_ids)
        for cid in ids:
            if cid not in deadlines or a.due_at < deadlines[cid]:
                deadlines[cid] = a.due_at
    return deadlines
