"""Writes for study plans: generate, re-plan after a session, set the learner's goal, and
the learner's calendar subscription address (make, rotate, turn off)."""

import contextlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from accounts.models import User
from learning.models import Subject, Topic
from progress.models import LearnerGoal
from progress.plans import planner
from progress.plans import selectors as plan_selectors
from progress.plans.feeds import feed_token_hash, feed_token_new
from progress.plans.models import CalendarFeed, StudyPlan, StudyPlanItem
from progress.plans.types import PLAN_HORIZON_DAYS, Plan, PlanCycleError


def _left_out_rows(plan: Plan, slugs: dict[int, str]) -> list[dict]:
    return [
        {
            "concept": lo.concept_id,
            "slug": slugs.get(lo.concept_id, ""),
            "name": lo.name,
            "kind": lo.kind,
            "priority": round(lo.priority, 4),
            "minutes": lo.minutes,
        }
        for lo in plan.left_out
    ]


@transaction.atomic
def plan_generate(
    *,
    learner: User,
    now: datetime,
    rest_weekdays: Iterable[int] | None = None,
    trigger: str = StudyPlan.Trigger.GENERATED,
) -> StudyPlan:
    """A new plan from today to the exam; the previous active plan is kept as superseded.

    ``rest_weekdays`` None keeps the previous plan's rest days."""
    previous = (
        StudyPlan.objects.select_for_update()
        .filter(learner=learner, status=StudyPlan.Status.ACTIVE)
        .first()
    )
    if rest_weekdays is None:
        rest_weekdays = previous.rest_weekdays if previous else []
    rest = sorted({int(d) for d in rest_weekdays})
    if any(d < 0 or d > 6 for d in rest):
        raise ValidationError(gettext("Rest days must be days of the week."), code="rest_days")
    if len(rest) == 7:
        raise ValidationError(
            gettext("Leave at least one day of the week for study."), code="rest_days"
        )
    context = plan_selectors.plan_input_for(learner=learner, now=now, rest_weekdays=frozenset(rest))
    data = context.data
    if data.exam_date is None:
        raise ValidationError(
            gettext("Set your exam date on your profile first, then make a plan."),
            code="no_exam_date",
        )
    if (data.exam_date - data.now.date()).days > PLAN_HORIZON_DAYS:
        raise ValidationError(
            gettext(
                "Your exam date is more than two years away: plans cover at most two years. "
                "Set a nearer date on your profile."
            ),
            code="too_far",
        )
    try:
        result = planner.plan_build(data)
    except PlanCycleError as exc:
        raise ValidationError(str(exc), code="cycle") from exc
    if previous is not None:
        previous.status = StudyPlan.Status.SUPERSEDED
        previous.save(update_fields=["status"])
    plan = StudyPlan.objects.create(
        learner=learner,
        status=StudyPlan.Status.ACTIVE,
        trigger=trigger,
        created_at=now,
        start_date=result.start,
        exam_date=data.exam_date,
        minutes_per_day=data.minutes_per_day,
        rest_weekdays=rest,
        subject=context.goal.subject if context.goal else None,
        goal_label=context.goal_label,
        readiness=min(1.0, max(0.0, result.readiness)),
        feasible=result.feasible,
        message=result.message,
        left_out=_left_out_rows(result, context.slugs),
        minutes_needed=result.minutes_needed,
        minutes_available=result.minutes_available,
    )
    StudyPlanItem.objects.bulk_create(
        StudyPlanItem(
            plan=plan,
            date=item.day,
            position=i,
            kind=item.kind,
            concept_id=item.concept_id,
            minutes=item.minutes,
            part=item.part,
            parts=item.parts,
        )
        for i, item in enumerate(result.items)
    )
    return plan


def plan_replan(*, learner: User, now: datetime) -> StudyPlan | None:
    """After a session: rebuild the active plan from today's mastery (missed days roll
    forward, mastered items drop out, today's minutes already spent are taken off).
    Nothing happens for a learner without an active plan or without an exam date."""
    if not StudyPlan.objects.filter(learner=learner, status=StudyPlan.Status.ACTIVE).exists():
        return None
    try:
        return plan_generate(learner=learner, now=now, trigger=StudyPlan.Trigger.SESSION)
    except ValidationError:
        return None


@transaction.atomic
def learner_goal_set(
    *, learner: User, subject: Subject, topics: Iterable[Topic], now: datetime
) -> LearnerGoal:
    """Set what the learner is working towards and re-plan when they have a plan."""
    topics = list(topics)
    if any(t.subject_id != subject.pk for t in topics):
        raise ValidationError(gettext("Choose topics of the chosen subject."), code="topic_subject")
    goal, _ = LearnerGoal.objects.update_or_create(learner=learner, defaults={"subject": subject})
    goal.topics.set(topics)
    if StudyPlan.objects.filter(learner=learner, status=StudyPlan.Status.ACTIVE).exists():
        # A plan that cannot be rebuilt (no exam date any more) stays as it was.
        with contextlib.suppress(ValidationError):
            plan_generate(learner=learner, now=now, trigger=StudyPlan.Trigger.GOAL)
    return goal


# Calendar subscription ------------------------------------------------------------------

# Recording when a calendar app last fetched the feed costs a write; every ten minutes is
# enough to tell the learner "your calendar app is reading it".
FETCH_RESOLUTION = timedelta(minutes=10)


@dataclass(frozen=True)
class CreatedFeed:
    feed: CalendarFeed
    raw: str  # the token: shown once, never stored


@transaction.atomic
def calendar_feed_create(*, learner: User, now: datetime) -> CreatedFeed:
    """A new subscription address for ``learner``; the previous one (if any) stops working
    at once (rotation)."""
    raw = feed_token_new()
    feed, _ = CalendarFeed.objects.update_or_create(
        learner=learner,
        defaults={"token_hash": feed_token_hash(raw), "created_at": now, "last_fetched_at": None},
    )
    return CreatedFeed(feed=feed, raw=raw)


@transaction.atomic
def calendar_feed_revoke(*, learner: User) -> bool:
    """Turn the feed off: its address answers 404 from now on. False when there was none."""
    return CalendarFeed.objects.filter(learner=learner).delete()[0] > 0


def calendar_feed_fetched(*, feed: CalendarFeed, now: datetime) -> None:
    """Note that a calendar app read the feed (at most one write per FETCH_RESOLUTION)."""
    if feed.last_fetched_at is None or now - feed.last_fetched_at >= FETCH_RESOLUTION:
        CalendarFeed.objects.filter(pk=feed.pk).update(last_fetched_at=now)
        feed.last_fetched_at = now
