"""Plain-English sentences about mastery: one per attempt, one per concept (pure)."""

from progress.mastery.bkt import MasteryStep
from progress.mastery.status import (
    MASTERED_THRESHOLD,
    MIN_ATTEMPTS_FOR_MASTERY,
    STATUS_MASTERED,
    STATUS_NOT_STARTED,
    STATUS_REVIEW_NEEDED,
)


def _pct(p: float) -> str:
    return f"{round(100 * p)}%"


def explain_step(step: MasteryStep) -> str:
    """One plain-English sentence describing an attempt and its effect."""
    if step.score >= 1.0:
        what = "Correct"
    elif step.score <= 0.0:
        what = "Wrong"
    else:
        what = f"Partly correct ({_pct(step.score)})"
    if step.hints_used == 0:
        what += " without hints"
    else:
        what += f" after {step.hints_used} hint{'s' if step.hints_used != 1 else ''}"
    reasons = []
    if step.gap_steps > 0:
        reasons.append(f"{step.gap_steps} question{'s' if step.gap_steps != 1 else ''} elsewhere")
    if step.elapsed_days:
        days = round(step.elapsed_days)
        reasons.append(f"{days} day{'s' if days != 1 else ''} away" if days else "a few hours away")
    start = step.p_before if step.p_before is not None else step.p_decayed
    if step.p_before is None:
        what = f"First attempt, {what[0].lower()}{what[1:]}"
    elif round(100 * step.p_decayed) < round(100 * step.p_before) and reasons:
        what += f" (the estimate had eased to {_pct(step.p_decayed)} after {' and '.join(reasons)})"
    before, after = round(100 * start), round(100 * step.p_after)
    if after > before:
        move = f"estimate rose from {before}% to {after}%"
    elif after < before:
        move = f"estimate fell from {before}% to {after}%"
    else:
        move = f"estimate stayed at {after}%"
    return f"{what}: {move}."


def explain_summary(
    *, p_known: float | None, attempts: int, status: str, concept: str = "this concept"
) -> str:
    """One or two sentences summarising a concept's state for a learner or teacher."""
    if status == STATUS_NOT_STARTED or p_known is None:
        return f"No attempts on {concept} yet."
    n = f"{attempts} attempt{'s' if attempts != 1 else ''}"
    pct = _pct(p_known)
    if status == STATUS_MASTERED:
        return f"Mastered: after {n} we are {pct} sure {concept} is known."
    if status == STATUS_REVIEW_NEEDED:
        return (
            f"Review needed: {concept} was mastered, but the estimate is now {pct}; "
            "a short practice will bring it back."
        )
    missing = max(0, MIN_ATTEMPTS_FOR_MASTERY - attempts)
    tail = (
        f" At least {missing} more attempt{'s' if missing != 1 else ''} needed."
        if missing and p_known >= MASTERED_THRESHOLD
        else f" Mastery is reached at {_pct(MASTERED_THRESHOLD)}."
    )
    return f"In progress: {pct} sure {concept} is known after {n}.{tail}"
