"""One answer's effect on a (learner, concept) state (pure).

``attempt_record`` applies it to the stored row; ``recompute_progress`` replays the attempt
log through it. Sharing this function is what makes "no drift after normal use" true.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from progress.mastery import review
from progress.mastery.bkt import BKTParams, MasteryStep, mastery_update
from progress.mastery.status import STATUS_MASTERED, mastery_status


@dataclass(frozen=True)
class ConceptState:
    p_known: float
    status: str
    attempts: int
    correct: int
    was_mastered: bool
    mastered_at: datetime | None
    last_attempt_at: datetime
    learner_attempt_seq: int
    review_card: dict[str, Any]
    review_due_at: datetime | None
    wrong_streak: int = 0  # answers in a row, up to now, that were wrong


# A due review counts as "on time" when it is answered within this long after its due date.
REVIEW_GRACE = timedelta(days=2)


@dataclass(frozen=True)
class ConceptAdvance:
    state: ConceptState
    step: MasteryStep
    newly_mastered: bool
    review_on_time: bool = False


def advance_concept(
    state: ConceptState | None,
    *,
    score: float,
    is_correct: bool,
    hints_used: int,
    confidence: int | None,
    learner_attempts_before: int,
    now: datetime,
    params: BKTParams,
) -> ConceptAdvance:
    """The concept's state after one more answer by this learner."""
    if state is None:
        step = mastery_update(
            p_known=None,
            score=score,
            hints_used=hints_used,
            gap_steps=0,
            elapsed_days=None,
            params=params,
        )
    else:
        step = mastery_update(
            p_known=state.p_known,
            score=score,
            hints_used=hints_used,
            gap_steps=max(0, learner_attempts_before - state.learner_attempt_seq),
            elapsed_days=max(0.0, (now - state.last_attempt_at).total_seconds() / 86400),
            params=params,
        )
    card = review.review_record(
        card=state.review_card if state else None,
        effective_score=step.effective_score,
        confidence=confidence,
        now=now,
    )
    was_mastered = bool(state and state.was_mastered)
    attempts = (state.attempts if state else 0) + 1
    status = mastery_status(
        p_known=step.p_after,
        attempts=attempts,
        was_mastered=was_mastered,
        predicted_recall=review.predicted_recall(card=card.card, now=now),
    )
    newly_mastered = status == STATUS_MASTERED and not was_mastered
    new_state = ConceptState(
        p_known=step.p_after,
        status=status,
        attempts=attempts,
        correct=(state.correct if state else 0) + int(is_correct),
        was_mastered=was_mastered or newly_mastered,
        mastered_at=now if newly_mastered else (state.mastered_at if state else None),
        last_attempt_at=now,
        learner_attempt_seq=learner_attempts_before + 1,
        review_card=card.card,
        review_due_at=card.due,
        wrong_streak=0 if is_correct else (state.wrong_streak if state else 0) + 1,
    )
    due = state.review_due_at if state else None
    on_time = card.reviewed and due is not None and due <= now <= due + REVIEW_GRACE
    return ConceptAdvance(
        state=new_state, step=step, newly_mastered=newly_mastered, review_on_time=on_time
    )


STATE_FIELDS = tuple(ConceptState.__dataclass_fields__)


def state_of(row: Any) -> ConceptState | None:
    """A ConceptState read off any object with the same attribute names (e.g. a model row)."""
    if row is None:
        return None
    return ConceptState(**{name: getattr(row, name) for name in STATE_FIELDS})
