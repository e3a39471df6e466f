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
from itertools import groupby
from typing import NamedTuple

from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.timesince import timesince
from django.utils.translation import gettext

from accounts.models import Classroom, User
from learning.models import Concept, Topic
from learning.selectors import practicable_concepts
from progress.mastery import rollups
from progress.mastery.selectors import concept_refs
from progress.mastery.status import (
    LABELS,
    STATUS_IN_PROGRESS,
    STATUS_MASTERED,
    STATUS_NOT_STARTED,
    status_at,
)
from progress.models import (
    ConceptMastery,
)
from progress.reports.filters import ClassGridFilter

# The one vocabulary (progress.mastery.status): the grid, its CSV and every page agree.
STATUS_LABELS = LABELS


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


class GridCell(NamedTuple):
    """One student's cell for one concept (a tuple: a class of 500 over 200 concepts
    builds 100,000 of them, and a frozen dataclass's __init__ cost a second)."""

    concept: Concept
    status: str
    p_known: float | None

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def percent(self) -> int | None:
        return percent(self.p_known)


LOW_BAND = 40  # an "in progress" estimate under this shows in the most worrying colour


@cache
def _cell_html(status: str, percent_known: int | None, topic_id: int, first: bool) -> str:
    """One heat-map cell: colour (by how worried a teacher should be), a symbol drawn by
    CSS and the percentage, with the status in words for screen readers. The inputs come
    from a small fixed set, so each distinct cell is built once."""
    low = status == STATUS_IN_PROGRESS and percent_known is not None and percent_known < LOW_BAND
    return format_html(
        '<td class="hm hm-{}{}{}" data-topic="{}" title="{}">{}'
        '<span class="visually-hidden">{}</span></td>',
        status,
        " hm-low" if low else "",
        " topic-start" if first else "",
        topic_id,
        STATUS_LABELS[status],
        "–" if percent_known is None else f"{percent_known}",
        f" {STATUS_LABELS[status]}" if percent_known is None else f"% {STATUS_LABELS[status]}",
    )


@cache
def _summary_html(topic_id: int, mastered: int, total: int) -> str:
    """The cell a folded topic shows instead of its concepts: how many are mastered."""
    return format_html(
        '<td class="topic-summary topic-start" data-topic-summary="{}" hidden>{}/{}'
        '<span class="visually-hidden"> mastered</span></td>',
        topic_id,
        mastered,
        total,
    )


@dataclass(frozen=True)
class GridRow:
    student: User
    cells: tuple[GridCell, ...]
    overall: float | None  # whole curriculum, as on the student's own dashboard
    scope_mastery: float | None  # the filtered subject/topic (equals overall unfiltered)
    last_active_at: datetime | None
    # (topic id, first cell, end) per topic run: the same tuple for every row of a grid
    layout: tuple[tuple[int, int, int], ...] = ()

    @property
    def last_active_ago(self) -> str:
        """ "3 days", not "3 days, 4 hours": the grid's column stays narrow."""
        return timesince(self.last_active_at, depth=1) if self.last_active_at else ""

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
        parts = []
        cells = self.cells
        for topic, lo, hi in self.layout:
            run = cells[lo:hi]
            mastered = sum(1 for c in run if c.status == STATUS_MASTERED)
            parts.append(_summary_html(topic, mastered, hi - lo))
            first = run[0]
            parts.append(_cell_html(first.status, percent(first.p_known), topic, True))
            parts += [_cell_html(c.status, percent(c.p_known), topic, False) for c in run[1:]]
        return mark_safe("".join(parts))  # noqa: S308


@dataclass(frozen=True)
class TopicGroup:
    topic: Topic
    concepts: tuple[Concept, ...]

    @property
    def span(self) -> int:
        return len(self.concepts)


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


def _layout(concepts: list[Concept]) -> tuple[tuple[int, int, int], ...]:
    """Where each topic's run of columns starts and ends (computed once per grid)."""
    runs, start = [], 0
    for topic_id, members in groupby(concepts, key=lambda c: c.topic_id):
        size = sum(1 for _ in members)
        runs.append((topic_id, start, start + size))
        start += size
    return tuple(runs)


def _topic_groups(concepts: list[Concept]) -> list[TopicGroup]:
    return [
        TopicGroup(topic=members[0].topic, concepts=tuple(members))
        for members in (list(g) for _, g in groupby(concepts, key=lambda c: c.topic_id))
    ]


def _scope_label(filterset: ClassGridFilter) -> str | None:
    if not (filterset.is_bound and filterset.form.is_valid()):
        return None
    data = filterset.form.cleaned_data
    chosen = data.get("topic") or data.get("subject")
    return str(chosen) if chosen else None


def class_mastery_grid(
    *, classroom: Classroom, filters: Mapping | None, now: datetime | None = None
) -> Grid:
    """Students x concepts with mastery status (at ``now``), overall mastery and last activity.

    Queries: the filtered concepts (columns), the whole curriculum (for overall mastery),
    the class's students with stats, their mastery rows. Binding a subject or topic filter
    adds one lookup each to validate it.
    """
    now = now or timezone.now()
    filterset = ClassGridFilter(filters or None, queryset=practicable_concepts())
    concepts = list(filterset.qs)
    refs = concept_refs()
    students = list(class_students(classroom))
    estimates: dict[int, dict[int, float]] = defaultdict(dict)
    statuses: dict[int, dict[int, str]] = defaultdict(dict)
    for learner_id, concept_id, p_known, stored, was_mastered, due in ConceptMastery.objects.filter(
        learner__in=classroom.students.all()
    ).values_list("learner_id", "concept_id", "p_known", "status", "was_mastered", "review_due_at"):
        estimates[learner_id][concept_id] = p_known
        statuses[learner_id][concept_id] = status_at(
            stored=stored, was_mastered=was_mastered, review_due_at=due, now=now
        )

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
    columns = [(c, c.pk) for c in concepts]  # model .pk is a property: read it once
    layout = _layout(concepts)
    for student in students:
        mine = estimates.get(student.pk, {})
        theirs = statuses[student.pk]
        cells = tuple(
            GridCell(concept=c, status=theirs.get(pk, STATUS_NOT_STARTED), p_known=mine.get(pk))
            for c, pk in columns
        )
        rows.append(
            GridRow(
                student=student,
                cells=cells,
                overall=rollups.curriculum_rollup(refs, mine).overall,
                scope_mastery=rollups.curriculum_rollup(scope_refs, mine).overall,
                last_active_at=student.last_active_at,
                layout=layout,
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
        gettext("Student"),
        gettext("Username"),
        gettext("Overall mastery %"),
        gettext("Mastery in %(scope)s %%") % {"scope": grid.scope_label or gettext("all subjects")},
        gettext("Concepts mastered"),
        gettext("Last active (UTC)"),
    ]
    for c in grid.concepts:
        header += [
            f"{c.topic.name} › {c.name} %",
            gettext("%(topic)s › %(concept)s status") % {"topic": c.topic.name, "concept": c.name},
        ]
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
