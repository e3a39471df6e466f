"""Status, roll-up and the plain-English explanations of mastery."""

from __future__ import annotations

import pytest
from hypothesis import strategies as st

from progress.mastery.bkt import (
    BKTParams,
    MasteryStep,
    mastery_update,
    rollup,
)
from progress.mastery.explain import explain_step, explain_summary
from progress.mastery.status import mastery_status

P = BKTParams(prior=0.3, learn=0.1, slip=0.1, guess=0.2, forget=0.02, gap_forget=0.01, gap_cap=20)


def update(p, score=1.0, hints=0, gap=0, days=None, params=P):
    return mastery_update(
        p_known=p, score=score, hints_used=hints, gap_steps=gap, elapsed_days=days, params=params
    )


probs = st.floats(min_value=0.0, max_value=1.0)


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
