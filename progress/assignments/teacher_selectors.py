"""Reads for the teacher's assignment pages: one assignment's status per student, a
class's assignments with their counts, and a student's assignments on their page. Each
runs a fixed number of queries whatever the number of students, assignments and answers
(tests/progress/assignments/test_budgets.py)."""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext, ngettext

from accounts.access import taught_by
from accounts.models import ClassGroup, Classroom, User
from progress.assignments import dates, work
from progress.assignments.facts import audience_for, class_student_ids, targets_for, works_for
from progress.assignments.models import Assignment
from progress.assignments.selectors import BoardItem, assignments_for_learner, target_label


@dataclass(frozen=True)
class StudentRow:
    student: User
    groups: tuple[str, ...]
    work: work.Work
    done_label: str


@dataclass
class StatusTable:
    assignment: Assignment
    target: str
    opens_label: str
    due_label: str
    audience: str
    rows: list[StudentRow]
    counts: dict[str, int]
    groups: list[ClassGroup]
    group: ClassGroup | None


def _audience_label(assignment: Assignment, groups: list[ClassGroup], named: int) -> str:
    if assignment.whole_class:
        return gettext("The whole class")
    parts = [gettext("the group %(name)s") % {"name": g.name} for g in groups]
    if named:
        parts.append(
            ngettext("%(n)d chosen student", "%(n)d chosen students", named) % {"n": named}
        )
    return ", ".join(parts) or gettext("Nobody")


def assignment_status(
    *, assignment: Assignment, group_id: int | None, now: datetime
) -> StatusTable:
    """Each recipient's status on ``assignment``, optionally only a group's. Queries: the
    class's students, its groups, their members, the assignment's audience (groups, chosen
    students), its target, then mastery, sessions and N-th correct answers."""
    classroom = assignment.classroom
    students = list(
        classroom.students.filter(is_guest=False).order_by("last_name", "first_name", "username")
    )
    groups = list(ClassGroup.objects.filter(classroom=classroom).order_by("name", "pk"))
    memberships: dict[int, set[int]] = {}  # student -> their groups
    members: dict[int, set[int]] = {}  # group -> its students
    for group_id_, user_id in ClassGroup.members.through.objects.filter(
        classgroup__classroom=classroom
    ).values_list("classgroup_id", "user_id"):
        memberships.setdefault(user_id, set()).add(group_id_)
        members.setdefault(group_id_, set()).add(user_id)
    audience = audience_for([assignment], members=members)
    recipients = audience.recipients(assignment.pk, (s.pk for s in students))
    group = next((g for g in groups if g.pk == group_id), None)
    shown = [
        s
        for s in students
        if s.pk in recipients and (group is None or group.pk in memberships.get(s.pk, set()))
    ]
    targets = targets_for([assignment])
    works = works_for([assignment], targets=targets, learner_ids=[s.pk for s in shown], now=now)
    names = {g.pk: g.name for g in groups}
    tz = classroom.timezone
    rows = [
        StudentRow(
            student=s,
            groups=tuple(sorted(names[g] for g in memberships.get(s.pk, ()) if g in names)),
            work=works[(assignment.pk, s.pk)],
            done_label=dates.label(works[(assignment.pk, s.pk)].done_at, tz)
            if works[(assignment.pk, s.pk)].done_at
            else "",
        )
        for s in shown
    ]
    assigned_groups = [g for g in groups if g.pk in audience.groups.get(assignment.pk, ())]
    return StatusTable(
        assignment=assignment,
        target=target_label(assignment, targets),
        opens_label=dates.label(assignment.opens_at, tz),
        due_label=dates.label(assignment.due_at, tz),
        audience=_audience_label(
            assignment, assigned_groups, len(audience.students.get(assignment.pk, ()))
        ),
        rows=rows,
        counts=work.tally([r.work for r in rows]),
        groups=groups,
        group=group,
    )


@dataclass(frozen=True)
class Overview:
    assignment: Assignment
    target: str
    due_label: str
    counts: dict[str, int]
    recipients: int
    works: dict[int, work.Work]  # learner id -> their work


def class_assignments(
    *, classroom: Classroom, now: datetime, archived: bool = False
) -> list[Overview]:
    """The class's assignments (soonest due first) with each recipient's work. Queries:
    the assignments, the class's students, audience, targets, mastery, sessions, N-th."""
    status = Assignment.Status.ARCHIVED if archived else Assignment.Status.ACTIVE
    assignments = list(
        Assignment.objects.filter(classroom=classroom, status=status)
        .select_related("topic", "activity")
        .order_by("due_at", "pk")
    )
    if not assignments:
        return []
    for a in assignments:
        a.classroom = classroom
    student_ids = class_student_ids([classroom.pk])[classroom.pk]
    audience = audience_for(assignments)
    targets = targets_for(assignments)
    works = works_for(assignments, targets=targets, learner_ids=student_ids, now=now)
    overviews = []
    for a in assignments:
        recipients = audience.recipients(a.pk, student_ids)
        mine = {lid: works[(a.pk, lid)] for lid in recipients}
        overviews.append(
            Overview(
                assignment=a,
                target=target_label(a, targets),
                due_label=dates.label(a.due_at, classroom.timezone),
                counts=work.tally(list(mine.values())),
                recipients=len(recipients),
                works=mine,
            )
        )
    return overviews


@dataclass(frozen=True)
class StudentAssignments:
    classrooms: list[Classroom]
    items: list[BoardItem]


def student_assignments(*, teacher: User, student: User, now: datetime) -> StudentAssignments:
    """A student's open assignments in the classes ``teacher`` teaches, for the student's
    page. Queries: the classes, the assignments, then targets, mastery, sessions, N-th."""
    classrooms = list(
        Classroom.objects.filter(taught_by(teacher), students=student).order_by("name", "pk")
    )
    assignments = list(
        assignments_for_learner(learner=student, now=now)
        .filter(classroom__in=[c.pk for c in classrooms])
        .order_by("-due_at", "-pk")[:20]
    )
    targets = targets_for(assignments)
    works = works_for(assignments, targets=targets, learner_ids=[student.pk], now=now)
    items = [
        BoardItem(
            assignment=a,
            work=works[(a.pk, student.pk)],
            target=target_label(a, targets),
            due_label=dates.label(a.due_at, a.classroom.timezone),
            due_words=dates.due_in_words(a.due_at, now),
            due_soon=False,
            can_start=False,
            action="",
        )
        for a in assignments
    ]
    return StudentAssignments(classrooms=classrooms, items=items)
