"""Study-plan scheduling (pure: no ORM, no clock read; ``now`` is passed in).

Given the concepts in a learner's goal, the prerequisite DAG, the learner's mastery and
FSRS cards, the exam date and the minutes available per day, :func:`plan_build` returns a
day-by-day plan from the learner's local today to the day before the exam:

1. **What is needed.** Every goal concept not yet mastered must be learnt, plus any
   unmastered prerequisite (inside the goal or not). A mastered goal concept whose
   predicted recall on exam day (``progress.review``) is below ``TARGET_RECALL`` needs
   reviews; the fewest reviews (at most ``MAX_REVIEWS``) that lift it above the target are
   found by simulating FSRS; reviews sit at expanding intervals, the last the day before
   the exam, and come before recall sinks below ``RECALL_FLOOR``.
2. **What fits.** When the total exceeds the time available, items are taken in order of
   priority = exam weight x gap (gap = 1 - P(known) to learn, 1 - exam-day recall to
   review); an item is taken together with the prerequisites it still needs, or not at
   all. What is not taken is listed, highest priority first, with a message.
3. **When.** Reviews of mastered concepts go on their target days first; learning fills the
   remaining minutes day by day in prerequisite order (long concepts continue the next
   day); then each newly learnt concept gets consolidating reviews at expanding intervals
   ending the day before the exam, where minutes remain.
4. **Readiness** = expected share of the goal's exam weight mastered on exam day: each goal
   concept counts with its predicted exam-day recall if it is (or will be) mastered, and
   zero otherwise.

**Assignments come first.** A concept due for an assignment (``PlanInput.deadlines``: the
learner's local due day) must be learnt even outside the goal; it is selected before
anything else (soonest due first, with the prerequisites it still needs) and learnt first,
so the plan meets the due dates before it turns to the exam. Whether each one is learnt by
its day is reported (``Plan.deadlines``) and said in the message.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from accounts.localtime import local_date
from learning import graph
from progress.plans import deadlines
from progress.plans.messages import plan_message
from progress.plans.recall import Recall, reviews_needed
from progress.plans.types import (
    LEARN,
    REVIEW,
    REVIEW_MINUTES,
    ConceptInput,
    LeftOut,
    Plan,
    PlanCycleError,
    PlanInput,
    PlannedItem,
    expand_edges,
    learn_minutes_for,
)

# --- the planner -----------------------------------------------------------------------


@dataclass
class _Context:
    """What every stage of the planner reads: the curriculum graph, the goal's weights and
    the study calendar."""

    data: PlanInput
    today: date
    by_id: dict[int, ConceptInput]
    order: list[int]  # prerequisite order (curriculum order breaks ties)
    position: dict[int, int]
    prereqs: dict[int, list[int]]
    goal: list[ConceptInput]
    weights: dict[int, float]
    days: list[date]  # study days from today to the day before the exam
    capacity: dict[date, int]  # minutes available each study day
    recall: Recall
    deadlines: dict[int, date]  # assigned concept -> due day
    usable: list[date] = field(init=False)  # study days with any minutes
    last_day: date = field(init=False)

    def __post_init__(self) -> None:
        self.usable = [d for d in self.days if self.capacity[d] > 0]
        self.last_day = self.days[-1] if self.days else self.today


def _context(data: PlanInput) -> _Context:
    today = local_date(data.now, data.timezone)
    concepts = list(data.concepts)
    by_id = {c.id: c for c in concepts}
    edges = expand_edges(concepts, data.concept_edges, data.topic_edges)
    try:
        order = graph.topological_order([c.id for c in concepts], edges)
    except ValueError as exc:
        raise PlanCycleError(
            "The prerequisites contain a cycle, so no order can respect them."
        ) from exc
    prereqs: dict[int, list[int]] = defaultdict(list)
    for a, b in edges:
        if a in by_id and b in by_id:
            prereqs[a].append(b)
    goal = [c for c in concepts if c.in_goal]
    weights = {c.id: max(0.0, c.weight) for c in goal}
    if sum(weights.values()) <= 0:  # nothing weighted: every goal concept counts the same
        weights = {c.id: 1.0 for c in goal}
    if data.exam_date is None or data.exam_date <= today:
        days: list[date] = []
    else:
        days = [
            today + timedelta(days=i)
            for i in range((data.exam_date - today).days)
            if (today + timedelta(days=i)).weekday() not in data.rest_weekdays
        ]
    capacity = {d: data.minutes_per_day for d in days}
    if today in capacity:
        capacity[today] = max(0, int(data.minutes_per_day - data.minutes_done_today))
    return _Context(
        data=data,
        today=today,
        by_id=by_id,
        order=order,
        position={cid: i for i, cid in enumerate(order)},
        prereqs=prereqs,
        goal=goal,
        weights=weights,
        days=days,
        capacity=capacity,
        recall=Recall(ZoneInfo(data.timezone), data.exam_date or today),
        deadlines={cid: d for cid, d in data.deadlines.items() if cid in by_id},
    )


@dataclass
class _Needs:
    """Step 1: what must be learnt and which mastered concepts need reviews, and their cost."""

    learn_cost: dict[int, int]  # concept -> minutes to learn it
    review_plan: dict[int, list[date]]  # mastered concept -> review days it needs
    exam_recall: dict[int, float | None]  # mastered concept -> exam-day recall without review

    @property
    def review_cost(self) -> dict[int, int]:
        return {cid: REVIEW_MINUTES * len(ds) for cid, ds in self.review_plan.items()}

    @property
    def minutes(self) -> int:
        return sum(self.learn_cost.values()) + sum(self.review_cost.values())


def _needs(ctx: _Context) -> _Needs:
    needed: set[int] = set()
    stack = [c.id for c in ctx.goal if not c.mastered] + list(ctx.deadlines)
    while stack:
        cid = stack.pop()
        if cid in needed or ctx.by_id[cid].mastered:
            continue
        needed.add(cid)
        stack.extend(ctx.prereqs[cid])
    review_plan: dict[int, list[date]] = {}
    exam_recall: dict[int, float | None] = {}
    for c in ctx.goal:
        if not c.mastered:
            continue
        planned = reviews_needed(
            ctx.recall,
            card=c.card,
            learned=None,
            start=ctx.today - timedelta(days=1),
            last=ctx.last_day,
            usable=ctx.usable,
        )
        exam_recall[c.id] = ctx.recall.after(card=c.card, learned=None, reviews=())
        if planned:
            review_plan[c.id] = planned
    return _Needs(
        learn_cost={cid: learn_minutes_for(ctx.by_id[cid]) for cid in needed},
        review_plan=review_plan,
        exam_recall=exam_recall,
    )


def _priority(ctx: _Context, needs: _Needs, cid: int, kind: str) -> float:
    """Exam weight x gap: what the item is worth on the exam and how much there is to gain."""
    c = ctx.by_id[cid]
    if kind == LEARN:
        gap = 1.0 if c.p_known is None else 1.0 - c.p_known
    else:
        gap = 1.0 - (needs.exam_recall.get(cid) or 0.0)
    return ctx.weights.get(cid, 0.0) * gap


def _left_out(ctx: _Context, needs: _Needs, cid: int, kind: str) -> LeftOut:
    cost = needs.learn_cost[cid] if kind == LEARN else needs.review_cost[cid]
    return LeftOut(cid, ctx.by_id[cid].name, kind, _priority(ctx, needs, cid, kind), cost)


def _select(ctx: _Context, needs: _Needs, minutes_available: int):
    """Step 2: what fits, by priority, each learning item with the prerequisites it still
    needs or not at all. Returns (learn, review, left out)."""
    if needs.minutes <= minutes_available:
        return set(needs.learn_cost), set(needs.review_plan), []
    candidates = [(cid, LEARN) for cid in needs.learn_cost] + [
        (cid, REVIEW) for cid in needs.review_plan
    ]
    candidates.sort(key=lambda item: _selection_key(ctx, needs, *item))
    chosen_learn: set[int] = set()
    chosen_review: set[int] = set()
    left_out: list[LeftOut] = []
    budget = minutes_available
    for cid, kind in candidates:
        if kind == REVIEW:
            if needs.review_cost[cid] <= budget:
                chosen_review.add(cid)
                budget -= needs.review_cost[cid]
            else:
                left_out.append(_left_out(ctx, needs, cid, REVIEW))
            continue
        if cid in chosen_learn:
            continue
        closure, cost = _with_prerequisites(ctx, needs, cid, chosen_learn, budget)
        if closure is not None:
            chosen_learn.update(closure)
            budget -= cost
    left_out += [
        _left_out(ctx, needs, cid, LEARN)
        for cid, kind in candidates
        if kind == LEARN and cid not in chosen_learn
    ]
    left_out.sort(key=lambda lo: (-lo.priority, ctx.position[lo.concept_id], lo.kind))
    return chosen_learn, chosen_review, left_out


def _selection_key(ctx: _Context, needs: _Needs, cid: int, kind: str) -> tuple:
    """Assigned concepts first (soonest due), then exam weight x gap, then curriculum order."""
    due = deadlines.due_key(ctx.deadlines, cid, kind == LEARN, ctx.today)
    return (*due, -_priority(ctx, needs, cid, kind), ctx.position[cid], kind)


def _with_prerequisites(ctx, needs, cid, chosen, budget) -> tuple[set[int] | None, int]:
    """The item with the prerequisites it still needs, and their cost; None as soon as it
    cannot fit ``budget``."""
    closure: set[int] = set()
    todo = [cid]
    cost = 0
    while todo and cost <= budget:
        x = todo.pop()
        if x in closure or x in chosen or x not in needs.learn_cost:
            continue
        closure.add(x)
        cost += needs.learn_cost[x]
        todo.extend(p for p in ctx.prereqs[x] if p not in closure)
    if cost <= budget and not todo:
        return closure, cost
    return None, cost


class _Schedule:
    """Step 3: when. Fixed reviews first, then learning in prerequisite order (long concepts
    continue the next day), then consolidating reviews of what was learnt."""

    def __init__(self, ctx: _Context) -> None:
        self.ctx = ctx
        self.remaining = dict(ctx.capacity)
        self.placed: list[tuple[date, int, PlannedItem]] = []  # (day, sequence, item)
        self.review_days: dict[int, list[date]] = {}
        self.learned_on: dict[int, date] = {}

    def _add(self, item: PlannedItem) -> None:
        self.placed.append((item.day, len(self.placed) + 1, item))

    def review(self, cid: int, target: date, floor: date) -> date | None:
        """A review on ``target``, or the nearest earlier usable day after ``floor``, or the
        first later one with room."""
        usable = self.ctx.usable
        later = [d for d in usable if d > target]
        for d in [d for d in reversed(usable) if floor < d <= target] + later:
            if self.remaining[d] >= REVIEW_MINUTES:
                self.remaining[d] -= REVIEW_MINUTES
                self._add(PlannedItem(d, REVIEW, cid, REVIEW_MINUTES))
                return d
        return None

    def reviews(self, cid: int, targets: list[date], floor: date) -> None:
        got = [self.review(cid, d, floor) for d in targets]
        self.review_days[cid] = sorted({d for d in got if d is not None})

    def learn(self, chosen: set[int], needs: _Needs) -> list[int]:
        """Learning in prerequisite order; returns the concepts that did not fit after all."""
        days, day_index, dropped = self.ctx.days, 0, []
        ctx = self.ctx
        for cid in deadlines.learn_order(chosen, ctx.order, ctx.prereqs, ctx.deadlines):
            left = needs.learn_cost[cid]
            chunks: list[tuple[date, int]] = []
            while left > 0 and day_index < len(days):
                d = days[day_index]
                take = min(left, self.remaining[d])
                if take > 0:
                    chunks.append((d, take))
                    self.remaining[d] -= take
                    left -= take
                if self.remaining[d] <= 0:
                    day_index += 1
            if left > 0:  # cannot happen when the selection fitted; stay safe anyway
                dropped.append(cid)
                for d, take in chunks:
                    self.remaining[d] += take
                continue
            for i, (d, take) in enumerate(chunks, start=1):
                self._add(PlannedItem(d, LEARN, cid, take, i, len(chunks)))
            self.learned_on[cid] = chunks[-1][0] if chunks else self.ctx.today
        return dropped

    def consolidate(self) -> None:
        ctx = self.ctx
        for cid in ctx.order:
            if cid not in self.learned_on or cid not in ctx.weights:
                continue
            learned = self.learned_on[cid]
            wanted = reviews_needed(
                ctx.recall,
                card=None,
                learned=learned,
                start=learned,
                last=ctx.last_day,
                usable=[d for d in ctx.usable if d > learned],
            )
            self.reviews(cid, wanted, learned)

    @property
    def items(self) -> tuple[PlannedItem, ...]:
        return tuple(p[2] for p in sorted(self.placed, key=lambda p: (p[0], p[1])))


def _readiness(ctx: _Context, schedule: _Schedule) -> float:
    """Step 4: the expected weighted share of the goal mastered on exam day."""
    expected = 0.0
    for c in ctx.goal:
        w = ctx.weights[c.id]
        if c.mastered:
            value = ctx.recall.after(
                card=c.card, learned=None, reviews=schedule.review_days.get(c.id, [])
            )
            expected += w * (value if value is not None else (c.p_known or 1.0))
        elif c.id in schedule.learned_on:
            value = ctx.recall.after(
                card=None, learned=schedule.learned_on[c.id], reviews=schedule.review_days[c.id]
            )
            expected += w * (value if value is not None else 1.0)
    total = sum(ctx.weights.values())
    return expected / total if total else 0.0


def plan_build(data: PlanInput) -> Plan:
    """The plan for ``data`` (see the module docstring). Raises PlanCycleError on a cycle."""
    ctx = _context(data)
    needs = _needs(ctx)
    minutes_available = sum(ctx.capacity.values())
    chosen_learn, chosen_review, left_out = _select(ctx, needs, minutes_available)

    schedule = _Schedule(ctx)
    for cid in sorted(chosen_review, key=lambda x: ctx.position[x]):
        schedule.reviews(cid, needs.review_plan[cid], ctx.today - timedelta(days=1))
    for cid in schedule.learn(chosen_learn, needs):
        left_out.append(_left_out(ctx, needs, cid, LEARN))
    schedule.consolidate()

    feasible = not left_out and bool(ctx.days or not needs.learn_cost)
    checks = deadlines.checks(
        ctx.deadlines,
        names={cid: c.name for cid, c in ctx.by_id.items()},
        position=ctx.position,
        needed=needs.learn_cost,
        learned_on=schedule.learned_on,
    )
    message = plan_message(
        data=data,
        today=ctx.today,
        days=ctx.days,
        feasible=feasible,
        left_out=left_out,
        minutes_needed=needs.minutes,
        minutes_available=minutes_available,
        deadlines=checks,
    )
    return Plan(
        start=ctx.today,
        exam_date=data.exam_date,
        items=schedule.items,
        readiness=_readiness(ctx, schedule),
        feasible=feasible,
        message=message,
        left_out=tuple(left_out),
        minutes_needed=needs.minutes,
        minutes_available=minutes_available,
        study_days=tuple(ctx.days),
        deadlines=checks,
    )
