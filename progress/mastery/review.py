"""Spaced review per (learner, concept), on top of the ``fsrs`` package (pure, no ORM).

FSRS schedules flashcards; a concept is reviewed through questions. We keep one FSRS card per
(learner, concept) and feed it at most one review per ``REVIEW_MIN_SPACING`` (the first
answer after that long counts), because FSRS models one review per sitting: ten questions
on a concept in one session are one review, not ten. Learning steps are disabled (concepts
are not drilled minute by minute) and fuzzing is off so schedules are reproducible.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from fsrs import Card, Rating, Scheduler

REVIEW_MIN_SPACING = timedelta(hours=12)
DESIRED_RETENTION = 0.9

_scheduler = Scheduler(
    desired_retention=DESIRED_RETENTION,
    learning_steps=(),
    relearning_steps=(),
    enable_fuzzing=False,
)


@dataclass(frozen=True)
class ReviewState:
    card: dict[str, Any]
    due: datetime
    reviewed: bool  # False when the answer came too soon after the last review to count


def rating_for(*, effective_score: float, confidence: int | None = None) -> Rating:
    """Map an answer to an FSRS rating: wrong -> Again, partial -> Hard, right -> Good/Easy."""
    if effective_score < 0.5:
        return Rating.Again
    if effective_score < 1.0:
        return Rating.Hard
    return Rating.Easy if confidence == 3 else Rating.Good


def review_record(
    *, card: dict[str, Any] | None, effective_score: float, confidence: int | None, now: datetime
) -> ReviewState:
    """Feed one answer to the concept's card; returns the new card state and due date."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    current = Card.from_dict(card) if card else Card(card_id=0)
    last = current.last_review
    if last is not None and now - last < REVIEW_MIN_SPACING:
        return ReviewState(card=current.to_dict(), due=current.due, reviewed=False)
    updated, _log = _scheduler.review_card(
        current, rating_for(effective_score=effective_score, confidence=confidence), now
    )
    return ReviewState(card=updated.to_dict(), due=updated.due, reviewed=True)


def predicted_recall(*, card: dict[str, Any] | None, now: datetime) -> float | None:
    """Probability the learner recalls the concept at ``now`` (None: never reviewed)."""
    if not card:
        return None
    current = Card.from_dict(card)
    if current.last_review is None:
        return None
    return float(_scheduler.get_card_retrievability(current, now))
