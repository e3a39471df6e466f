"""When to review so a concept is still known on exam day (pure): FSRS simulated forward.

Used by the planner for mastered concepts (will they be forgotten by the exam?) and for
concepts the plan teaches (consolidating reviews after learning them).
"""

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from progress.mastery import review

TARGET_RECALL = 0.9
RECALL_FLOOR = 0.7  # reviews come before recall sinks below this
MAX_REVIEWS = 5
STUDY_TIME = time(18, 0)  # reviews are simulated in the learner's evening
EXAM_TIME = time(9, 0)


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


class Recall:
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


def reviews_needed(
    recall: Recall,
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
