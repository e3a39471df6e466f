"""Assignments in spreadsheets: one assignment's status per student, and the assignment
columns of the class's mastery CSV (the same words and numbers the pages show)."""

from collections.abc import Sequence

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from progress.assignments.teacher_selectors import Overview, StatusTable

STATUS_HEADER = [
    _("Student"),
    _("Username"),
    _("Groups"),
    _("Status"),
    _("Progress %"),
    _("Score %"),
    _("Progress"),
    _("Finished (class time)"),
]


def status_csv_rows(*, table: StatusTable) -> list[list[object]]:
    lines: list[list[object]] = [STATUS_HEADER]
    for row in table.rows:
        lines.append(
            [
                row.student.display_name,
                row.student.username,
                "; ".join(row.groups),
                row.work.status_label,
                row.work.progress_percent,
                "" if row.work.score_percent is None else row.work.score_percent,
                row.work.summary,
                row.done_label,
            ]
        )
    return lines


def class_csv_columns(
    overviews: Sequence[Overview],
) -> tuple[list[str], dict[int, list[object]], list[object]]:
    """Two columns per assignment (status, progress %): the header, each student's cells,
    and the cells of a student it was not set for (empty)."""
    header: list[str] = []
    for o in overviews:
        name = gettext("Assignment: %(title)s (due %(due)s)") % {
            "title": o.assignment.title,
            "due": o.due_label,
        }
        header += [
            gettext("%(name)s status") % {"name": name},
            gettext("%(name)s progress %%") % {"name": name},
        ]
    blank: list[object] = ["", ""] * len(overviews)
    cells: dict[int, list[object]] = {}
    learner_ids = {lid for o in overviews for lid in o.works}
    for lid in learner_ids:
        line: list[object] = []
        for o in overviews:
            w = o.works.get(lid)
            line += ["", ""] if w is None else [w.status_label, w.progress_percent]
        cells[lid] = line
    return header, cells, blank
