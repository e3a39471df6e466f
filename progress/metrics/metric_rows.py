"""Progress metrics (pure): which rows an attempt touches and what their values are.

The answer path applies one attempt incrementally; ``recompute_progress`` replays the whole
attempt log through the very same functions, so the two cannot disagree.

Rows are keyed (dimension, key, metric). Keys: overall "", subject and topic ids, and the
learner's goal (its subject id) when the attempt falls inside the goal.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from progress.mastery.rollups import Goal, Rollup

OVERALL = "overall"
SUBJECT = "subject"
TOPIC = "topic"
GOAL = "goal"

MASTERY = "mastery"
PRACTICE_COUNT = "practice_count"
ACCURACY = "accuracy"
TIME_SPENT = "time_spent"
CURRENT_STREAK = "current_streak"

DimKey = tuple[str, str]
RowKey = tuple[str, str, str]


@dataclass(frozen=True)
class Value:
    value: float
    numerator: float = 0.0
    denominator: float = 0.0


def dimension_keys(*, subject_id: int, topic_id: int, goal: Goal | None) -> list[DimKey]:
    keys = [(OVERALL, ""), (SUBJECT, str(subject_id)), (TOPIC, str(topic_id))]
    if goal is not None and goal.covers(subject_id=subject_id, topic_id=topic_id):
        keys.append((GOAL, str(goal.subject_id)))
    return keys


def apply_attempt(
    current: Mapping[RowKey, Value],
    *,
    keys: Iterable[DimKey],
    is_correct: bool,
    seconds: float,
) -> dict[RowKey, Value]:
    """New count, accuracy and time rows for ``keys`` after one attempt."""
    out: dict[RowKey, Value] = {}
    for dim, key in keys:
        count = current.get((dim, key, PRACTICE_COUNT), Value(0.0)).value + 1
        acc = current.get((dim, key, ACCURACY), Value(0.0))
        correct = acc.numerator + int(is_correct)
        out[(dim, key, PRACTICE_COUNT)] = Value(count)
        out[(dim, key, ACCURACY)] = Value(correct / count, numerator=correct, denominator=count)
        spent = current.get((dim, key, TIME_SPENT), Value(0.0)).value + seconds
        out[(dim, key, TIME_SPENT)] = Value(spent)
    return out


def mastery_rows(
    *, keys: Iterable[DimKey], rollup: Rollup, goal_value: float | None
) -> dict[RowKey, Value]:
    out: dict[RowKey, Value] = {}
    for dim, key in keys:
        if dim == OVERALL:
            value = rollup.overall
        elif dim == SUBJECT:
            value = rollup.by_subject.get(int(key))
        elif dim == TOPIC:
            value = rollup.by_topic.get(int(key))
        else:
            value = goal_value
        out[(dim, key, MASTERY)] = Value(value or 0.0)
    return out


def streak_row(current_streak: int) -> dict[RowKey, Value]:
    return {(OVERALL, "", CURRENT_STREAK): Value(float(current_streak))}
