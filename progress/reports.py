"""Reads for the teacher's class reports: the mastery grid, who needs help, item analysis.

Each selector runs a fixed number of queries whatever the class size (asserted in
``tests/progress/test_reports.py`` at two class sizes). Mastery numbers come from the
stored estimates through ``rollups.curriculum_rollup``, like every other screen.
"""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Exists, F, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from accounts.models import Classroom, User
from learning.models import Concept, Question, Topic
from progress import item_analysis as analysis
from progress import mastery, rollups, selectors
from progress.models import (
    Attempt,
    ConceptMastery,
    Dimension,
    Metric,
    ProgressMetric,
    ProgressSnapshot,
)
from progress.report_filters import ClassGridFilter

STATUS_SYMBOLS = {
    mastery.STATUS_MASTERED: "✔",
    mastery.STATUS_IN_PROGRESS: "◐",
    mastery.STATUS_REVIEW_NEEDED: "↻",
    mastery.STATUS_NOT_STARTED: "○",
}
STATUS_LABELS = dict(ConceptMastery.Status.choices)

# Needs-help thresholds.
WRONG_IN_A_ROW = 3
INACTIVE_DAYS = 7
DROP_WINDOW_DAYS = 7
MASTERY_DROP_MIN = 0.05  # five percentage points: smaller moves are noise
REVIEW_BACKLOG_MIN = 3


def percent(p: float | None) -> int | None:
    """The one rounding every report uses, so the page and the CSV agree."""
    return None if p is None else round(100 * p)


def _class_students(classroom: Classroom) -> QuerySet[User]:
    return classroom.students.annotate(
        last_active_at=F("stats__last_activity_at"),
        last_active_date=F("stats__last_active_date"),
        timezone_name=F("profile__timezone"),
    ).order_by("last_name", "first_name", "username")


def _concepts_in_curriculum() -> QuerySet[Concept]:
    return (
        Concept.objects.filter(questions__status=Question.Status.PUBLISHED)
        .distinct()
        .select_related("topic__subject")
        .order_by("topic__subject__order", "topic__order", "order", "pk")
    )


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
        return sum(c.status == mastery.STATUS_MASTERED for c in self.cells)

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
    filterset = ClassGridFilter(filters or None, queryset=_concepts_in_curriculum())
    concepts = list(filterset.qs)
    refs = selectors.concept_refs()
    students = list(_class_students(classroom))
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
                status=statuses[student.pk].get(c.pk, mastery.STATUS_NOT_STARTED),
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


def _spreadsheet_safe(value: object) -> object:
    """Neutralise text a spreadsheet would run as a formula (names are typed by users)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _blank(value: int | None) -> int | str:
    return "" if value is None else value


def grid_csv_rows(*, grid: Grid) -> list[list[object]]:
    """The grid as spreadsheet rows: the very numbers the page shows (same rounding)."""
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
    lines: list[list[object]] = [header]
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
        lines.append([_spreadsheet_safe(v) for v in line])
    return lines


# Needs help ----------------------------------------------------------------------------


@dataclass(frozen=True)
class HelpReason:
    code: str  # wrong_streak | mastery_drop | inactive | review_backlog
    text: str


@dataclass(frozen=True)
class StudentNeedingHelp:
    student: User
    reasons: tuple[HelpReason, ...]


def _local_date(moment: datetime, tz_name: str | None) -> date:
    return moment.astimezone(ZoneInfo(tz_name or settings.PATHWISE_DEFAULT_LEARNER_TIMEZONE)).date()


def _wrong_streaks(classroom: Classroom) -> dict[int, list[str]]:
    """Concepts whose last WRONG_IN_A_ROW answers were all wrong, per student (1 query).

    The answer path keeps ``ConceptMastery.wrong_streak`` current, so this reads one row
    per struggling (student, concept) instead of scanning attempts.
    """
    rows = (
        ConceptMastery.objects.filter(
            learner__in=classroom.students.all(), wrong_streak__gte=WRONG_IN_A_ROW
        )
        .order_by("learner_id", "concept_id")
        .values_list("learner_id", "concept__name")
    )
    out: dict[int, list[str]] = defaultdict(list)
    for learner_id, name in rows:
        out[learner_id].append(name)
    return out


def _mastery_drops(
    classroom: Classroom, students: list[User], now: datetime
) -> dict[int, tuple[float, float]]:
    """(a week ago, now) overall mastery for students whose mastery fell this week.

    "A week ago" is the end-of-day snapshot of the learner's last active day on or before
    their local date seven days back (2 queries: current values, baseline snapshots).
    """
    cutoffs = {
        s.pk: _local_date(now, s.timezone_name) - timedelta(days=DROP_WINDOW_DAYS) for s in students
    }
    # Only students who practised since their cutoff can have dropped this week.
    active = [s.pk for s in students if s.last_active_date and s.last_active_date > cutoffs[s.pk]]
    current = dict(
        ProgressMetric.objects.filter(
            learner__in=classroom.students.all(),
            dimension=Dimension.OVERALL,
            key="",
            metric=Metric.MASTERY,
        ).values_list("learner_id", "value")
    )
    # Learners' local dates differ by at most a day, so the latest two snapshots on or
    # before the latest cutoff always include the one on or before each learner's own.
    baseline_rows = (
        ProgressSnapshot.objects.filter(
            learner__in=classroom.students.all(),
            dimension=Dimension.OVERALL,
            key="",
            metric=Metric.MASTERY,
            date__lte=max(cutoffs.values(), default=_local_date(now, None)),
        )
        .annotate(
            recency=Window(RowNumber(), partition_by=[F("learner_id")], order_by=F("date").desc())
        )
        .filter(recency__lte=2)
        .order_by("learner_id", "-date")
        .values_list("learner_id", "date", "value")
    )
    baseline: dict[int, float] = {}
    for learner_id, day, value in baseline_rows:
        if learner_id not in baseline and day <= cutoffs[learner_id]:
            baseline[learner_id] = value
    drops = {}
    for pk in active:
        if pk in baseline and pk in current and baseline[pk] - current[pk] >= MASTERY_DROP_MIN:
            drops[pk] = (baseline[pk], current[pk])
    return drops


def _review_backlogs(classroom: Classroom, now: datetime) -> dict[int, int]:
    return dict(
        ConceptMastery.objects.filter(learner__in=classroom.students.all(), review_due_at__lte=now)
        .values("learner_id")
        .annotate(due=Count("pk"))
        .filter(due__gte=REVIEW_BACKLOG_MIN)
        .values_list("learner_id", "due")
    )


def class_needs_help(*, classroom: Classroom, now: datetime) -> list[StudentNeedingHelp]:
    """Students who look stuck, with the reasons, most reasons first (5 queries).

    Queries: students with stats and timezone, latest attempts per concept, current
    overall mastery, baseline snapshots, review backlog counts.
    """
    students = list(_class_students(classroom))
    streaks = _wrong_streaks(classroom)
    drops = _mastery_drops(classroom, students, now)
    backlogs = _review_backlogs(classroom, now)
    result = []
    for s in students:
        reasons = [
            HelpReason("wrong_streak", f"{WRONG_IN_A_ROW} or more wrong in a row on {name}")
            for name in streaks.get(s.pk, [])
        ]
        if s.pk in drops:
            before, after = drops[s.pk]
            reasons.append(
                HelpReason(
                    "mastery_drop",
                    f"Overall mastery fell from {percent(before)}% to {percent(after)}% this week",
                )
            )
        if s.last_active_at is None:
            reasons.append(HelpReason("inactive", "Has not practised yet"))
        elif now - s.last_active_at >= timedelta(days=INACTIVE_DAYS):
            days = (now - s.last_active_at).days
            reasons.append(HelpReason("inactive", f"No practice for {days} days"))
        if s.pk in backlogs:
            reasons.append(
                HelpReason("review_backlog", f"{backlogs[s.pk]} concepts due for review")
            )
        if reasons:
            result.append(StudentNeedingHelp(student=s, reasons=tuple(reasons)))
    result.sort(key=lambda h: -len(h.reasons))  # stable: ties stay in name order
    return result


# Item analysis -------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemRow:
    question: Question
    stats: analysis.ItemStats

    @property
    def percent_correct(self) -> int:
        return round(100 * self.stats.share_correct)


@dataclass(frozen=True)
class ItemAnalysis:
    classroom: Classroom
    rows: list[ItemRow]
    filterset: ClassGridFilter
    students: int  # students with at least one answer in scope


def _item_info(question_id: int, snapshot: dict) -> analysis.ItemInfo:
    return analysis.ItemInfo(
        question_id=question_id,
        choices=tuple(
            analysis.ChoiceInfo(id=c["id"], text=c["text"], is_correct=c["is_correct"])
            for c in snapshot.get("choices", [])
            if snapshot.get("kind") in ("single", "multiple", "true_false")
        ),
    )


def item_analysis(
    *, teacher: User, classroom: Classroom, filters: Mapping | None = None
) -> ItemAnalysis:
    """Per question answered by the class: attempts, % correct, median time, wrong answers
    picked, discrimination index and flags (3 queries whatever the class size).

    Queries: the class's attempts in scope (a few columns each), the latest snapshot of
    each question answered (what was shown most recently: choice texts), the questions
    with their concepts. ``teacher`` must teach the class (superusers see all): checked
    inside the attempts query, so a wrong pairing yields an empty report.
    """
    filterset = ClassGridFilter(filters or None, queryset=Concept.objects.all())
    attempts = Attempt.objects.filter(
        learner__in=classroom.students.all(), concept__in=filterset.qs.values("pk")
    )
    if not teacher.is_superuser:
        attempts = attempts.filter(
            Exists(
                Classroom.teachers.through.objects.filter(
                    classroom_id=classroom.pk, user_id=teacher.pk
                )
            )
        )
    columns = (
        "learner_id",
        "question_id",
        "score",
        "is_correct",
        "time_taken_seconds",
        "response",
        "response_text",
    )
    responses = [
        analysis.Response(
            student_id=learner_id,
            question_id=question_id,
            score=score,
            is_correct=is_correct,
            seconds=seconds,
            choice_ids=tuple(response.get("choices", ())) if isinstance(response, dict) else (),
            text=text,
        )
        for learner_id, question_id, score, is_correct, seconds, response, text in (
            attempts.order_by("created_at", "pk").values_list(*columns)
        )
    ]
    question_ids = {r.question_id for r in responses}
    snapshots = (
        attempts.annotate(
            recency=Window(
                RowNumber(),
                partition_by=[F("question_id")],
                order_by=[F("created_at").desc(), F("pk").desc()],
            )
        )
        .filter(recency=1)
        .values_list("question_id", "question_snapshot")
    )
    items = {qid: _item_info(qid, snap or {}) for qid, snap in snapshots}
    questions = Question.objects.filter(pk__in=question_ids).select_related("concept__topic")
    by_id = {q.pk: q for q in questions}
    stats = analysis.analyse(responses, items)
    return ItemAnalysis(
        classroom=classroom,
        rows=[ItemRow(question=by_id[s.question_id], stats=s) for s in stats],
        filterset=filterset,
        students=len({r.student_id for r in responses}),
    )
