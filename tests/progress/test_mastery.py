"""Pure tests of progress.mastery (no database)."""

from __future__ import annotations

import os
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from progress.mastery.bkt import (
    DEFAULT_PARAMS,
    BKTParams,
    MasteryStep,
    current_estimate,
    effective_score,
    mastery_update,
    predict_correct,
    rollup,
)
from progress.mastery.em import fit
from progress.mastery.evaluation import auc, parse_three_line
from progress.mastery.explain import explain_step, explain_summary
from progress.mastery.hmm import predict_sequences
from progress.mastery.status import MASTERED_THRESHOLD, mastery_status

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


@settings(max_examples=300, deadline=None)
@given(
    p=st.none() | probs,
    score=probs,
    hints=st.integers(0, 10),
    gap=st.integers(0, 10_000),
    days=st.none() | st.floats(min_value=0, max_value=10_000),
)
def test_probabilities_stay_in_unit_interval(p, score, hints, gap, days):
    step = update(p, score=score, hints=hints, gap=gap, days=days)
    for value in (step.p_decayed, step.p_after, step.predicted_correct):
        assert 0.0 <= value <= 1.0


@settings(max_examples=200, deadline=None)
@given(p=st.floats(0.001, 0.999), s1=probs, s2=probs, gap=st.integers(0, 100))
def test_monotonic_in_score(p, s1, s2, gap):
    lo, hi = sorted((s1, s2))
    assert update(p, score=lo, gap=gap).p_after <= update(p, score=hi, gap=gap).p_after + 1e-12


@settings(max_examples=200, deadline=None)
@given(p=st.floats(0.001, 0.999), hints=st.integers(0, 5))
def test_more_hints_smaller_increase(p, hints):
    assert update(p, hints=hints + 1).p_after <= update(p, hints=hints).p_after + 1e-12


def test_hints_strictly_reduce_gain_table():
    gains = [update(0.5, hints=h).p_after for h in range(5)]
    assert gains[0] > gains[1] > gains[2] > gains[3] >= gains[4]


# ----------------------------------------------------------------- forgetting


@settings(max_examples=200, deadline=None)
@given(p=probs, g1=st.integers(0, 200), g2=st.integers(0, 200))
def test_larger_gap_lower_estimate_never_below_floor(p, g1, g2):
    lo, hi = sorted((g1, g2))
    a = current_estimate(p_known=p, gap_steps=lo, elapsed_days=None, params=P)
    b = current_estimate(p_known=p, gap_steps=hi, elapsed_days=None, params=P)
    assert b <= a <= p
    assert b >= p * (1 - P.gap_forget) ** P.gap_cap - 1e-15


@settings(max_examples=200, deadline=None)
@given(p=probs, d1=st.floats(0, 1e5), d2=st.floats(0, 1e5))
def test_more_days_lower_estimate_never_below_floor(p, d1, d2):
    lo, hi = sorted((d1, d2))
    a = current_estimate(p_known=p, gap_steps=0, elapsed_days=lo, params=P)
    b = current_estimate(p_known=p, gap_steps=0, elapsed_days=hi, params=P)
    assert b <= a <= p
    assert b >= p * P.retention_floor - 1e-15


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


# ----------------------------------------------------------------- status, rollup, text


@pytest.mark.parametrize(
    ("p", "attempts", "was_mastered", "recall", "expected"),
    [
        (None, 0, False, None, "not_started"),
        (0.5, 1, False, None, "in_progress"),
        (0.96, 2, False, None, "in_progress"),  # too few attempts
        (0.96, 3, False, None, "mastered"),
        (0.95, 3, False, 0.99, "mastered"),
        (0.97, 10, True, None, "mastered"),
        (0.97, 10, True, 0.95, "mastered"),
        (0.97, 10, True, 0.5, "review_needed"),  # scheduler says recall is low
        (0.80, 10, True, None, "review_needed"),  # dropped below the mastery line
        (None, 0, True, None, "review_needed"),
    ],
)
def test_status_table(p, attempts, was_mastered, recall, expected):
    assert (
        mastery_status(
            p_known=p, attempts=attempts, was_mastered=was_mastered, predicted_recall=recall
        )
        == expected
    )


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([], None),
        ([(0.5, 1.0)], 0.5),
        ([(0.2, 1.0), (0.8, 1.0)], 0.5),
        ([(0.2, 1.0), (0.8, 3.0)], 0.65),
        ([(None, 1.0), (0.8, 1.0)], 0.4),  # not started counts as 0
        ([(None, 1.0)], 0.0),
        ([(0.9, 0.0)], None),  # nothing weighs anything
        ([(0.9, 0.0), (0.3, 2.0)], 0.3),
    ],
)
def test_rollup_table(values, expected):
    result = rollup(values)
    if expected is None:
        assert result is None
    else:
        assert result == pytest.approx(expected)


def test_rollup_rejects_negative_weight():
    with pytest.raises(ValueError):
        rollup([(0.5, -1.0)])


def _step(p_before, p_after, score=1.0, hints=0, gap=0, days=None, p_decayed=None):
    return MasteryStep(
        p_before=p_before,
        p_decayed=p_before if p_decayed is None else p_decayed,
        p_after=p_after,
        predicted_correct=0.5,
        score=score,
        effective_score=score,
        hints_used=hints,
        gap_steps=gap,
        elapsed_days=days,
    )


@pytest.mark.parametrize(
    ("step", "text"),
    [
        (_step(0.42, 0.61), "Correct without hints: estimate rose from 42% to 61%."),
        (_step(0.42, 0.30, score=0.0), "Wrong without hints: estimate fell from 42% to 30%."),
        (
            _step(0.5, 0.55, hints=2),
            "Correct after 2 hints: estimate rose from 50% to 55%.",
        ),
        (
            _step(0.8, 0.5, score=0.0, gap=12, p_decayed=0.7),
            "Wrong without hints (the estimate had eased to 70% after 12 questions elsewhere):"
            " estimate fell from 80% to 50%.",
        ),
        (
            _step(None, 0.6, p_decayed=0.3),
            "First attempt, correct without hints: estimate rose from 30% to 60%.",
        ),
        (
            _step(0.6, 0.6, score=0.5),
            "Partly correct (50%) without hints: estimate stayed at 60%.",
        ),
    ],
)
def test_explain_step_table(step, text):
    assert explain_step(step) == text


def test_explain_summary_covers_each_status():
    assert "No attempts" in explain_summary(p_known=None, attempts=0, status="not_started")
    assert "Mastered" in explain_summary(p_known=0.97, attempts=5, status="mastered")
    assert "Review needed" in explain_summary(p_known=0.7, attempts=5, status="review_needed")
    text = explain_summary(p_known=0.96, attempts=2, status="in_progress", concept="fractions")
    assert text.startswith("In progress: 96% sure fractions is known")
    assert "1 more attempt needed" in text


# ----------------------------------------------------------------- sequences and fitting


def _simulate(params: dict[int, BKTParams], n_students: int, length: int, seed: int):
    """Students interleave the skills at random; responses drawn from the model."""
    rng = np.random.default_rng(seed)
    skills = list(params)
    out = []
    for _ in range(n_students):
        known: dict[int, bool] = {}
        last: dict[int, int] = {}
        sk_seq, ob_seq = [], []
        for t in range(length):
            k = (
                skills[rng.integers(len(skills))]
                if rng.random() < 0.4
                else (sk_seq[-1] if sk_seq else skills[0])
            )
            p = params[k]
            if k not in known:
                known[k] = rng.random() < p.prior
            else:
                keep = (1 - p.forget) * (1 - p.gap_forget) ** min(t - last[k] - 1, p.gap_cap)
                if known[k] and rng.random() > keep:
                    known[k] = False
            pc = 1 - p.slip if known[k] else p.guess
            sk_seq.append(k)
            ob_seq.append(int(rng.random() < pc))
            if not known[k] and rng.random() < p.learn:
                known[k] = True
            last[k] = t
        out.append((sk_seq, ob_seq))
    return out


def test_predict_sequences_equals_chained_updates():
    params = {0: P, 1: replace(P, prior=0.6, learn=0.2, forget=0.05, gap_forget=0.03)}
    seqs = _simulate(params, n_students=5, length=40, seed=3)
    preds = predict_sequences(seqs, params)
    for (sk, ob), pred in zip(seqs, preds, strict=True):
        state: dict[int, float] = {}
        last: dict[int, int] = {}
        for t, (k, y) in enumerate(zip(sk, ob, strict=True)):
            gap = t - last[k] - 1 if k in last else 0
            step = mastery_update(
                p_known=state.get(k),
                score=y,
                hints_used=0,
                gap_steps=gap,
                elapsed_days=None,
                params=params[k],
            )
            assert pred[t] == pytest.approx(step.predicted_correct, abs=1e-12)
            state[k], last[k] = step.p_after, t


def test_fit_recovers_parameters_on_synthetic_data():
    truth = {
        0: BKTParams(prior=0.3, learn=0.15, slip=0.1, guess=0.2, forget=0.03, gap_forget=0.05),
        1: BKTParams(prior=0.5, learn=0.08, slip=0.15, guess=0.25, forget=0.01, gap_forget=0.02),
    }
    seqs = _simulate(truth, n_students=1500, length=40, seed=7)
    result = fit(seqs)
    assert result.fitted_skills == {0, 1}
    for k, true in truth.items():
        got = result.params[k]
        assert got.prior == pytest.approx(true.prior, abs=0.06)
        assert got.learn == pytest.approx(true.learn, abs=0.04)
        assert got.slip == pytest.approx(true.slip, abs=0.03)
        assert got.guess == pytest.approx(true.guess, abs=0.04)
        assert got.forget == pytest.approx(true.forget, abs=0.03)
        assert got.gap_forget == pytest.approx(true.gap_forget, abs=0.03)


def test_fit_keeps_defaults_for_thin_skills_and_plain_bkt_has_no_forgetting():
    seqs = [([0] * 30 + [9] * 3, [1, 0] * 15 + [1, 1, 0]) for _ in range(20)]
    result = fit(seqs, fit_forget=False)
    assert result.fitted_skills == {0}
    assert result.params[9] == replace(DEFAULT_PARAMS, forget=0.0, gap_forget=0.0)
    assert result.params[0].forget == 0.0


def test_auc_hand_computed():
    assert auc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == pytest.approx(0.75)
    # ties count one half: pairs (0.5,0.5)=.5, (0.5,0.1)=1, (0.9,0.5)=1, (0.9,0.1)=1 -> 3.5/4
    assert auc([0, 1, 1, 0], [0.5, 0.5, 0.9, 0.1]) == pytest.approx(0.875)
    assert auc([1, 0], [0.3, 0.3]) == pytest.approx(0.5)
    with pytest.raises(ValueError):
        auc([1, 1], [0.2, 0.3])


def test_parse_three_line():
    text = ["3\n", "4,4,7,\n", "1,0,1,\n", "1\n", "2,\n", "0,\n"]
    assert parse_three_line(text) == [([4, 4, 7], [1, 0, 1]), ([2], [0])]
    with pytest.raises(ValueError):
        parse_three_line(["2", "1,", "1,"])


def _real_file() -> Path | None:
    root = Path(__file__).resolve().parents[2]
    base = Path(os.environ.get("PATHWISE_SHARED_DATA", root.parent / "shared" / "data"))
    path = base / "kt" / "builder_train.csv"
    if path.exists():
        return path
    if os.environ.get("CI") == "true":
        pytest.fail(f"{path} is missing: CI must run the real-data check")
    pytest.skip(f"{path} not found (set PATHWISE_SHARED_DATA to the shared data folder)")
    return None


def test_fit_on_real_assistments_data_beats_chance_and_predicts_held_out_students():
    path = _real_file()
    with open(path, encoding="utf-8") as fh:
        seqs = parse_three_line(fh)
    assert len(seqs) == 3361
    assert sum(len(s) for s, _ in seqs) == 407967
    rng = np.random.default_rng(0)
    order = rng.permutation(len(seqs))
    train = [seqs[i] for i in order[:1500]]
    test = [seqs[i] for i in order[2800:]]
    started = time.perf_counter()
    result = fit(train, max_iter=40)
    assert time.perf_counter() - started < 15
    y = np.concatenate([np.asarray(o, dtype=float) for _, o in test])
    pred = np.concatenate(predict_sequences(test, result.params))
    assert auc(y, pred) > 0.78
    assert all(0 <= p.slip < 0.5 and 0 <= p.guess < 0.5 for p in result.params.values())
    assert predict_correct(0.0, DEFAULT_PARAMS) == DEFAULT_PARAMS.guess
