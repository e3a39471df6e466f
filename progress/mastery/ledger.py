"""One answer's effect on a (learner, concept) state (pure).

``attempt_record`` applies it to the stored row; ``recompute_progress`` replays the attempt
log through it. Sharing this function is what makes "no drift after normal use" true.

Per answer, in order: how it counts (``evidence.read``: full evidence or practice), the
displayed estimate (``bkt.display_params``: no decay within a sitting, time decay between
sittings), the prediction chain (the fitted parameters with per-attempt forgetting), the
spaced-review card (evidence only), the evidence ledger, and the status at that moment.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from progress.mastery import evidence, review
from progress.mastery.bkt import BKTParams, MasteryStep, display_update, mastery_update
from progress.mastery.status import STATUS_MASTERED, concept_status


@dataclass(frozen=True)
class ConceptState:
    p_known: float  # the displayed estimate
    status: str  # the status right after the last answer (pages ask status_now)
    attempts: int
    correct: int
    was_mastered: bool
    mastered_at: datetime | None
    last_attempt_at: datetime
    learner_attempt_seq: int
    review_card: dict[str, Any]
    review_due_at: datetime | None
    wrong_streak: int = 0  # answers in a row, up to now, that were wrong
    p_chain: float | None = None  # the prediction chain's P(known) (None: rows from before it)
    evidence: dict[str, Any] = field(default_factory=dict)  # evidence.py's ledger


# A due review counts as "on time" when it is answered within this long after its due date.
REVIEW_GRACE = timedelta(days=2)


@dataclass(frozen=True)
class ConceptAdvance:
    state: ConceptState
    step: MasteryStep  # the displayed estimate's step (what "why this number" shows)
    newly_mastered: bool
    review_on_time: bool = False
    reading: evidence.Reading | None = None
    p_chain_before: float | None = None  # prediction chain, decayed, before this answer


def days_away(last: datetime | None, now: datetime) -> float | None:
    """Days between two sittings, or None within one (no decay by the clock there)."""
    if last is None:
        return None
    gap = now - last
    if gap < evidence.SITTING:
        return None
    return gap.total_seconds() / 86400


def advance_concept(
    state: ConceptState | None,
    *,
    question_id: int,
    chance: float,
    score: float,
    is_correct: bool,
    hints_used: int,
    confidence: int | None,
    learner_attempts_before: int,
    now: datetime,
    params: BKTParams,
) -> ConceptAdvance:
    """The concept's state after one more answer by this learner.

    ``chance`` is the question's blind-guess probability (``evidence.chance_of``).
    """
    ledger_before = state.evidence if state else None
    reading = evidence.read(
        ledger_before, question_id=question_id, score=score, hints_used=hints_used, at=now
    )
    away = days_away(state.last_attempt_at if state else None, now)
    gap = max(0, learner_attempts_before - state.learner_attempt_seq) if state else 0
    step = display_update(
        p_known=state.p_known if state else None,
        score=score,
        hints_used=hints_used,
        gap_steps=gap,  # recorded; the displayed estimate does not decay with it
        elapsed_days=away,
        params=params,
        chance=chance,
        evidence=reading.weight,
    )
    chain = _chain_step(
        state,
        score=score,
        hints_used=hints_used,
        gap=gap,
        away=away,
        params=params,
        weight=reading.weight,
    )
    if reading.weight > 0:
        card = review.review_record(
            card=state.review_card if state else None,
            effective_score=step.effective_score,
            confidence=confidence,
            now=now,
        )
    else:  # practice is not a review: the schedule stays as it was
        card = review.ReviewState(card=state.review_card, due=state.review_due_at, reviewed=False)
    ledger_after = evidence.record(
        ledger_before,
        question_id=question_id,
        reading=reading,
        effective_score=step.effective_score,
        at=now,
    )
    was_mastered = bool(state and state.was_mastered)
    attempts = (state.attempts if state else 0) + 1
    status = concept_status(
        attempts=attempts,
        p_known=step.p_after,
        credited_questions=evidence.credited_questions(ledger_after),
        recent_accuracy=evidence.recent_accuracy(ledger_after),
        was_mastered=was_mastered,
        review_due_at=card.due,
        now=now,
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
        p_chain=chain[1],
        evidence=ledger_after,
    )
    due = state.review_due_at if state else None
    on_time = card.reviewed and due is not None and due <= now <= due + REVIEW_GRACE
    return ConceptAdvance(
        state=new_state,
        step=step,
        newly_mastered=newly_mastered,
        review_on_time=on_time,
        reading=reading,
        p_chain_before=chain[0],
    )


def _chain_step(
    state: ConceptState | None,
    *,
    score: float,
    hints_used: int,
    gap: int,
    away: float | None,
    params: BKTParams,
    weight: float,
) -> tuple[float, float]:
    """(decayed P(known) before, P(known) after) on the prediction chain."""
    if state is not None and state.p_chain is None:
        # A row from before the prediction chain existed: start it from the display value.
        state_p: float | None = state.p_known
    else:
        state_p = state.p_chain if state else None
    step = mastery_update(
        p_known=state_p,
        score=score,
        hints_used=hints_used,
        gap_steps=gap,
        elapsed_days=away,
        params=params,
        evidence=weight,
    )
    if weight == 0 and state_p is not None:
        return state_p, state_p  # practice is no opportunity: no per-attempt forgetting either
    return step.p_decayed, step.p_after


STATE_FIELDS = tuple(ConceptState.__dataclass_fields__)


def state_of(row: Any) -> ConceptState | None:
    """A ConceptState read off any object with the same attribute names (e.g. a model row)."""
    if row is None:
        return None
    return ConceptState(**{name: getattr(row, name) for name in STATE_FIELDS})
