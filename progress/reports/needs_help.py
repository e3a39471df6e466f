"""Who in a class needs help, and why: concrete reasons a teacher can act on (a fixed number
of queries whatever the class size)."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.localtime import local_date
from accounts.models import Classroom, User
from progress.mastery.selectors import review_needed_q
from progress.models import ConceptMastery, Dimension, Metric, ProgressMetric, ProgressSnapshot
from progress.reports.class_grid import class_students, percent

# Needs-help thresholds.
WRONG_IN_A_ROW = 3
INACTIVE_DAYS = 7
DROP_WINDOW_DAYS = 7
MASTERY_DROP_MIN = 0.05  # five percentage points: smaller moves are noise
REVIEW_BACKLOG_MIN = 3


# How worried a teacher should be, per reason (higher first); the board ranks students by
# their worst reason, then by how many reasons they have.
SEVERITY = {"wrong_streak": 3, "mastery_drop": 3, "inactive": 2, "review_backlog": 1}
LONG_INACTIVE_DAYS = 14


@dataclass(frozen=True)
class HelpReason:
    code: str  # wrong_streak | mastery_drop | inactive | review_backlog | not_started
    text: str
    next_step: str = ""  # what the teacher could do about it
    concept_id: int | None = None  # the concept the reason names (one-click practice on it)

    @property
    def severity(self) -> int:
        return SEVERITY.get(self.code, 0)


@dataclass(frozen=True)
class StudentNeedingHelp:
    student: User
    reasons: tuple[HelpReason, ...]

    @property
    def severity(self) -> int:
        return max((r.severity for r in self.reasons), default=0)

    @property
    def next_step(self) -> str:
        """The step for the most worrying reason."""
        worst = max(self.reasons, key=lambda r: r.severity, default=None)
        return worst.next_step if worst else ""

    def reason(self, code: str) -> HelpReason | None:
        return next((r for r in self.reasons if r.code == code), None)

    @property
    def inactive_reason(self) -> HelpReason | None:
        return self.reason("inactive")

    @property
    def backlog_reason(self) -> HelpReason | None:
        return self.reason("review_backlog")


@dataclass(frozen=True)
class HelpBoard:
    """The dashboard's "Needs help" card, most worrying first: students stuck or slipping
    (with a next step), then those who stopped practising, then review backlogs, then who
    never started, each listed apart so the quiet ones do not crowd out real struggles."""

    ranked: list[StudentNeedingHelp]
    inactive: list[StudentNeedingHelp]
    backlog: list[StudentNeedingHelp]
    not_started: list[User]


def help_board(items: list[StudentNeedingHelp]) -> HelpBoard:
    ranked, inactive, backlog, not_started = [], [], [], []
    for h in items:  # already most worrying first, name order within
        codes = {r.code for r in h.reasons}
        if codes & {"wrong_streak", "mastery_drop"}:
            ranked.append(h)
        elif "inactive" in codes:
            inactive.append(h)
        elif "not_started" in codes:
            not_started.append(h.student)
        else:
            backlog.append(h)
    return HelpBoard(ranked=ranked, inactive=inactive, backlog=backlog, not_started=not_started)


def _wrong_streaks(classroom: Classroom) -> dict[int, list[tuple[int, str]]]:
    """Concepts whose last WRONG_IN_A_ROW answers were all wrong, per student (1 query).

    The answer path keeps ``ConceptMastery.wrong_streak`` current, so this reads one row
    per struggling (student, concept) instead of scanning attempts.
    """
    rows = (
        ConceptMastery.objects.filter(
            learner__in=classroom.students.all(), wrong_streak__gte=WRONG_IN_A_ROW
        )
        .order_by("learner_id", "concept_id")
        .values_list("learner_id", "concept_id", "concept__name")
    )
    out: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for learner_id, concept_id, name in rows:
        out[learner_id].append((concept_id, name))
    return out


def _mastery_drops(
    classroom: Classroom, students: list[User], now: datetime
) -> dict[int, tuple[float, float]]:
    """(a week ago, now) overall mastery for students whose mastery fell this week.

    "A week ago" is the end-of-day snapshot of the learner's last active day on or before
    their local date seven days back (2 queries: current values, baseline snapshots).
    """
    cutoffs = {
        s.pk: local_date(now, s.timezone_name) - timedelta(days=DROP_WINDOW_DAYS) for s in students
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
            date__lte=max(cutoffs.values(), default=local_date(now, None)),
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
        ConceptMastery.objects.filter(
            review_needed_q(now=now), learner__in=classroom.students.all()
        )
        .values("learner_id")
        .annotate(due=Count("pk"))
        .filter(due__gte=REVIEW_BACKLOG_MIN)
        .values_list("learner_id", "due")
    )


def class_needs_help(*, classroom: Classroom, now: datetime) -> list[StudentNeedingHelp]:
    """Students who look stuck, with the reasons, most worrying first (5 queries).

    Queries: students with stats and timezone, latest attempts per concept, current
    overall mastery, baseline snapshots, review backlog counts.
    """
    students = list(class_students(classroom))
    streaks = _wrong_streaks(classroom)
    drops = _mastery_drops(classroom, students, now)
    backlogs = _review_backlogs(classroom, now)
    result = []
    for s in students:
        reasons = [
            HelpReason(
                "wrong_streak",
                _("%(n)d or more wrong in a row on %(name)s") % {"n": WRONG_IN_A_ROW, "name": name},
                _(
                    "Go through %(name)s with them: their answers below show the mistake they "
                    "repeat."
                )
                % {"name": name},
                cid,
            )
            for cid, name in streaks.get(s.pk, [])
        ]
        if s.pk in drops:
            before, after = drops[s.pk]
            reasons.append(
                HelpReason(
                    "mastery_drop",
                    _("Overall mastery fell from %(before)s%% to %(after)s%% this week")
                    % {"before": percent(before), "after": percent(after)},
                    _(
                        "Ask them to run a review session: the concepts marked for review fell "
                        "most."
                    ),
                )
            )
        if s.last_active_at is None:
            reasons.append(
                HelpReason(
                    "not_started",
                    _("Has not practised yet"),
                    _("Suggest a first concept from the dashboard's recommendation."),
                )
            )
        elif now - s.last_active_at >= timedelta(days=INACTIVE_DAYS):
            days = (now - s.last_active_at).days
            reasons.append(
                HelpReason(
                    "inactive",
                    ngettext("No practice for %(n)d day", "No practice for %(n)d days", days)
                    % {"n": days},
                    _(
                        "Check in with them: after two weeks away, a short review session is "
                        "the way back."
                    )
                    if days >= LONG_INACTIVE_DAYS
                    else _("Check in with them."),
                )
            )
        if s.pk in backlogs:
            due = backlogs[s.pk]
            reasons.append(
                HelpReason(
                    "review_backlog",
                    ngettext("%(n)d concept due for review", "%(n)d concepts due for review", due)
                    % {"n": due},
                    _("Suggest a review session (Start review on their dashboard)."),
                )
            )
        if reasons:
            result.append(StudentNeedingHelp(student=s, reasons=tuple(reasons)))
    # Most worrying first; ties stay in name order (the sort is stable).
    result.sort(key=lambda h: (-h.severity, -len(h.reasons)))
    return result


def student_needs_help(
    *, classroom: Classroom | None, student: User, now: datetime
) -> StudentNeedingHelp | None:
    """The reasons one student of ``classroom`` needs help (the class's, filtered: the same
    words as on the class dashboard, in the same fixed number of queries)."""
    if classroom is None:
        return None
    return next(
        (h for h in class_needs_help(classroom=classroom, now=now) if h.student.pk == student.pk),
        None,
    )
