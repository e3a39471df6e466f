"""Reads for study plans: the planner's inputs, the plan page, the teacher's views.

Every selector runs a fixed number of queries whatever the size of the plan, the
curriculum or the class.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext as _

from accounts.localtime import local_date
from accounts.models import StudentProfile, User
from learning.models import ConceptPrerequisite, Topic, TopicPrerequisite
from learning.selectors import practicable_concepts
from progress.assignments.selectors import learner_deadlines
from progress.models import ConceptMastery, DailyActivity, LearnerGoal
from progress.plans.calendar import CalendarDay, event_uid, ics_calendar
from progress.plans.feeds import FEED_TOKEN_PREFIX, feed_token_hash
from progress.plans.models import CalendarFeed, StudyPlan, StudyPlanItem
from progress.plans.types import ConceptInput, PlanInput
from progress.reports import charts

WEEK_DAYS = 7
READINESS_POINTS = 60  # the series shows at most this many days


def profile_for(learner: User) -> StudentProfile | None:
    try:
        return learner.profile
    except ObjectDoesNotExist:
        return None


@dataclass(frozen=True)
class PlanContext:
    """What ``plan_services.plan_generate`` needs besides the pure input."""

    data: PlanInput
    goal: LearnerGoal | None
    goal_label: str
    slugs: dict[int, str]


def _goal_topic_ids(goal: LearnerGoal, topics: list[tuple[int, int | None, int]]) -> set[int]:
    """The goal's topics and all their subtopics; the whole subject when none is chosen."""
    chosen = {t.pk for t in goal.topics.all()}
    if not chosen:
        return {pk for pk, _parent, subject in topics if subject == goal.subject_id}
    children: dict[int, list[int]] = defaultdict(list)
    for pk, parent, _subject in topics:
        if parent is not None:
            children[parent].append(pk)
    result, stack = set(), list(chosen)
    while stack:
        pk = stack.pop()
        if pk not in result:
            result.add(pk)
            stack.extend(children[pk])
    return result


def plan_input_for(
    *, learner: User, now: datetime, rest_weekdays: frozenset[int] = frozenset()
) -> PlanContext:
    """The planner's input for ``learner`` (fixed queries: profile, goal, goal topics, all
    topics, published concepts with topics, concept edges, topic edges, mastery rows,
    today's activity, and the due dates of their open assignments)."""
    profile = StudentProfile.objects.filter(user=learner).first()
    tz = profile.timezone if profile else settings.PATHWISE_DEFAULT_LEARNER_TIMEZONE
    today = local_date(now, tz)
    goal = LearnerGoal.objects.filter(learner=learner).select_related("subject").first()
    topics = list(Topic.objects.values_list("pk", "parent_id", "subject_id"))
    in_goal = _goal_topic_ids(goal, topics) if goal else None
    concepts = list(practicable_concepts())
    per_topic: dict[int, int] = defaultdict(int)
    for c in concepts:
        per_topic[c.topic_id] += 1
    rows = {
        r.concept_id: r
        for r in ConceptMastery.objects.filter(learner=learner).only(
            "concept_id", "p_known", "was_mastered", "review_card"
        )
    }
    inputs = []
    for c in concepts:
        n = per_topic[c.topic_id]
        row = rows.get(c.pk)
        inputs.append(
            ConceptInput(
                id=c.pk,
                name=c.name,
                topic_id=c.topic_id,
                weight=c.topic.exam_weightage / n,
                learn_minutes=float(c.topic.estimated_hours * Decimal(60)) / n,
                p_known=row.p_known if row else None,
                mastered=bool(row and row.was_mastered),
                card=(row.review_card or None) if row else None,
                in_goal=in_goal is None or c.topic_id in in_goal,
            )
        )
    seconds = (
        DailyActivity.objects.filter(learner=learner, date=today)
        .values_list("seconds", flat=True)
        .first()
    )
    data = PlanInput(
        concepts=inputs,
        exam_date=profile.exam_date if profile else None,
        minutes_per_day=profile.minutes_per_day if profile else 30,
        now=now,
        timezone=tz,
        concept_edges=list(
            ConceptPrerequisite.objects.values_list("concept_id", "prerequisite_id")
        ),
        topic_edges=list(TopicPrerequisite.objects.values_list("topic_id", "prerequisite_id")),
        rest_weekdays=frozenset(rest_weekdays),
        minutes_done_today=(seconds or 0) / 60,
        deadlines={
            cid: local_date(due_at, tz)
            for cid, due_at in learner_deadlines(learner=learner, now=now).items()
        },
    )
    if goal is None:
        label = "All subjects"
    else:
        names = [t.name for t in goal.topics.all()]
        label = f"{goal.subject.name}: {', '.join(names)}" if names else goal.subject.name
    return PlanContext(
        data=data, goal=goal, goal_label=label, slugs={c.pk: c.slug for c in concepts}
    )


def plan_active(*, learner: User) -> StudyPlan | None:
    return StudyPlan.objects.filter(learner=learner, status=StudyPlan.Status.ACTIVE).first()


@dataclass(frozen=True)
class PlanDay:
    date: date
    items: list[StudyPlanItem]
    minutes: int
    is_rest: bool


def _days(plan: StudyPlan, items: list[StudyPlanItem], first: date, count: int) -> list[PlanDay]:
    by_day: dict[date, list[StudyPlanItem]] = defaultdict(list)
    for item in items:
        by_day[item.date].append(item)
    rest = set(plan.rest_weekdays or [])
    days = []
    for i in range(count):
        d = first + timedelta(days=i)
        if plan.exam_date is not None and d >= plan.exam_date:
            break
        its = by_day.get(d, [])
        days.append(PlanDay(d, its, sum(it.minutes for it in its), d.weekday() in rest))
    return days


@dataclass(frozen=True)
class ReadinessPoint:
    date: date
    percent: int


def readiness_series(plans: list[StudyPlan], tz_name: str) -> list[ReadinessPoint]:
    """One point per local day (the day's last generation), oldest first."""
    tz = ZoneInfo(tz_name)
    by_day: dict[date, int] = {}
    for plan in sorted(plans, key=lambda p: (p.created_at, p.pk)):
        by_day[plan.created_at.astimezone(tz).date()] = plan.readiness_percent
    points = [ReadinessPoint(d, v) for d, v in sorted(by_day.items())]
    return points[-READINESS_POINTS:]


def plan_summary(*, learner: User, now: datetime) -> dict:
    """The active plan, this week's days and the readiness series (3 queries: the learner's
    plans for the series, the active plan, its items for the week with their concepts).
    Expects the profile to be loaded already (``select_related("profile")``)."""
    profile = profile_for(learner)
    tz = profile.timezone if profile else settings.PATHWISE_DEFAULT_LEARNER_TIMEZONE
    today = local_date(now, tz)
    plans = list(
        StudyPlan.objects.filter(learner=learner)
        .only("pk", "status", "created_at", "readiness", "learner_id")
        .order_by("-created_at", "-pk")[: READINESS_POINTS * 10]
    )
    plan = plan_active(learner=learner)
    # Always the same three queries, with or without a plan: items are found through the
    # active plan's learner and status, not its primary key.
    items = list(
        StudyPlanItem.objects.filter(
            plan__learner=learner,
            plan__status=StudyPlan.Status.ACTIVE,
            date__gte=today,
            date__lt=today + timedelta(days=WEEK_DAYS),
        ).select_related("concept__topic")
    )
    week = _days(plan, items, today, WEEK_DAYS) if plan else []
    return {
        "plan": plan,
        "plan_today": today,
        "plan_week": week,
        "plan_today_items": week[0].items if week and week[0].date == today else [],
        "readiness_points": readiness_series(plans, tz),
        "plan_stale": bool(
            plan
            and profile
            and (
                plan.start_date != today
                or plan.exam_date != profile.exam_date
                or plan.minutes_per_day != profile.minutes_per_day
            )
        ),
        "profile": profile,
    }


def class_readiness(*, students: list[User]) -> list[dict]:
    """Each student's current readiness, in the order given (1 query, any class size)."""
    plans = {
        p["learner_id"]: p
        for p in StudyPlan.objects.filter(
            learner__in=[s.pk for s in students], status=StudyPlan.Status.ACTIVE
        ).values("learner_id", "readiness", "feasible", "exam_date", "left_out")
    }
    rows = []
    for s in students:
        p = plans.get(s.pk)
        rows.append(
            {
                "student": s,
                "percent": round(100 * p["readiness"]) if p else None,
                "feasible": p["feasible"] if p else None,
                "exam_date": p["exam_date"] if p else None,
                "left_out": len(p["left_out"]) if p else 0,
            }
        )
    return rows


def plan_page(*, learner: User, now: datetime) -> dict:
    """The "My plan" page: the summary plus the goal and the readiness chart."""
    context = plan_summary(learner=learner, now=now)
    goal = (
        LearnerGoal.objects.filter(learner=learner)
        .select_related("subject")
        .prefetch_related("topics")
        .first()
    )
    points = context["readiness_points"]
    chart = None
    if len(points) >= 2:  # one generation is a number (listed below the chart), not a line
        chart = charts.mastery_line_chart(
            [charts.Series("Readiness", [(p.date, p.percent / 100) for p in points])],
            start=points[0].date,
            end=max(points[-1].date, context["plan_today"]),
            title=_("Readiness over time"),
            chart_id="readiness-chart",
        )
    return context | {"goal": goal, "readiness_chart": chart}


CALENDAR_HISTORY_DAYS = 30


def _calendar_items(*, learner: User, plan: StudyPlan) -> dict[date, list[StudyPlanItem]]:
    """The active plan's days, and the past month's days as the plans that covered them
    said (the latest generation holding each day): re-planning starts from today, and a
    subscribed calendar must not lose yesterday because of it."""
    by_day: dict[date, list[StudyPlanItem]] = defaultdict(list)
    since = plan.start_date - timedelta(days=CALENDAR_HISTORY_DAYS)
    past = (
        StudyPlanItem.objects.filter(
            plan__learner=learner, date__gte=since, date__lt=plan.start_date
        )
        .exclude(plan=plan)
        .select_related("concept")
        .order_by("date", "-plan__created_at", "-plan_id", "position")
    )
    chosen: dict[date, int] = {}
    for item in past:
        if chosen.setdefault(item.date, item.plan_id) == item.plan_id:
            by_day[item.date].append(item)
    for item in StudyPlanItem.objects.filter(plan=plan).select_related("concept"):
        by_day[item.date].append(item)
    return by_day


def plan_calendar(*, learner: User, now: datetime, refresh: timedelta | None = None) -> str | None:
    """The study plan as an iCalendar file, one all-day event per study day, each with its
    stable UID (3 queries: the active plan, its items, the past month's items)."""
    plan = plan_active(learner=learner)
    if plan is None:
        return None
    days = []
    for d, its in sorted(_calendar_items(learner=learner, plan=plan).items()):
        minutes = sum(it.minutes for it in its)
        lines = [f"{it.get_kind_display()}: {it.label} ({it.minutes} min)" for it in its]
        days.append(
            CalendarDay(
                uid=event_uid(learner_id=learner.pk, day=d),
                day=d,
                summary=f"Pathwise study plan: {minutes} min",
                description="\n".join(lines),
            )
        )
    return ics_calendar(days=days, now=now, name="Pathwise study plan", refresh=refresh)


def calendar_feed_get(*, learner: User) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(learner=learner).first()


def calendar_feed_for_token(*, raw: str) -> CalendarFeed | None:
    """The feed a subscription address names, with its learner (1 query); None when the
    token is unknown, rotated or turned off, or the learner can no longer sign in."""
    if not raw.startswith(FEED_TOKEN_PREFIX) or len(raw) > 100:
        return None
    return (
        CalendarFeed.objects.select_related("learner")
        .filter(token_hash=feed_token_hash(raw), learner__is_active=True)
        .first()
    )
