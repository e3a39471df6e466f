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
"""

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from accounts.localtime import local_date
from learning import graph
from progress.mastery import review

TARGET_RECALL = 0.9
RECALL_FLOOR = 0.7  # reviews come before recall sinks below this
MAX_REVIEWS = 5
REVIEW_MINUTES = 10
MIN_ITEM_MINUTES = 5
MINUTE_STEP = 5
STUDY_TIME = time(18, 0)  # reviews are simulated in the learner's evening
EXAM_TIME = time(9, 0)

LEARN = "learn"
REVIEW = "review"

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class PlanCycleError(ValueError):
    """The prerequisite graph loops: the curriculum forbids it, the planner refuses it."""


@dataclass(frozen=True)
class ConceptInput:
    id: int
    name: str
    topic_id: int
    weight: float  # share of the exam (topic weightage spread over its concepts)
    learn_minutes: float  # time to learn from scratch (topic hours spread over its concepts)
    p_known: float | None = None
    mastered: bool = False
    card: dict[str, Any] | None = None
    in_goal: bool = True


@dataclass(frozen=True)
class PlanInput:
    concepts: Sequence[ConceptInput]  # curriculum order: ties in the plan keep this order
    exam_date: date | None
    minutes_per_day: int
    now: datetime
    timezone: str = "UTC"
    concept_edges: Iterable[tuple[int, int]] = ()  # (dependent, prerequisite)
    topic_edges: Iterable[tuple[int, int]] = ()  # (dependent topic, prerequisite topic)
    rest_weekdays: frozenset[int] = frozenset()  # 0 = Monday
    minutes_done_today: float = 0.0


@dataclass(frozen=True)
class PlannedItem:
    day: date
    kind: str
    concept_id: int
    minutes: int
    part: int = 1
    parts: int = 1


@dataclass(frozen=True)
class LeftOut:
    concept_id: int
    name: str
    kind: str
    priority: float
    minutes: int


@dataclass(frozen=True)
class Plan:
    start: date
    exam_date: date | None
    items: tuple[PlannedItem, ...]
    readiness: float
    feasible: bool
    message: str
    left_out: tuple[LeftOut, ...] = ()
    minutes_needed: int = 0
    minutes_available: int = 0
    study_days: tuple[date, ...] = field(default=())


# --- helpers ---------------------------------------------------------------------------


def round_minutes(minutes: float) -> int:
    """Up to the next ``MINUTE_STEP``, never below ``MIN_ITEM_MINUTES``."""
    return max(MIN_ITEM_MINUTES, MINUTE_STEP * math.ceil(minutes / MINUTE_STEP - 1e-9))


def learn_minutes_for(c: ConceptInput) -> int:
    gap = 1.0 if c.p_known is None else max(0.0, 1.0 - c.p_known)
    return round_minutes(c.learn_minutes * gap)


def expand_edges(
    concepts: Sequence[ConceptInput],
    concept_edges: Iterable[tuple[int, int]],
    topic_edges: Iterable[tuple[int, int]],
) -> list[tuple[int, int]]:
    """Concept edges plus topic edges applied to their concepts (each concept of the
    dependent topic depends on each concept of the prerequisite topic)."""
    by_topic: dict[int, list[int]] = defaultdict(list)
    for c in concepts:
        by_topic[c.topic_id].append(c.id)
    edges = list(dict.fromkeys(concept_edges))
    seen = set(edges)
    for dependent_topic, prerequisite_topic in topic_edges:
        for a in by_topic.get(dependent_topic, ()):
            for b in by_topic.get(prerequisite_topic, ()):
                if (a, b) not in seen:
                    seen.add((a, b))
                    edges.append((a, b))
    return edges


def review_positions(start: date, last: date, n: int) -> list[date]:
    """``n`` review days after ``start`` at expanding intervals, the last on ``last``."""
    span = (last - start).days
    if n <= 0 or span <= 0:
        return []
    days = []
    for k in range(1, n + 1):
        offset = round(span * (2**k - 1) / (2**n - 1))
        day = start + timedelta(days=max(1, offset))
        if not days or day > days[-1]:
            days.append(day)
    return days


class _Recall:
    """Exam-day recall after Good reviews on given days (memoised FSRS simulation)."""

    def __init__(self, tz: ZoneInfo, exam_date: date) -> None:
        self.tz = tz
        self.exam_at = datetime.combine(exam_date, EXAM_TIME, tzinfo=tz).astimezone(UTC)
        self._cache: dict[tuple, tuple[float | None, float]] = {}

    def at(self, day: date) -> datetime:
        return datetime.combine(day, STUDY_TIME, tzinfo=self.tz).astimezone(UTC)

    def after(
        self, *, card: dict[str, Any] | None, learned: date | None, reviews: Sequence[date]
    ) -> float | None:
        return self.simulate(card=card, learned=learned, reviews=reviews)[0]

    def simulate(
        self, *, card: dict[str, Any] | None, learned: date | None, reviews: Sequence[date]
    ) -> tuple[float | None, float]:
        """(exam-day recall, lowest recall just before one of the reviews)."""
        key = (None if card is None else id(card), learned, tuple(reviews))
        if key not in self._cache:
            current = card
            lowest = 1.0
            if learned is not None:
                current = review.review_record(
                    card=None, effective_score=1.0, confidence=None, now=self.at(learned)
                ).card
            for day in reviews:
                before = review.predicted_recall(card=current, now=self.at(day))
                if before is not None:
                    lowest = min(lowest, before)
                current = review.review_record(
                    card=current, effective_score=1.0, confidence=None, now=self.at(day)
                ).card
            self._cache[key] = (review.predicted_recall(card=current, now=self.exam_at), lowest)
        return self._cache[key]


def _snap_back(day: date, usable: list[date], floor: date) -> date | None:
    """The latest usable day on or before ``day`` and after ``floor``."""
    for d in reversed(usable):
        if floor < d <= day:
            return d
    return None


def _reviews_needed(
    recall: _Recall,
    *,
    card: dict[str, Any] | None,
    learned: date | None,
    start: date,
    last: date,
    usable: list[date],
) -> list[date]:
    """Fewest review days at expanding intervals (the last near the exam) so that exam-day
    recall reaches ``TARGET_RECALL`` and recall never sinks below ``RECALL_FLOOR`` between
    reviews. No reviews when exam-day recall is already high enough."""
    base = recall.after(card=card, learned=learned, reviews=())
    if base is None or base >= TARGET_RECALL:
        return []
    best: list[date] = []
    for n in range(1, MAX_REVIEWS + 1):
        days: list[date] = []
        for target in review_positions(start, last, n):
            snapped = _snap_back(target, usable, start)
            if snapped is not None and snapped not in days:
                days.append(snapped)
        days.sort()
        if not days or days == best:
            break
        best = days
        value, lowest = recall.simulate(card=card, learned=learned, reviews=days)
        if value is not None and value >= TARGET_RECALL and lowest >= RECALL_FLOOR:
            break
    return best


def _hours(minutes: float) -> str:
    hours = minutes / 60
    return f"{hours:.1f}".rstrip("0").rstrip(".") + (" hour" if hours == 1 else " hours")


# --- the planner -----------------------------------------------------------------------


def plan_build(data: PlanInput) -> Plan:
    """The plan for ``data`` (see the module docstring). Raises PlanCycleError on a cycle."""
    tz = ZoneInfo(data.timezone)
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
    position = {cid: i for i, cid in enumerate(order)}
    prereqs: dict[int, list[int]] = defaultdict(list)
    for a, b in edges:
        if a in by_id and b in by_id:
            prereqs[a].append(b)

    goal = [c for c in concepts if c.in_goal]
    weights = {c.id: max(0.0, c.weight) for c in goal}
    if sum(weights.values()) <= 0:  # nothing weighted: every goal concept counts the same
        weights = {c.id: 1.0 for c in goal}
    total_weight = sum(weights.values())

    # Days and capacity.
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
    minutes_available = sum(capacity.values())
    last_day = days[-1] if days else today
    usable = [d for d in days if capacity[d] > 0]
    recall = _Recall(tz, data.exam_date or today)

    # 1. What is needed: learning (goal concepts and their unmastered prerequisites) ...
    needed: set[int] = set()
    stack = [c.id for c in goal if not c.mastered]
    while stack:
        cid = stack.pop()
        if cid in needed or by_id[cid].mastered:
            continue
        needed.add(cid)
        stack.extend(prereqs[cid])
    learn_cost = {cid: learn_minutes_for(by_id[cid]) for cid in needed}
    # ... and reviews of mastered goal concepts that would be forgotten by the exam.
    review_plan: dict[int, list[date]] = {}
    exam_recall: dict[int, float | None] = {}
    for c in goal:
        if not c.mastered:
            continue
        planned = _reviews_needed(
            recall,
            card=c.card,
            learned=None,
            start=today - timedelta(days=1),
            last=last_day,
            usable=usable,
        )
        exam_recall[c.id] = recall.after(card=c.card, learned=None, reviews=())
        if planned:
            review_plan[c.id] = planned
    review_cost = {cid: REVIEW_MINUTES * len(ds) for cid, ds in review_plan.items()}
    minutes_needed = sum(learn_cost.values()) + sum(review_cost.values())

    # 2. What fits: by weight x gap, each item with the prerequisites it still needs.
    def priority(cid: int, kind: str) -> float:
        c = by_id[cid]
        if kind == LEARN:
            gap = 1.0 if c.p_known is None else 1.0 - c.p_known
        else:
            gap = 1.0 - (exam_recall.get(cid) or 0.0)
        return weights.get(cid, 0.0) * gap

    candidates = [(cid, LEARN) for cid in needed] + [(cid, REVIEW) for cid in review_plan]
    candidates.sort(key=lambda item: (-priority(*item), position[item[0]], item[1]))
    chosen_learn: set[int] = set()
    chosen_review: set[int] = set()
    left_out: list[LeftOut] = []
    if minutes_needed <= minutes_available:
        chosen_learn, chosen_review = set(needed), set(review_plan)
    else:
        budget = minutes_available
        for cid, kind in candidates:
            if kind == REVIEW:
                if review_cost[cid] <= budget:
                    chosen_review.add(cid)
                    budget -= review_cost[cid]
                else:
                    left_out.append(
                        LeftOut(
                            cid, by_id[cid].name, REVIEW, priority(cid, REVIEW), review_cost[cid]
                        )
                    )
                continue
            if cid in chosen_learn:
                continue
            # The item with the prerequisites it still needs; stop as soon as it cannot fit.
            closure: set[int] = set()
            todo = [cid]
            cost = 0
            while todo and cost <= budget:
                x = todo.pop()
                if x in closure or x in chosen_learn or x not in needed:
                    continue
                closure.add(x)
                cost += learn_cost[x]
                todo.extend(p for p in prereqs[x] if p not in closure)
            if cost <= budget and not todo:
                chosen_learn.update(closure)
                budget -= cost
        for cid, kind in candidates:
            if kind == LEARN and cid not in chosen_learn:
                left_out.append(
                    LeftOut(cid, by_id[cid].name, LEARN, priority(cid, LEARN), learn_cost[cid])
                )
        left_out.sort(key=lambda lo: (-lo.priority, position[lo.concept_id], lo.kind))

    # 3. When: fixed reviews, then learning in prerequisite order, then consolidation.
    remaining = dict(capacity)
    placed: list[tuple[date, int, PlannedItem]] = []  # (day, sequence, item)
    seq = 0

    def place_review(cid: int, target: date, floor: date) -> date | None:
        nonlocal seq
        later = [d for d in usable if d > target]
        for d in [d for d in reversed(usable) if floor < d <= target] + later:
            if remaining[d] >= REVIEW_MINUTES:
                remaining[d] -= REVIEW_MINUTES
                seq += 1
                placed.append((d, seq, PlannedItem(d, REVIEW, cid, REVIEW_MINUTES)))
                return d
        return None

    review_days: dict[int, list[date]] = {}
    for cid in sorted(chosen_review, key=lambda x: position[x]):
        got = [place_review(cid, d, today - timedelta(days=1)) for d in review_plan[cid]]
        review_days[cid] = sorted({d for d in got if d is not None})

    learned_on: dict[int, date] = {}
    day_index = 0
    for cid in order:
        if cid not in chosen_learn:
            continue
        left = learn_cost[cid]
        chunks: list[tuple[date, int]] = []
        while left > 0 and day_index < len(days):
            d = days[day_index]
            take = min(left, remaining[d])
            if take > 0:
                chunks.append((d, take))
                remaining[d] -= take
                left -= take
            if remaining[d] <= 0:
                day_index += 1
        if left > 0:  # cannot happen when the selection fitted; stay safe anyway
            chosen_learn.discard(cid)
            left_out.append(
                LeftOut(cid, by_id[cid].name, LEARN, priority(cid, LEARN), learn_cost[cid])
            )
            for d, take in chunks:
                remaining[d] += take
            continue
        for i, (d, take) in enumerate(chunks, start=1):
            seq += 1
            placed.append((d, seq, PlannedItem(d, LEARN, cid, take, i, len(chunks))))
        learned_on[cid] = chunks[-1][0] if chunks else today

    for cid in order:
        if cid not in learned_on or cid not in weights:
            continue
        learned = learned_on[cid]
        wanted = _reviews_needed(
            recall,
            card=None,
            learned=learned,
            start=learned,
            last=last_day,
            usable=[d for d in usable if d > learned],
        )
        got = [place_review(cid, d, learned) for d in wanted]
        review_days[cid] = sorted({d for d in got if d is not None})

    placed.sort(key=lambda p: (p[0], p[1]))
    items = tuple(p[2] for p in placed)

    # 4. Readiness: expected weighted share of the goal mastered on exam day.
    expected = 0.0
    for c in goal:
        w = weights[c.id]
        if c.mastered:
            value = recall.after(card=c.card, learned=None, reviews=review_days.get(c.id, []))
            expected += w * (value if value is not None else (c.p_known or 1.0))
        elif c.id in learned_on:
            value = recall.after(card=None, learned=learned_on[c.id], reviews=review_days[c.id])
            expected += w * (value if value is not None else 1.0)
    readiness = expected / total_weight if total_weight else 0.0

    feasible = not left_out and bool(days or not needed)
    message = _message(
        data=data,
        today=today,
        days=days,
        feasible=feasible,
        left_out=left_out,
        minutes_needed=minutes_needed,
        minutes_available=minutes_available,
    )
    return Plan(
        start=today,
        exam_date=data.exam_date,
        items=items,
        readiness=readiness,
        feasible=feasible,
        message=message,
        left_out=tuple(left_out),
        minutes_needed=minutes_needed,
        minutes_available=minutes_available,
        study_days=tuple(days),
    )


def _message(
    *,
    data: PlanInput,
    today: date,
    days: list[date],
    feasible: bool,
    left_out: list[LeftOut],
    minutes_needed: int,
    minutes_available: int,
) -> str:
    if data.exam_date is None:
        return "Set your exam date on your profile to get a study plan."
    if data.exam_date <= today:
        return "Your exam date is today or has passed: set a new one on your profile."
    if feasible:
        return (
            f"Everything fits: about {_hours(minutes_needed)} of study in the "
            f"{_hours(minutes_available)} you have before the exam."
        )
    return (
        f"Not enough time: this plan needs about {_hours(minutes_needed)} but you have "
        f"{_hours(minutes_available)} ({data.minutes_per_day} minutes a day on "
        f"{len(days)} study day{'s' if len(days) != 1 else ''}). We put first what is worth "
        f"most on the exam where you have most to gain (exam weight × gap) and left "
        f"{len(left_out)} item{'s' if len(left_out) != 1 else ''} out."
    )


# --- iCalendar export (RFC 5545) -------------------------------------------------------


@dataclass(frozen=True)
class CalendarDay:
    uid: str
    day: date
    summary: str
    description: str


def ics_escape(text: str) -> str:
    """TEXT value escaping: backslash, semicolon, comma and newlines (RFC 5545 3.3.11)."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def ics_fold(line: str, limit: int = 75) -> str:
    """Fold a content line at ``limit`` octets (UTF-8), never inside a character; each
    continuation starts with one space (RFC 5545 3.1)."""
    parts: list[str] = []
    current, size = "", 0
    budget = limit
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > budget:
            parts.append(current)
            current, size = "", 0
            budget = limit - 1  # the leading space counts
        current += ch
        size += n
    parts.append(current)
    return "\r\n ".join(parts)


def ics_calendar(*, days: Iterable[CalendarDay], now: datetime, name: str) -> str:
    """A VCALENDAR with one all-day VEVENT per day; CRLF line endings throughout."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Pathwise//Study plan//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{ics_escape(name)}",
    ]
    for d in days:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{d.uid}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{d.day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{d.day + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{ics_escape(d.summary)}",
            f"DESCRIPTION:{ics_escape(d.description)}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(ics_fold(line) + "\r\n" for line in lines)
