"""A learner's assignments in their personal export ("My data"): the groups they are in,
the work set for them by name, the sessions they started from it and the notices they
were sent (``progress.interop.exports.personal`` lists these with the other tables)."""

from django.db.models import QuerySet

from accounts.models import ClassGroup, User
from progress.assignments.models import Assignment, AssignmentNotice, AssignmentSession
from progress.interop.exports.tables import CHUNK, Table


def _values(queryset: QuerySet, *fields: str):
    return queryset.values_list(*fields).iterator(chunk_size=CHUNK)


def assignment_tables(user: User) -> list[Table]:
    return [
        Table(
            "groups",
            ("class", "group", "created_at"),
            lambda: _values(
                ClassGroup.objects.filter(members=user).order_by("classroom__name", "name", "pk"),
                "classroom__name",
                "name",
                "created_at",
            ),
            "The groups your teachers put you in inside your classes.",
            ("accounts.ClassGroup_members",),
        ),
        Table(
            "assignments_for_you",
            ("assignment_id", "class", "title", "kind", "opens_at", "due_at", "status"),
            lambda: _values(
                Assignment.objects.filter(students=user).order_by("due_at", "pk"),
                "pk",
                "classroom__name",
                "title",
                "kind",
                "opens_at",
                "due_at",
                "status",
            ),
            "Work a teacher set for you by name (work set for your whole class or one of "
            "your groups is the class's, and reaches you through the groups above).",
            ("progress.Assignment_students",),
        ),
        Table(
            "assignment_sessions",
            ("assignment_id", "session_id", "title", "assigned", "started_at"),
            lambda: _values(
                AssignmentSession.objects.filter(learner=user).order_by("started_at", "pk"),
                "assignment_id",
                "session_id",
                "title",
                "assigned",
                "started_at",
            ),
            "The practice sessions you started from an assignment, with what was assigned "
            "at the time.",
            ("progress.AssignmentSession",),
        ),
        Table(
            "assignment_notices",
            ("assignment_id", "kind", "created_at", "seen_at", "emailed_at"),
            lambda: _values(
                AssignmentNotice.objects.filter(learner=user).order_by("created_at", "pk"),
                "assignment_id",
                "kind",
                "created_at",
                "seen_at",
                "emailed_at",
            ),
            "The notices of new work and due-date reminders you were shown or e-mailed.",
            ("progress.AssignmentNotice",),
        ),
    ]
