"""The planner's vocabulary (pure): what it is given, what it returns, and the small rules
about minutes every part of it shares."""

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

LEARN = "learn"
REVIEW = "review"
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

PLAN_HORIZON_DAYS = 730  # plans reach at most two years ahead
REVIEW_MINUTES = 10
MIN_ITEM_MINUTES = 5
MINUTE_STEP = 5


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
    # Assignments: concept -> the learner's local date it is due by. Learning them (and the
    # prerequisites they need) is planned first, on or before that day.
    deadlines: Mapping[int, date] = field(default_factory=dict)


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
class DeadlineCheck:
    """Does the plan learn an assigned concept by its due date?"""

    concept_id: int
    name: str
    due: date
    planned_by: date | None  # the day learning it ends (None: not planned)

    @property
    def met(self) -> bool:
        return self.planned_by is not None and self.planned_by <= self.due


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
    deadlines: tuple[DeadlineCheck, ...] = ()


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
