"""The next-answer prediction (progress.mastery.predict) and its calibration measures
(progress.mastery.evaluation), pure."""

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from progress.mastery import ledger, predict
from progress.mastery.bkt import BKTParams
from progress.mastery.evaluation import expected_calibration_error, reliability
from progress.mastery.hmm import predict_sequences

ROOT = Path(__file__).resolve().parents[3]
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_ece_is_zero_when_predictions_match_the_observed_rates():
    rng = np.random.default_rng(0)
    p = rng.uniform(size=200_000)
    y = (rng.uniform(size=p.size) < p).astype(float)
    assert expected_calibration_error(y, p) < 0.005
    # Everything predicted 0.1 too high: the error is 0.1.
    assert expected_calibration_error(y, np.clip(p + 0.1, 0, 1)) == pytest.approx(0.1, abs=0.01)


def test_reliability_table_has_every_bin_and_counts_every_prediction():
    y = np.array([0, 1, 1, 0, 1])
    p = np.array([0.05, 0.95, 1.0, 0.45, 0.41])
    table = reliability(y, p, bins=10)
    assert [row["bin"] for row in table][:2] == ["0.0-0.1", "0.1-0.2"]
    assert sum(row["n"] for row in table) == 5
    assert table[9]["n"] == 2 and table[9]["observed"] == 1.0  # 1.0 falls in the last bin
    assert table[4] == {"bin": "0.4-0.5", "n": 2, "mean_predicted": 0.43, "observed": 0.5}
    with pytest.raises(ValueError):
        expected_calibration_error([], [])


def test_fit_weights_recovers_a_known_logistic_model():
    rng = np.random.default_rng(1)
    x = np.column_stack([np.ones(50_000), rng.normal(size=50_000), rng.normal(size=50_000)])
    true = np.array([-0.5, 1.2, 0.4])
    y = (rng.uniform(size=50_000) < 1 / (1 + np.exp(-(x @ true)))).astype(float)
    assert predict.fit_weights(x, y) == pytest.approx(true, abs=0.05)


def test_the_app_predicts_exactly_what_the_benchmark_scores():
    """One learner's answers on two concepts, through the ledger and ``next_correct`` (what
    question choice uses) and through ``hmm.predict_sequences`` + ``feature_matrix`` (what
    bench/mastery_eval.py scores): the same probabilities."""
    params = {
        1: BKTParams(prior=0.4, learn=0.1, slip=0.1, guess=0.2, forget=0.05, gap_forget=0.01),
        2: BKTParams(prior=0.6, learn=0.2, slip=0.2, guess=0.1, forget=0.02, gap_forget=0.0),
    }
    skills = [1, 1, 2, 1, 2, 2, 1, 1, 2, 1]
    right = [0, 1, 1, 1, 0, 1, 1, 0, 1, 1]
    bench = predict.apply_weights(
        predict.feature_matrix([(skills, right)], predict_sequences([(skills, right)], params)),
        predict.STACK_WEIGHTS,
    )
    states: dict[int, ledger.ConceptState] = {}
    correct = 0
    for i, (skill, ok) in enumerate(zip(skills, right, strict=True)):
        state = states.get(skill)
        app = predict.next_correct(
            p_chain=state.p_chain if state else None,
            params=params[skill],
            gap_steps=i - state.learner_attempt_seq if state else 0,
            elapsed_days=None,
            learner_correct=correct,
            learner_answers=i,
        )
        assert app == pytest.approx(bench[i], abs=1e-9)
        states[skill] = ledger.advance_concept(
            state,
            question_id=100 + i,  # a new question each time: all full evidence
            chance=0.0,
            score=float(ok),
            is_correct=bool(ok),
            hints_used=0,
            confidence=None,
            learner_attempts_before=i,
            now=T0 + timedelta(seconds=20 * i),
            params=params[skill],
        ).state
        correct += ok


def _bench(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "bench/mastery_eval.py", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=check,
    )


def test_mastery_eval_prints_ece_and_a_reliability_table(tmp_path):
    """The benchmark end to end on a small synthetic file (the real data set is not needed
    to check the report's shape)."""
    rng = np.random.default_rng(2)
    lines = []
    for _ in range(60):
        n = int(rng.integers(5, 30))
        skill = [int(rng.integers(0, 3)) for _ in range(n)]
        right = [int(rng.uniform() < 0.3 + 0.02 * k) for k in range(n)]
        lines += [str(n), ",".join(map(str, skill)) + ",", ",".join(map(str, right)) + ","]
    data = tmp_path / "kt.csv"
    data.write_text("\n".join(lines) + "\n")
    split = _bench("--train", str(data), "--write-split", str(tmp_path / "split"), "--seed", "3")
    assert json.loads(split.stdout)["n_test_students"] == 12
    out = _bench(
        "--train",
        str(tmp_path / "split" / "train.csv"),
        "--test",
        str(tmp_path / "split" / "test.csv"),
    )
    report = json.loads(out.stdout)
    assert report["model"] == "stacked"
    assert 0 <= report["ece"] <= 1 and 0 <= report["auc"] <= 1
    assert len(report["reliability"]) == 10
    assert sum(row["n"] for row in report["reliability"]) == report["n_responses"]
    assert len(report["folds"][0]["weights"]) == 4


def test_write_split_refuses_a_directory_inside_the_project(tmp_path):
    data = tmp_path / "kt.csv"
    data.write_text("2\n1,1,\n0,1,\n" * 10)
    inside = ROOT / "bench" / "results" / "kt"
    result = _bench("--train", str(data), "--write-split", str(inside), check=False)
    assert result.returncode != 0
    assert "outside the project" in result.stderr
    assert not inside.exists()
