"""Per-concept mastery: Bayesian Knowledge Tracing with forgetting.

Pure module (numpy + stdlib, no ORM, no request, no clock): the Django service and
``bench/mastery_eval.py`` call the same functions. See ``docs/mastery.md``.

Model, per concept, with hidden state K in {unknown, known}:

* first attempt: P(K) = ``prior``;
* before an attempt, the stored estimate decays (forgetting)::

      keep(g, d) = (1 - forget) * (1 - gap_forget) ** min(g, gap_cap) * R(d)
      R(d)       = retention_floor + (1 - retention_floor) * 2 ** (-d / half_life_days)
      p_decayed  = p * keep(g, d)

  where g = the learner's attempts on *other* concepts since the last attempt on this
  one ("gap steps") and d = elapsed days (``None`` or 0 -> R = 1). Shown between
  attempts (:func:`current_estimate`) the factor ``(1 - forget)`` is left out: it is the
  chance of forgetting by the next attempt, not a loss that has already happened;
* observation with effective score e in [0, 1] (partial credit and hints, see
  :func:`effective_score`), a mixture of "correct" and "wrong"::

      P(obs | known)   = e * (1 - slip) + (1 - e) * slip
      P(obs | unknown) = e * guess      + (1 - e) * (1 - guess)

* after the attempt the learner may learn: p_after = post + (1 - post) * learn.

``forget`` (per attempt) and the BKT parameters are fitted by EM on the ASSISTments
data; ``gap_forget`` cannot be (see ``docs/mastery.md``), ``R(d)`` never can (no
timestamps in the data) and is conservative by default.

Two chains run on the same answers (``ledger.advance_concept``):

* the **prediction chain** (``ConceptMastery.p_chain``): the fitted parameters as they are,
  per-attempt ``forget`` and ``gap_forget`` included. It predicts the next answer
  (``predict.next_correct``; ``bench/mastery_eval.py`` scores it) and nothing else;
* the **displayed estimate** (``ConceptMastery.p_known``): :func:`display_params` of the same
  parameters, without per-attempt forgetting (it only decays with time between sittings),
  from a cautious prior, and with a guess rate no lower than the question's blind-guess
  chance. This is the number teachers and learners see and mastery is judged on.

An answer that is practice rather than evidence (``evidence.py``) has ``evidence=0``: it is
no observation and no learning opportunity, so neither chain moves.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace

HINT_PENALTY = 0.3
# The displayed estimate is cautious whatever a concept's fitted parameters say: it starts
# at DISPLAY_PRIOR at most (until a learner answers, we assume they probably do not know the
# concept yet), credits a right answer as if a guess succeeded at least DISPLAY_MIN_GUESS of
# the time (more for true/false and few choices), and assumes one question teaches it with
# at most DISPLAY_MAX_LEARN. So one right first answer reads at most 59% (42% on a
# four-choice question with the default parameters), never 91%.
DISPLAY_PRIOR = 0.15
DISPLAY_MIN_GUESS = 0.15
DISPLAY_MAX_LEARN = 0.1
MAX_GUESS = 0.45  # keeps guess < 0.5 so "known" and "unknown" cannot swap meaning


@dataclass(frozen=True)
class BKTParams:
    """Parameters of one concept. Probabilities are per attempt unless stated."""

    prior: float
    learn: float
    slip: float
    guess: float
    forget: float = 0.0
    gap_forget: float = 0.0
    gap_cap: int = 50
    half_life_days: float = 30.0
    retention_floor: float = 0.8

    def __post_init__(self) -> None:
        for name in ("prior", "learn", "forget", "gap_forget", "retention_floor"):
            value = getattr(self, name)
            if not (isinstance(value, (int, float)) and 0.0 <= value <= 1.0):
                raise ValueError(f"{name} must be a probability in [0, 1], got {value!r}")
        for name in ("slip", "guess"):
            value = getattr(self, name)
            if not (isinstance(value, (int, float)) and 0.0 <= value < 0.5):
                raise ValueError(f"{name} must be in [0, 0.5) to keep the model identifiable")
        if self.forget >= 1.0:
            raise ValueError("forget must be below 1")
        if not (isinstance(self.gap_cap, int) and self.gap_cap >= 0):
            raise ValueError(f"gap_cap must be a non-negative integer, got {self.gap_cap!r}")
        if not (self.half_life_days > 0 and math.isfinite(self.half_life_days)):
            raise ValueError("half_life_days must be a positive number of days")


# Pooled fit (all skills as one) of builder_train.csv with forget, rounded; see docs.
# ``gap_forget`` is NOT fitted: the data set has no within-skill gaps (docs/mastery.md).
DEFAULT_PARAMS = BKTParams(
    prior=0.63, learn=0.08, slip=0.16, guess=0.15, forget=0.025, gap_forget=0.002
)


def display_params(params: BKTParams, *, chance: float = 0.0) -> BKTParams:
    """The parameters of the displayed estimate for a question whose blind guess is right
    with probability ``chance``: the prior capped at DISPLAY_PRIOR, guess raised to at least
    DISPLAY_MIN_GUESS and the chance (capped at MAX_GUESS), learn capped at
    DISPLAY_MAX_LEARN, no per-attempt or per-question-elsewhere forgetting."""
    return replace(
        params,
        prior=min(params.prior, DISPLAY_PRIOR),
        learn=min(params.learn, DISPLAY_MAX_LEARN),
        guess=min(max(params.guess, DISPLAY_MIN_GUESS, float(chance)), MAX_GUESS),
        forget=0.0,
        gap_forget=0.0,
    )


@dataclass(frozen=True)
class MasteryStep:
    """One attempt: estimate stored before, after decay, after the update."""

    p_before: float | None
    p_decayed: float
    p_after: float
    predicted_correct: float
    score: float
    effective_score: float
    hints_used: int
    gap_steps: int
    elapsed_days: float | None
    evidence: float = 1.0  # 1: full evidence; 0: practice (see evidence.py)


def _check_prob(name: str, value: float) -> float:
    value = float(value)
    if not (0.0 <= value <= 1.0):
        raise ValueError(f"{name} must be in [0, 1], got {value!r}")
    return value


def effective_score(score: float, hints_used: int) -> float:
    """Evidence of correctness: ``score * max(0, 1 - HINT_PENALTY * hints_used)``."""
    score = _check_prob("score", score)
    if hints_used < 0:
        raise ValueError("hints_used cannot be negative")
    return score * max(0.0, 1.0 - HINT_PENALTY * hints_used)


def decay_factor(
    *, gap_steps: int, elapsed_days: float | None, params: BKTParams, at_attempt: bool = True
) -> float:
    """Fraction of P(known) kept (0 < keep <= 1).

    ``at_attempt=True``: the transition into a new attempt, including the per-attempt
    ``forget``. ``at_attempt=False``: the view now, between attempts (gap and time only).
    """
    if gap_steps < 0:
        raise ValueError("gap_steps cannot be negative")
    keep = (1.0 - params.gap_forget) ** min(gap_steps, params.gap_cap)
    if at_attempt:
        keep *= 1.0 - params.forget
    if elapsed_days:
        if elapsed_days < 0 or not math.isfinite(elapsed_days):
            raise ValueError("elapsed_days must be a non-negative number")
        fresh = 2.0 ** (-elapsed_days / params.half_life_days)
        keep *= params.retention_floor + (1.0 - params.retention_floor) * fresh
    return keep


def predict_correct(p_known: float, params: BKTParams) -> float:
    """P(next answer correct) given P(known) at the moment of answering."""
    p = _check_prob("p_known", p_known)
    return p * (1.0 - params.slip) + (1.0 - p) * params.guess


def current_estimate(
    *, p_known: float | None, gap_steps: int, elapsed_days: float | None, params: BKTParams
) -> float:
    """Decayed P(known) for display now, without an attempt (None -> prior).

    Applies gap and time decay only; the per-attempt ``forget`` belongs to the transition
    into the next attempt (see :func:`mastery_update`), so a fresh estimate is shown as is.
    """
    if p_known is None:
        return params.prior
    p = _check_prob("p_known", p_known)
    keep = decay_factor(
        gap_steps=gap_steps, elapsed_days=elapsed_days, params=params, at_attempt=False
    )
    return p * keep


def mastery_update(
    *,
    p_known: float | None,
    score: float,
    hints_used: int,
    gap_steps: int,
    elapsed_days: float | None,
    params: BKTParams,
    evidence: float = 1.0,
) -> MasteryStep:
    """Update P(known) after one attempt. ``p_known=None``: never practised (prior).

    ``evidence`` weighs the answer: 1 is a full observation; 0 (practice) changes nothing
    but the decay; in between the likelihoods are tempered (raised to that power) and the
    chance to learn scaled by it.
    """
    if not 0.0 <= evidence <= 1.0:
        raise ValueError("evidence must be in [0, 1]")
    if p_known is None:
        p_dec = params.prior
    else:
        keep = decay_factor(gap_steps=gap_steps, elapsed_days=elapsed_days, params=params)
        p_dec = _check_prob("p_known", p_known) * keep
    e = effective_score(score, hints_used)
    like_known = (e * (1.0 - params.slip) + (1.0 - e) * params.slip) ** evidence
    like_unknown = (e * params.guess + (1.0 - e) * (1.0 - params.guess)) ** evidence
    num = p_dec * like_known
    den = num + (1.0 - p_dec) * like_unknown
    post = num / den if den > 0 else p_dec
    p_after = post + (1.0 - post) * params.learn * evidence
    return MasteryStep(
        p_before=None if p_known is None else float(p_known),
        p_decayed=p_dec,
        p_after=min(1.0, max(0.0, p_after)),
        predicted_correct=predict_correct(p_dec, params),
        score=float(score),
        effective_score=e,
        hints_used=hints_used,
        gap_steps=gap_steps,
        elapsed_days=elapsed_days,
        evidence=evidence,
    )


def display_update(
    *,
    p_known: float | None,
    score: float,
    hints_used: int,
    gap_steps: int,
    elapsed_days: float | None,
    params: BKTParams,
    chance: float,
    evidence: float = 1.0,
) -> MasteryStep:
    """One answer's step on the displayed estimate: :func:`mastery_update` with
    :func:`display_params`, except that an answer with no credit never *raises* it (BKT's
    chance of learning from the feedback would lift a low estimate after a wrong answer,
    which reads as nonsense: "wrong, estimate rose"). It then stays where it was."""
    step = mastery_update(
        p_known=p_known,
        score=score,
        hints_used=hints_used,
        gap_steps=gap_steps,
        elapsed_days=elapsed_days,
        params=display_params(params, chance=chance),
        evidence=evidence,
    )
    if step.effective_score <= 0.0 and step.p_after > step.p_decayed:
        return replace(step, p_after=step.p_decayed)
    return step


def rollup(values: Iterable[tuple[float | None, float]]) -> float | None:
    """Weighted mean of (P(known) or None, weight) pairs: the one roll-up for every page.

    ``None`` (not started) counts as 0: an untouched concept is not known. Weights must be
    non-negative; returns None when there is nothing to average (no items or all weights 0).
    """
    total = 0.0
    weight_sum = 0.0
    for p, weight in values:
        if weight < 0 or not math.isfinite(weight):
            raise ValueError("weights must be finite and non-negative")
        if p is not None:
            total += _check_prob("p_known", p) * weight
        weight_sum += weight
    if weight_sum == 0:
        return None
    return total / weight_sum
