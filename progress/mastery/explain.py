"""Plain-language sentences about mastery: one per attempt, one per concept (pure).

The sentences are translated (gettext at call time: the reader's language when the page is
drawn), with counts through ngettext so "1 hint" / "2 hints" read right in every language.
"""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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


def _away(days: float) -> str:
    """How long the learner was away, in words (only ever called for a new sitting)."""
    if days < 1:
        n = max(1, round(days * 24))
        return ngettext("%(n)d hour away", "%(n)d hours away", n) % {"n": n}
    n = round(days)
    return ngettext("%(n)d day away", "%(n)d days away", n) % {"n": n}


def _answer_words(step: MasteryStep) -> str:
    hints = step.hints_used
    if step.score >= 1.0:
        if hints == 0:
            return _("Correct without hints")
        return ngettext("Correct after %(n)d hint", "Correct after %(n)d hints", hints) % {
            "n": hints
        }
    if step.score <= 0.0:
        if hints == 0:
            return _("Wrong without hints")
        return ngettext("Wrong after %(n)d hint", "Wrong after %(n)d hints", hints) % {"n": hints}
    score = _pct(step.score)
    if hints == 0:
        return _("Partly correct (%(score)s) without hints") % {"score": score}
    return ngettext(
        "Partly correct (%(score)s) after %(n)d hint",
        "Partly correct (%(score)s) after %(n)d hints",
        hints,
    ) % {"score": score, "n": hints}


def explain_step(step: MasteryStep) -> str:
    """One plain-language sentence describing an attempt and its effect."""
    what = _answer_words(step)
    if step.evidence <= 0.0:
        return _(
            "%(what)s, on a question whose answer was shown less than %(hours)s hours "
            "before: practice, not evidence, so the estimate stayed at %(estimate)s."
        ) % {"what": what, "hours": _SITTING_HOURS, "estimate": _pct(step.p_after)}
    reasons = []
    if step.gap_steps > 0:
        reasons.append(
            ngettext("%(n)d question elsewhere", "%(n)d questions elsewhere", step.gap_steps)
            % {"n": step.gap_steps}
        )
    # Only a new sitting counts as time away (rows recorded before this rule may carry a
    # fraction of a second: that is no time away).
    if step.elapsed_days and step.elapsed_days >= _SITTING_DAYS:
        reasons.append(_away(step.elapsed_days))
    start = step.p_before if step.p_before is not None else step.p_decayed
    if step.p_before is None:
        what = _("First attempt, %(what)s") % {"what": what[0].lower() + what[1:]}
    elif round(100 * step.p_decayed) < round(100 * step.p_before) and reasons:
        what = _("%(what)s (the estimate had eased to %(estimate)s after %(reasons)s)") % {
            "what": what,
            "estimate": _pct(step.p_decayed),
            "reasons": _(" and ").join(reasons),
        }
    before, after = round(100 * start), round(100 * step.p_after)
    if after > before:
        return _("%(what)s: estimate rose from %(before)s%% to %(after)s%%.") % {
            "what": what,
            "before": before,
            "after": after,
        }
    if after < before:
        return _("%(what)s: estimate fell from %(before)s%% to %(after)s%%.") % {
            "what": what,
            "before": before,
            "after": after,
        }
    return _("%(what)s: estimate stayed at %(after)s%%.") % {"what": what, "after": after}


def _still_missing(check: MasteryCheck) -> list[str]:
    missing = []
    if not check.at_level:
        missing.append(
            _("the estimate to reach %(threshold)s") % {"threshold": _pct(MASTERED_THRESHOLD)}
        )
    if not check.enough_questions:
        more = MIN_CREDITED_QUESTIONS - check.credited
        missing.append(
            ngettext(
                "%(n)d more different question right at the first try without hints",
                "%(n)d more different questions right at the first try without hints",
                more,
            )
            % {"n": more}
        )
    if not check.recent_ok:
        missing.append(
            _("at least %(accuracy)s of your latest answers that counted right")
            % {"accuracy": _pct(MIN_RECENT_ACCURACY)}
        )
    return missing


def explain_summary(
    *,
    p_known: float | None,
    attempts: int,
    status: str,
    concept: str = "",
    check: MasteryCheck | None = None,
) -> str:
    """One or two sentences summarising a concept's state for a learner or teacher.

    ``concept`` names the concept ("" reads "this concept"). ``check`` (from
    ``status.mastery_check``) is the mastery rule's parts, so an "in progress" concept can
    say what is still missing.
    """
    concept = concept or _("this concept")
    if status == STATUS_NOT_STARTED or p_known is None:
        return _("No attempts on %(concept)s yet.") % {"concept": concept}
    values = {"concept": concept, "pct": _pct(p_known), "n": attempts}
    if status == STATUS_MASTERED:
        values["label"] = LABELS[STATUS_MASTERED]
        return (
            ngettext(
                "%(label)s: after %(n)d attempt we are %(pct)s sure %(concept)s is known.",
                "%(label)s: after %(n)d attempts we are %(pct)s sure %(concept)s is known.",
                attempts,
            )
            % values
        )
    if status == STATUS_REVIEW_NEEDED:
        values["label"] = LABELS[STATUS_REVIEW_NEEDED]
        return (
            _(
                "%(label)s: %(concept)s was mastered and its review is due (the estimate "
                "after the last answer was %(pct)s); a short practice will confirm it."
            )
            % values
        )
    assert status == STATUS_IN_PROGRESS, status
    values["label"] = LABELS[STATUS_IN_PROGRESS]
    text = (
        ngettext(
            "%(label)s: %(pct)s sure %(concept)s is known after %(n)d attempt.",
            "%(label)s: %(pct)s sure %(concept)s is known after %(n)d attempts.",
            attempts,
        )
        % values
    )
    missing = _still_missing(check) if check is not None else []
    if missing:
        return text + " " + _("Mastery needs %(parts)s.") % {"parts": _("; ").join(missing)}
    return (
        text
        + " "
        + _("Mastery is reached at %(threshold)s.") % {"threshold": _pct(MASTERED_THRESHOLD)}
    )
