# ruff: noqa: S608 - only table names from model metadata and constant choices are formatted
# in; every value is a bound parameter.
"""The student dashboard's cache key beyond the learner's progress, in one statement.

``page_cache.learner_state`` covers what an answer changes (the ``LearnerStats`` row), the
curriculum, the timezone and the language. The dashboard also shows things other people
and other actions change; this statement reads a fingerprint of each, so a kept dashboard
is rebuilt the moment one moves:

- the learner's sessions in progress (starting, finishing or abandoning one: "Continue");
- their classes, with each class's name, timezone and teachers' names ("Your classes", and
  the class clock the assignment dates are shown on);
- the assignments of those classes (a teacher setting, editing or deleting one changes the
  count or the latest ``updated_at``) and the next one to open (time makes it appear);
- their class groups (who an assignment is for);
- their unseen assignment notices (a new assignment, a reminder, "Dismiss notices");
- what apps above this one register (``dashboard_versions_register``): achievements adds
  the learner's badges not yet announced ("New badge!", "Got it").

Indexed lookups on the learner's own rows only: the cost does not grow with history.
Hand-written (one round trip, no ORM compile per request); tested on SQLite and PostgreSQL
in ``tests/progress/reports/test_dashboard_cache.py``.
"""

from collections.abc import Callable
from datetime import UTC, datetime
from functools import cache

from django.db import connections, router
from django.utils.dateparse import parse_datetime

from accounts.models import ClassGroup, Classroom, User
from core import prepared
from progress.assignments.models import Assignment, AssignmentNotice
from progress.models import PracticeSession

_REGISTERED: list[Callable[[], str]] = []


def dashboard_versions_register(columns: Callable[[], str]) -> None:
    """Add columns to the statement: ``columns()`` gives scalar subqueries (comma-separated)
    on the learner's rows, with ``%(me)s`` for the learner's id. For apps that show a part of
    the dashboard and may not be imported here (their ``AppConfig.ready``)."""
    if columns not in _REGISTERED:
        _REGISTERED.append(columns)
        _statement.cache_clear()


@cache
def _statement(vendor: str) -> str:
    def table(model) -> str:
        return model._meta.db_table

    members = table(Classroom.students.through)
    teachers = table(Classroom.teachers.through)
    group_members = table(ClassGroup.members.through)
    sessions, assignments = table(PracticeSession), table(Assignment)
    notices, classrooms, users = table(AssignmentNotice), table(Classroom), table(User)
    in_progress = PracticeSession.Status.IN_PROGRESS.value
    active = Assignment.Status.ACTIVE.value
    text = (
        "CAST(c.id AS TEXT) || '/' || c.name || '/' || c.timezone || '/' || "
        "COALESCE(u.username, '') || '/' || COALESCE(u.first_name, '') || '/' || "
        "COALESCE(u.last_name, '')"
    )
    agg = f"string_agg({text}, '|')" if vendor == "postgresql" else f"group_concat({text}, '|')"
    my_classes = f"SELECT m.classroom_id FROM {members} m WHERE m.user_id = %(me)s"
    # One scalar subquery per fingerprint ("count:max" as text): few subqueries to plan
    # (prepared on PostgreSQL, core/prepared.py).
    return f"""SELECT
        (SELECT count(*) || ':' || coalesce(max(s.id), 0) FROM {sessions} s
          WHERE s.learner_id = %(me)s AND s.status = '{in_progress}'),
        (SELECT {agg} FROM {members} m JOIN {classrooms} c ON c.id = m.classroom_id
          LEFT JOIN {teachers} t ON t.classroom_id = c.id LEFT JOIN {users} u ON u.id = t.user_id
          WHERE m.user_id = %(me)s),
        (SELECT count(*) || ':' || coalesce(CAST(max(a.updated_at) AS TEXT), '')
          FROM {assignments} a WHERE a.classroom_id IN ({my_classes})),
        (SELECT min(a.opens_at) FROM {assignments} a WHERE a.classroom_id IN ({my_classes})
          AND a.status = '{active}' AND a.opens_at > %(now)s),
        (SELECT count(*) || ':' || coalesce(sum(g.classgroup_id), 0) FROM {group_members} g
          WHERE g.user_id = %(me)s),
        (SELECT count(*) || ':' || coalesce(max(n.id), 0) FROM {notices} n
          WHERE n.learner_id = %(me)s AND n.seen_at IS NULL)
        {"".join(", " + columns() for columns in _REGISTERED)}
    """


def dashboard_versions(*, learner_id: int, now: datetime) -> tuple[tuple, datetime | None]:
    """The fingerprint (a tuple to hash into the key) and the next moment an assignment of
    the learner's classes opens (None: none is waiting)."""
    db = connections[router.db_for_read(PracticeSession)]
    with prepared.cursor(db) as cursor:
        cursor.execute(
            _statement(db.vendor),
            {"me": learner_id, "now": db.ops.adapt_datetimefield_value(now)},
        )
        row = cursor.fetchone()
    return tuple(row), _as_datetime(row[3])


def _as_datetime(value) -> datetime | None:
    """A datetime column read by hand: PostgreSQL gives an aware datetime, SQLite the text
    Django stored (UTC)."""
    if value is None or isinstance(value, datetime):
        return value
    parsed = parse_datetime(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
