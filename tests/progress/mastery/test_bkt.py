"""The BKT update with forgetting (progress.mastery.bkt): single updates and decay."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import strategies as st

from progress.mastery.bkt import (
    DEFAULT_PARAMS,
    BKTParams,
    current_estimate,
    effective_score,
    mastery_update,
)
from progress.mastery.status import MASTERED_THRESHOLD

P = BKTParams(prior=0.3, learn=0.1, slip=0.1, guess=0.2, forget=0.02, gap_forget=0.01, gap_cap=20)


def update(p, score=1.0, hints=0, gap=0, days=None, params=P):
    return mastery_update(
        p_known=p, score=score, hints_used=hints, gap_steps=gap, elapsed_days=days, params=params
    )


probs = st.floats(min_value=0.0, max_value=1.0)


# ----------------------------------------------------------------- single update


@pytest.mark.parametrize("p", [0.05, 0.3, 0.5, 0.9, 0.99])
def test_correct_answer_raises_estimate(p):
    assert update(p, score=1.0).p_after > p


@pytest.mark.parametrize("p", [0.3, 0.5, 0.9, 0.99])
def test_wrong_answer_lowers_estimate(p):
    assert update(p, score=0.0).p_after < p


def test_first_attempt_starts_from_prior():
    step = update(None, score=1.0)
    assert step.p_before is None
    assert step.p_decayed == P.prior
    assert step.predicted_correct == pytest.approx(0.3 * 0.9 + 0.7 * 0.2)


def test_update_matches_hand_computation():
    # p=0.5, gap 0: decayed 0.49; correct: 0.49*0.9 / (0.49*0.9 + 0.51*0.2) = 0.81215...
    step = update(0.5, score=1.0)
    post = 0.49 * 0.9 / (0.49 * 0.9 + 0.51 * 0.2)
    assert step.p_decayed == pytest.approx(0.49)
    assert step.p_after == pytest.approx(post + (1 - post) * 0.1)


@pytest.mark.parametrize(
    ("score", "hints", "expected"),
    [(1.0, 0, 1.0), (1.0, 1, 0.7), (1.0, 2, 0.4), (1.0, 4, 0.0), (0.5, 1, 0.35), (0.0, 0, 0.0)],
)
def test_effective_score_table(score, hints, expected):
    assert effective_score(score, hints) == pytest.approx(expected)


def test_hints_strictly_reduce_gain_table():
    gains = [update(0.5, hints=h).p_after for h in range(5)]
    assert gains[0] > gains[1] > gains[2] > gains[3] >= gains[4]


# ----------------------------------------------------------------- forgetting


def test_time_decay_half_life_and_off_switch():
    p = 0.9
    for days in (None, 0, 0.0):
        assert current_estimate(p_known=p, gap_steps=0, elapsed_days=days, params=P) == p
    one_half_life = current_estimate(
        p_known=p, gap_steps=0, elapsed_days=P.half_life_days, params=P
    )
    assert one_half_life == pytest.approx(p * (P.retention_floor + (1 - P.retention_floor) / 2))


def test_gap_beyond_cap_decays_no_further():
    at_cap = current_estimate(p_known=0.9, gap_steps=P.gap_cap, elapsed_days=None, params=P)
    beyond = current_estimate(p_known=0.9, gap_steps=10 * P.gap_cap, elapsed_days=None, params=P)
    assert beyond == at_cap < 0.9


def test_attempt_forget_applies_to_next_attempt_not_to_display():
    assert current_estimate(p_known=0.97, gap_steps=0, elapsed_days=None, params=P) == 0.97
    assert update(0.97).p_decayed == pytest.approx(0.97 * (1 - P.forget))


def test_never_practised_displays_prior():
    assert current_estimate(p_known=None, gap_steps=5, elapsed_days=3, params=P) == P.prior


def test_mastery_reachable_with_default_params():
    p = None
    for _ in range(6):
        p = update(p, params=DEFAULT_PARAMS).p_after
    assert p >= MASTERED_THRESHOLD


@pytest.mark.parametrize(
    "kwargs",
    [
        {"slip": 0.5},
        {"guess": 0.6},
        {"prior": 1.2},
        {"learn": -0.1},
        {"forget": 1.0},
        {"gap_cap": -1},
        {"half_life_days": 0},
    ],
)
def test_params_are_validated(kwargs):
    with pytest.raises(ValueError):
        replace(P, **kwargs)


@pytest.mark.parametrize(
    "kwargs", [{"score": 1.5}, {"score": -0.1}, {"hints": -1}, {"gap": -1}, {"days": -2.0}]
)
def test_bad_inputs_rejected(kwargs):
    with pytest.raises(ValueError):
        update(0.5, **kwargs)
