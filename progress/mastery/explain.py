"""Plain-English sentences about mastery: one per attempt, one per concept (pure)."""

from progress.mastery.bkt import MasteryStep
from progress.mastery.evidence import SITTING
from progress.mastery.status import (
    LABELS,
    MASTERED_THRESHOLD,
    MIN_CREDITED_QUESTIONS,
    MIN_RECENT_ACCURACY,
    STATUS_IN_PROGRESS,
    STATUS_MASTERED,
    STATUS_NOT_STARTED,
    STATUS_REVIEW_NEEDED,
    MasteryCheck,
)

_SITTING_HOURS = round(SITTING.total_seconds() / 3600)
_SITTING_DAYS = SITTING.total_seconds() / 86400


def _pct(p: float) -> str:
    return f"{round(100 * p)}%"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def _away(days: float) -> str:
    """How long the learner was away, in words (only ever called for a new sitting)."""
    if days < 1:
        return f"{_plural(max(1, round(days * 24)), 'hour')} away"
    return f"{_plural(round(days), 'day')} away"


def _answer_words(step: MasteryStep) -> str:
    if step.score >= 1.0:
        what = "Correct"
    elif step.score <= 0.0:
        what = "Wrong"
    else:
        what = f"Partly correct ({_pct(step.score)})"
    if step.hints_used == 0:
        return what + " without hints"
    return what + f" after {_plural(step.hints_used, 'hint')}"


def explain_step(step: MasteryStep) -> str:
    """One plain-English sentence describing an attempt and its effect."""
    what = _answer_words(step)
    if step.evidence <= 0.0:
        return (
            f"{what}, on a question whose answer was shown less than {_SITTING_HOURS} hours "
            f"before: practice, not evidence, so the estimate stayed at "
            f"{_pct(step.p_after)}."
        )
    reasons = []
    if step.gap_steps > 0:
        reasons.append(f"{_plural(step.gap_steps, 'question')} elsewhere")
    # Only a new sitting counts as time away (rows recorded before this rule may carry a
    # fraction of a second: that is no time away).
    if step.elapsed_days and step.elapsed_days >= _SITTING_DAYS:
        reasons.append(_away(step.elapsed_days))
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


def _still_missing(check: MasteryCheck) -> list[str]:
    missing = []
    if not check.at_level:
        missing.append(f"the estimate to reach {_pct(MASTERED_THRESHOLD)}")
    if not check.enough_questions:
        more = MIN_CREDITED_QUESTIONS - check.credited
        missing.append(
            f"{_plural(more, 'more different question')} right at the first try without hints"
        )
    if not check.recent_ok:
        missing.append(
            f"at least {_pct(MIN_RECENT_ACCURACY)} of your latest answers that counted right"
        )
    return missing


def explain_summary(
    *,
    p_known: float | None,
    attempts: int,
    status: str,
    concept: str = "this concept",
    check: MasteryCheck | None = None,
) -> str:
    """One or two sentences summarising a concept's state for a learner or teacher.

    ``check`` (from ``status.mastery_check``) says which parts of the mastery rule are met,
    so an "in progress" concept can say what is still missing.
    """
    if status == STATUS_NOT_STARTED or p_known is None:
        return f"No attempts on {concept} yet."
    n = _plural(attempts, "attempt")
    pct = _pct(p_known)
    if status == STATUS_MASTERED:
        return f"{LABELS[STATUS_MASTERED]}: after {n} we are {pct} sure {concept} is known."
    if status == STATUS_REVIEW_NEEDED:
        return (
            f"{LABELS[STATUS_REVIEW_NEEDED]}: {concept} was mastered and its review is due "
            f"(the estimate after the last answer was {pct}); a short practice will "
            "confirm it."
        )
    assert status == STATUS_IN_PROGRESS, status
    text = f"{LABELS[STATUS_IN_PROGRESS]}: {pct} sure {concept} is known after {n}."
    missing = _still_missing(check) if check is not None else []
    if missing:
        text += " Mastery needs " + "; ".join(missing) + "."
    else:
        text += f" Mastery is reached at {_pct(MASTERED_THRESHOLD)}."
    return text
