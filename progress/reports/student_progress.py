"""Reads for the progress pages (the student's own and a teacher's view of one student).

``student_progress`` runs a fixed number of queries whatever the amount of history: the
charts read the pre-aggregated tables kept current by ``attempt_record``
(``ProgressSnapshot``, ``ProgressMetric``, ``DailyActivity``, ``LearnerStats``), never the
attempts. ``student_attempts`` is the one selector behind both the attempts table and its
CSV export, so the two always show the same rows and numbers.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils.translation import gettext

from accounts.access import classrooms_for_teacher
from accounts.localtime import zone_of
from accounts.models import Classroom, User
from learning.models import Concept, Subject
from learning.selectors import practicable_concepts
from progress.mastery import rollups
from progress.mastery.selectors import learner_estimates, status_now
from progress.mastery.status import (
    MASTERED_THRESHOLD,
    STATUS_IN_PROGRESS,
    STATUS_MASTERED,
    STATUS_NOT_STARTED,
    STATUS_REVIEW_NEEDED,
    status_counts,
)
from progress.models import (
    ConceptMastery,
    DailyActivity,
    Dimension,
    LearnerStats,
    Metric,
    ProgressMetric,
    ProgressSnapshot,
)
from progress.reports import charts

WEEKS = 12  # calendar, trends and the mastery chart all cover the last twelve weeks
MIN_EVIDENCE = 3  # attempts on a concept before it can be called a strength or weakness
TOP_N = 3
STRENGTH_FLOOR = 0.5  # a strength is more likely known than not


@dataclass(frozen=True)
class ConceptInsight:
    concept: Concept
    row: ConceptMastery | None

    @property
    def accuracy(self) -> float | None:
        if self.row is None or not self.row.attempts:
            return None
        return self.row.correct / self.row.attempts


@dataclass(frozen=True)
class SubjectConcepts:
    subject: Subject
    mastery: float | None
    concepts: list[ConceptInsight]


def strengths_and_weaknesses(
    rows: list[ConceptMastery],
    *,
    min_attempts: int = MIN_EVIDENCE,
    top_n: int = TOP_N,
    statuses: dict[int, str] | None = None,
) -> tuple[list[ConceptMastery], list[ConceptMastery]]:
    """Best and worst concepts among those with enough evidence; never the same concept twice.

    Ranked by stored mastery estimate, then accuracy, then name. A strength is more likely
    known than not (estimate >= 50%); a weakness is not mastered (a mastered concept is never
    "to work on", even when it is the learner's lowest).
    """
    eligible = [r for r in rows if r.attempts >= min_attempts]
    ranked = sorted(
        eligible,
        key=lambda r: (-r.p_known, -(r.correct / r.attempts), r.concept.name, r.concept_id),
    )
    strengths = [r for r in ranked if r.p_known >= STRENGTH_FLOOR][:top_n]
    statuses = statuses or {}
    weaknesses = [
        r
        for r in reversed(ranked)
        if r not in strengths
        and statuses.get(r.concept_id, r.status) != STATUS_MASTERED
        and r.p_known < MASTERED_THRESHOLD
    ][:top_n]
    return strengths, weaknesses


def _week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


MIN_LINE_DAYS = 7  # the mastery axis spans at least a week
MIN_BAR_WEEKS = 4  # and the weekly bars at least four weeks


def chart_start(*, today: date, first_day: date, days: list[date]) -> date:
    """Where the charts' time axis starts: the learner's first day with data in the window,
    but never less than a week before ``today`` nor before ``first_day``."""
    earliest = min((d for d in days if d >= first_day), default=today)
    return max(first_day, min(earliest, today - timedelta(days=MIN_LINE_DAYS - 1)))


def minutes_label(value: float) -> str:
    """ "12 min"; under a minute (but some) reads "<1 min", not "0 min"."""
    if 0 < value < 0.5:
        return gettext("<1 min")
    return gettext("%(n)s min") % {"n": f"{value:.0f}"}


def progress_charts(
    *,
    subjects: list[SubjectConcepts],
    practised: set[int],
    snapshots: list[tuple[str, date, float]],
    daily: dict[date, DailyActivity],
    today: date,
) -> dict:
    """The progress page's charts (pure): mastery over time, the activity calendar and the
    weekly accuracy and time bars, from what ``student_progress`` read."""
    first_day = _week_start(today) - timedelta(weeks=WEEKS - 1)
    # Mastery over time: end-of-day snapshots, then today's current value.
    points: dict[str, list[tuple[date, float | None]]] = {}
    for key, day, value in snapshots:
        points.setdefault(key, []).append((day, value))
    series = []
    for sc in subjects:
        history = points.get(str(sc.subject.pk), [])
        if not history and practised.isdisjoint(i.concept.pk for i in sc.concepts):
            continue  # never practised: no line
        today_value = sc.mastery if sc.mastery is not None else 0.0
        series.append(charts.Series(label=sc.subject.name, points=[*history, (today, today_value)]))
    weeks = [first_day + timedelta(weeks=i) for i in range(WEEKS)]
    weekly: dict[date, list[float]] = {w: [0, 0, 0.0] for w in weeks}
    for d, a in daily.items():
        totals = weekly[_week_start(d)]
        totals[0] += a.attempts
        totals[1] += a.correct
        totals[2] += a.seconds
    labels = {w: f"{w.day} {w:%b}" for w in weeks}
    # The axes start where the learner's history starts (within the twelve weeks), so a
    # first day of practice is not one dot at the end of a twelve-week axis.
    since = chart_start(
        today=today, first_day=first_day, days=[*daily, *(d for _, d, _ in snapshots)]
    )
    shown = [w for w in weeks if w >= _week_start(since)]
    shown = shown if len(shown) >= MIN_BAR_WEEKS else weeks[-MIN_BAR_WEEKS:]
    return {
        "mastery_chart": charts.mastery_line_chart(
            series, start=since, end=today, chart_id="mastery-chart"
        ),
        "calendar": charts.activity_calendar(
            {d: a.attempts for d, a in daily.items()}, end=today, weeks=WEEKS
        ),
        "accuracy_chart": charts.bar_chart(
            [
                charts.Bar(labels[w], weekly[w][1] / weekly[w][0] if weekly[w][0] else None)
                for w in shown
            ],
            title=gettext("Accuracy by week"),
            value_label=gettext("Accuracy"),
            fmt=lambda v: f"{round(100 * v)}%",
            y_max=1.0,
            chart_id="accuracy-chart",
        ),
        "time_chart": charts.bar_chart(
            [charts.Bar(labels[w], weekly[w][2] / 60 if weekly[w][0] else None) for w in shown],
            title=gettext("Practice time by week"),
            value_label=gettext("Minutes"),
            fmt=minutes_label,
            chart_id="time-chart",
        ),
        "active_weeks": sum(1 for w in weeks if weekly[w][0]),
    }


def student_progress(*, learner: User, now: datetime) -> dict:
    """Everything the progress page shows for ``learner``, in a fixed number of queries.

    Queries: [profile, unless already loaded], published concepts with topic and subject,
    the learner's mastery rows, subject mastery snapshots in the window, current overall
    and subject mastery metrics, daily activity in the window, stats.
    """
    tz = zone_of(learner)
    today = now.astimezone(tz).date()
    first_day = _week_start(today) - timedelta(weeks=WEEKS - 1)

    concepts = list(practicable_concepts())
    rows = list(ConceptMastery.objects.filter(learner=learner).select_related("concept"))
    by_concept = {r.concept_id: r for r in rows}
    snapshots = list(
        ProgressSnapshot.objects.filter(
            learner=learner,
            dimension=Dimension.SUBJECT,
            metric=Metric.MASTERY,
            date__gte=first_day,
            date__lt=today,
        )
        .order_by("date")
        .values_list("key", "date", "value")
    )
    metrics = {
        (m.dimension, m.key): m
        for m in ProgressMetric.objects.filter(
            learner=learner,
            metric=Metric.MASTERY,
            dimension__in=[Dimension.OVERALL, Dimension.SUBJECT],
        )
    }
    daily = {
        d.date: d
        for d in DailyActivity.objects.filter(learner=learner, date__gte=first_day, date__lte=today)
    }
    stats = LearnerStats.objects.filter(learner=learner).first()

    # Subjects and their concepts, with the one roll-up every screen uses (stored estimates).
    refs = [
        rollups.ConceptRef(
            concept_id=c.pk,
            topic_id=c.topic_id,
            subject_id=c.topic.subject_id,
            topic_weightage=c.topic.exam_weightage,
        )
        for c in concepts
    ]
    rollup = rollups.curriculum_rollup(refs, learner_estimates(rows=rows))
    subjects: dict[int, SubjectConcepts] = {}
    for c in concepts:
        subject = c.topic.subject
        if subject.pk not in subjects:
            current = metrics.get((Dimension.SUBJECT, str(subject.pk)))
            subjects[subject.pk] = SubjectConcepts(
                subject=subject,
                mastery=current.value if current else rollup.by_subject.get(subject.pk),
                concepts=[],
            )
        subjects[subject.pk].concepts.append(ConceptInsight(concept=c, row=by_concept.get(c.pk)))

    chart_context = progress_charts(
        subjects=list(subjects.values()),
        practised=set(by_concept),
        snapshots=snapshots,
        daily=daily,
        today=today,
    )

    # Habits and pace.
    overall = metrics.get((Dimension.OVERALL, ""))
    attempts_total = stats.total_attempts if stats else 0
    active_weeks = chart_context["active_weeks"]
    window_start = datetime.combine(first_day, time.min, tzinfo=tz)
    # One status per concept from the one status function: the counts, the pills and the
    # pace all read it, so "0 mastered" never stands beside a pace of mastered concepts.
    statuses = {r.concept_id: status_now(r, now=now) for r in rows}
    mastered_in_window = sum(
        1
        for r in rows
        if r.mastered_at is not None
        and r.mastered_at >= window_start
        and statuses[r.concept_id] == STATUS_MASTERED
    )
    strengths, weaknesses = strengths_and_weaknesses(rows, statuses=statuses)
    counts = status_counts(
        [status_now(item.row, now=now) for sc in subjects.values() for item in sc.concepts]
    )
    return chart_context | {
        "learner": learner,
        "today": today,
        "weeks": WEEKS,
        "stats": stats,
        "overall": overall.value if overall else rollup.overall,
        "subjects": list(subjects.values()),
        "status_counts": counts,
        "strengths": strengths,
        "weaknesses": weaknesses,
        "min_evidence": MIN_EVIDENCE,
        "accuracy": stats.accuracy if stats else None,
        "seconds_per_question": stats.seconds_total / attempts_total if attempts_total else None,
        "hints_per_question": stats.hints_total / attempts_total if attempts_total else None,
        "active_weeks": active_weeks,
        "mastered_in_window": mastered_in_window,
        "pace": mastered_in_window / active_weeks if active_weeks else None,
    }


STATUS_ORDER = (STATUS_REVIEW_NEEDED, STATUS_IN_PROGRESS, STATUS_MASTERED, STATUS_NOT_STARTED)


@dataclass(frozen=True)
class StatusGroup:
    status: str
    label: str
    items: list[ConceptInsight]


def concepts_by_status(subjects: list[SubjectConcepts]) -> list[StatusGroup]:
    """The student's concepts grouped by status, the ones to act on first; within a group,
    the lowest estimate first (pure: from what ``student_progress`` read)."""
    labels = dict(ConceptMastery.Status.choices)
    groups: dict[str, list[ConceptInsight]] = {s: [] for s in STATUS_ORDER}
    for sc in subjects:
        for item in sc.concepts:
            groups[item.row.status if item.row else STATUS_NOT_STARTED].append(item)
    for status, items in groups.items():
        if status != STATUS_NOT_STARTED:
            items.sort(key=lambda i: i.row.p_known)
    return [StatusGroup(status=s, label=labels[s], items=groups[s]) for s in STATUS_ORDER]


def student_classroom(*, teacher: User, student: User) -> Classroom | None:
    """The first of the teacher's classes the student is in (the page's way back)."""
    theirs = Classroom.objects.filter(students=student).values("pk")
    return (
        classrooms_for_teacher(teacher=teacher).filter(pk__in=theirs).order_by("name", "pk").first()
    )
