"""Reads for the teacher's class reports: the mastery grid, who needs help, item analysis.

Each selector runs a fixed number of queries whatever the class size (asserted in
``tests/progress/test_reports.py`` at two class sizes). Mastery numbers come from the
stored estimates through ``rollups.curriculum_rollup``, like every other screen.
"""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache

from django.db.models import F, QuerySet
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from accounts.models import Classroom, User
from learning.models import Concept, Topic
from learning.selectors import practicable_concepts
from progress.mastery import rollups
from progress.mastery.selectors import concept_refs
from progress.mastery.status import (
    STATUS_IN_PROGRESS,
    STATUS_MASTERED,
    STATUS_NOT_STARTED,
    STATUS_REVIEW_NEEDED,
)
from progress.models import (
    ConceptMastery,
)
from progress.reports.filters import ClassGridFilter

STATUS_SYMBOLS = {
    STATUS_MASTERED: "✔",
    STATUS_IN_PROGRESS: "◐",
    STATUS_REVIEW_NEEDED: "↻",
    STATUS_NOT_STARTED: "○",
}
STATUS_LABELS = dict(ConceptMastery.Status.choices)


def percent(p: float | None) -> int | None:
    """The one rounding every report uses, so the page and the CSV agree."""
    return None if p is None else round(100 * p)


def class_students(classroom: Classroom) -> QuerySet[User]:
    return classroom.students.annotate(
        last_active_at=F("stats__last_activity_at"),
        last_active_date=F("stats__last_active_date"),
        timezone_name=F("profile__timezone"),
    ).order_by("last_name", "first_name", "username")


# The grid ----------------------------------------------------------------------------


@dataclass(frozen=True)
class GridCell:
    concept: Concept
    status: str
    p_known: float | None

    @property
    def symbol(self) -> str:
        return STATUS_SYMBOLS[self.status]

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def percent(self) -> int | None:
        return percent(self.p_known)


@cache
def _cell_html(status: str, percent_known: int | None) -> str:
    """One grid cell; the inputs come from a small fixed set, so each is built once."""
    return format_html(
        '<td class="grid-cell status-{}"><span aria-hidden="true">{}</span> {} '
        '<span class="cell-label">{}</span></td>',
        status,
        STATUS_SYMBOLS[status],
        "—" if percent_known is None else f"{percent_known}%",
        STATUS_LABELS[status],
    )


@dataclass(frozen=True)
class GridRow:
    student: User
    cells: tuple[GridCell, ...]
    overall: float | None  # whole curriculum, as on the student's own dashboard
    scope_mastery: float | None  # the filtered subject/topic (equals overall unfiltered)
    last_active_at: datetime | None

    @property
    def overall_percent(self) -> int | None:
        return percent(self.overall)

    @property
    def scope_percent(self) -> int | None:
        return percent(self.scope_mastery)

    @property
    def mastered(self) -> int:
        return sum(c.status == STATUS_MASTERED for c in self.cells)

    @property
    def cells_html(self) -> SafeString:
        """The row's cells, rendered here rather than by the template engine: a class of
        40 over 200 concepts is 8,000 cells, and a template loop per cell dominated the
        page's time. Each cell is escaped by format_html; symbol and text, never colour alone."""
        return mark_safe("".join(_cell_html(c.status, c.percent) for c in self.cells))  # noqa: S308


@dataclass(frozen=True)
class TopicGroup:
    topic: Topic
    span: int


@dataclass(frozen=True)
class Grid:
    classroom: Classroom
    concepts: list[Concept]
    topic_groups: list[TopicGroup]
    rows: list[GridRow]
    filterset: ClassGridFilter
    scope_label: str | None  # "Fractions" when filtered, None for the whole curriculum
    sort: str


def _name_key(row: GridRow) -> tuple[str, str, str]:
    s = row.student
    return (s.last_name.lower(), s.first_name.lower(), s.username.lower())


def _sort_rows(rows: list[GridRow], sort: str) -> list[GridRow]:
    """Sort by name, mastery in scope or last activity; ties stay in name order (sorts
    are stable, also in reverse). Never active counts as the longest ago."""
    field, descending = sort.lstrip("-"), sort.startswith("-")
    rows = sorted(rows, key=_name_key)
    if field == "name":
        return sorted(rows, key=_name_key, reverse=descending)
    if field == "mastery":
        return sorted(rows, key=lambda r: r.scope_mastery or 0.0, reverse=descending)
    return sorted(
        rows,
        key=lambda r: r.last_active_at.timestamp() if r.last_active_at else float("-inf"),
        reverse=descending,
    )


def _topic_groups(concepts: list[Concept]) -> list[TopicGroup]:
    groups: list[TopicGroup] = []
    for concept in concepts:
        if groups and groups[-1].topic.pk == concept.topic_id:
            groups[-1] = TopicGroup(topic=groups[-1].topic, span=groups[-1].span + 1)
        else:
            groups.append(TopicGroup(topic=concept.topic, span=1))
    return groups


def _scope_label(filterset: ClassGridFilter) -> str | None:
    if not (filterset.is_bound and filterset.form.is_valid()):
        return None
    data = filterset.form.cleaned_data
    chosen = data.get("topic") or data.get("subject")
    return str(chosen) if chosen else None


def class_mastery_grid(*, classroom: Classroom, filters: Mapping | None) -> Grid:
    """Students x concepts with mastery status, overall mastery and last activity.

    Queries: the filtered concepts (columns), the whole curriculum (for overall mastery),
    the class's students with stats, their mastery rows. Binding a subject or topic filter
    adds one lookup each to validate it.
    """
    filterset = ClassGridFilter(filters or None, queryset=practicable_concepts())
    concepts = list(filterset.qs)
    refs = concept_refs()
    students = list(class_students(classroom))
    estimates: dict[int, dict[int, float]] = defaultdict(dict)
    statuses: dict[int, dict[int, str]] = defaultdict(dict)
    for learner_id, concept_id, p_known, status in ConceptMastery.objects.filter(
        learner__in=classroom.students.all()
    ).values_list("learner_id", "concept_id", "p_known", "status"):
        estimates[learner_id][concept_id] = p_known
        statuses[learner_id][concept_id] = status

    scope_refs = [
        rollups.ConceptRef(
            concept_id=c.pk,
            topic_id=c.topic_id,
            subject_id=c.topic.subject_id,
            topic_weightage=c.topic.exam_weightage,
        )
        for c in concepts
    ]
    rows = []
    for student in students:
        mine = estimates.get(student.pk, {})
        cells = tuple(
            GridCell(
                concept=c,
                status=statuses[student.pk].get(c.pk, STATUS_NOT_STARTED),
                p_known=mine.get(c.pk),
            )
            for c in concepts
        )
        rows.append(
            GridRow(
                student=student,
                cells=cells,
                overall=rollups.curriculum_rollup(refs, mine).overall,
                scope_mastery=rollups.curriculum_rollup(scope_refs, mine).overall,
                last_active_at=student.last_active_at,
            )
        )
    sort = filterset.sort_key
    return Grid(
        classroom=classroom,
        concepts=concepts,
        topic_groups=_topic_groups(concepts),
        rows=_sort_rows(rows, sort),
        filterset=filterset,
        scope_label=_scope_label(filterset),
        sort=sort,
    )


def _blank(value: int | None) -> int | str:
    return "" if value is None else value


ExtraColumns = tuple[list[str], Mapping[int, list[object]], list[object]]


def grid_csv_rows(*, grid: Grid, extra: ExtraColumns | None = None) -> list[list[object]]:
    """The grid as spreadsheet rows: the very numbers the page shows (same rounding).
    ``extra`` adds columns after the grid's (header, cells per student id, cells for a
    student without them): the class's assignments (``assignments.exports``)."""
    header = [
        "Student",
        "Username",
        "Overall mastery %",
        f"Mastery in {grid.scope_label or 'all subjects'} %",
        "Concepts mastered",
        "Last active (UTC)",
    ]
    for c in grid.concepts:
        header += [f"{c.topic.name} › {c.name} %", f"{c.topic.name} › {c.name} status"]
    extra_header, extra_cells, extra_blank = extra or ([], {}, [])
    lines: list[list[object]] = [header + extra_header]
    for row in grid.rows:
        line: list[object] = [
            row.student.display_name,
            row.student.username,
            _blank(row.overall_percent),
            _blank(row.scope_percent),
            row.mastered,
            row.last_active_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M")
            if row.last_active_at
            else "",
        ]
        for cell in row.cells:
            line += [_blank(cell.percent), cell.label]
        lines.append(line + extra_cells.get(row.student.pk, extra_blank))
    return lines
