"""Fitting by EM and predicting whole sequences, on synthetic and public data."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import strategies as st

from progress.mastery.bkt import (
    DEFAULT_PARAMS,
    BKTParams,
    mastery_update,
    predict_correct,
)
from progress.mastery.em import fit
from progress.mastery.evaluation import auc, parse_three_line
from progress.mastery.hmm import predict_sequences
from tests.conftest import require_shared_data

P = BKTParams(prior=0.3, learn=0.1, slip=0.1, guess=0.2, forget=0.02, gap_forget=0.01, gap_cap=20)


def update(p, score=1.0, hints=0, gap=0, days=None, params=P):
    return mastery_update(
        p_known=p, score=score, hints_used=hints, gap_steps=gap, elapsed_days=days, params=params
    )


probs = st.floats(min_value=0.0, max_value=1.0)


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


def test_fit_on_real_assistments_data_beats_chance_and_predicts_held_out_students():
    path = require_shared_data("kt/builder_train.csv")
    with open(path, encoding="utf-8") as fh:
        seqs = parse_three_line(fh)
    assert len(seqs) == 3361
    assert sum(len(s) for s, _ in seqs) == 407967
    rng = np.random.default_rng(0)
    order = rng.permutation(len(seqs))
    train = [seqs[i] for i in order[:1500]]
    test = [seqs[i] for i in order[2800:]]
    result = fit(train, max_iter=40)
    y = np.concatenate([np.asarray(o, dtype=float) for _, o in test])
    pred = np.concatenate(predict_sequences(test, result.params))
    assert auc(y, pred) > 0.78
    assert all(0 <= p.slip < 0.5 and 0 <= p.guess < 0.5 for p in result.params.values())
    assert predict_correct(0.0, DEFAULT_PARAMS) == DEFAULT_PARAMS.guess
