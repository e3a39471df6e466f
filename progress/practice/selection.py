"""Adaptive selection (pure): which concept next, and which question within it.

Concepts: review-due first (most overdue first), then the frontier (prerequisites mastered,
concept not yet mastered) in curriculum order. A concept whose prerequisites are far from
mastered is *blocked*: never chosen automatically, and flagged when a student asks for it.

Questions: never one answered in the last ``RECENT_WINDOW``; among the rest, the one whose
predicted success is closest to ``TARGET_SUCCESS`` (about 70-85% is where practice pays off),
preferring questions the student has seen least so every question eventually gets used.
"""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from progress.mastery.bkt import BKTParams, predict_correct
from progress.mastery.status import MASTERED_THRESHOLD, STATUS_MASTERED

TARGET_SUCCESS = 0.78
RECENT_WINDOW = timedelta(minutes=10)
BLOCKED_BELOW = 0.6  # a prerequisite estimate under this blocks the concept
# Each difficulty step above 3 lowers the log-odds of success by this much.
DIFFICULTY_LOGIT_STEP = 0.6
REPEAT_PENALTY = 0.08


@dataclass(frozen=True)
class ConceptCandidate:
    concept_id: int
    order: int  # position in the curriculum (topic order, then concept order)
    p_known: float | None
    status: str
    review_due_at: datetime | None
    prerequisite_estimates: tuple[float | None, ...] = ()


@dataclass(frozen=True)
class QuestionCandidate:
    question_id: int
    difficulty: int
    times_answered: int = 0
    last_answered_at: datetime | None = None


def is_blocked(candidate: ConceptCandidate) -> bool:
    """True when some prerequisite is far from mastered (or not started)."""
    return any(p is None or p < BLOCKED_BELOW for p in candidate.prerequisite_estimates)


def prerequisites_ready(candidate: ConceptCandidate) -> bool:
    return all(p is not None and p >= MASTERED_THRESHOLD for p in candidate.prerequisite_estimates)


def next_concept(candidates: Iterable[ConceptCandidate], *, now: datetime) -> int | None:
    """The concept to practise next, or None when everything is mastered or blocked."""
    items = list(candidates)
    due = [c for c in items if c.review_due_at is not None and c.review_due_at <= now]
    if due:
        return min(due, key=lambda c: (c.review_due_at, c.order)).concept_id
    open_items = [c for c in items if c.status != STATUS_MASTERED and not is_blocked(c)]
    if not open_items:
        return None
    # Frontier first (all prerequisites mastered), then anything unblocked; curriculum order.
    return min(open_items, key=lambda c: (not prerequisites_ready(c), c.order)).concept_id


def predicted_success(*, p_known: float, difficulty: int, params: BKTParams) -> float:
    base = min(max(predict_correct(p_known, params), 1e-6), 1 - 1e-6)
    logit = math.log(base / (1 - base)) - DIFFICULTY_LOGIT_STEP * (difficulty - 3)
    return 1 / (1 + math.exp(-logit))


def next_question(
    candidates: Sequence[QuestionCandidate],
    *,
    p_known: float | None,
    params: BKTParams,
    now: datetime,
) -> int | None:
    """The question to serve next within a concept, or None if there is none."""
    if not candidates:
        return None
    p = params.prior if p_known is None else p_known
    fresh = [
        q
        for q in candidates
        if q.last_answered_at is None or now - q.last_answered_at >= RECENT_WINDOW
    ]
    # Everything answered very recently: take the least recently answered rather than stall.
    if not fresh:
        return min(candidates, key=lambda q: (q.last_answered_at, q.question_id)).question_id

    def cost(q: QuestionCandidate) -> tuple[float, int]:
        gap = abs(
            predicted_success(p_known=p, difficulty=q.difficulty, params=params) - TARGET_SUCCESS
        )
        # Each earlier answer costs as much as a 0.08 miss on predicted success, so a
        # well-matched question is preferred but no question is served forever while
        # others wait: every published question eventually gets used.
        return (gap + REPEAT_PENALTY * q.times_answered, q.question_id)

    return min(fresh, key=cost).question_id
