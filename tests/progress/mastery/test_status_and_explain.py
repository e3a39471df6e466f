"""Status, roll-up and the plain-English explanations of mastery."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from progress.mastery.bkt import (
    BKTParams,
    MasteryStep,
    mastery_update,
    rollup,
)
from progress.mastery.explain import explain_step, explain_summary
from progress.mastery.status import (
    LABELS,
    STATUS_IN_PROGRESS,
    STATUS_MASTERED,
    STATUS_NOT_STARTED,
    STATUS_REVIEW_NEEDED,
    concept_status,
    mastery_check,
    status_at,
    status_counts,
)

P = BKTParams(prior=0.3, learn=0.1, slip=0.1, guess=0.2, forget=0.02, gap_forget=0.01, gap_cap=20)


def update(p, score=1.0, hints=0, gap=0, days=None, params=P):
    return mastery_update(
        p_known=p, score=score, hints_used=hints, gap_steps=gap, elapsed_days=days, params=params
    )


probs = st.floats(min_value=0.0, max_value=1.0)


# ----------------------------------------------------------------- status, rollup, text


NOW = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
PAST = NOW - timedelta(hours=1)
LATER = NOW + timedelta(days=1)


def status(p, *, attempts=5, credited=3, recent=1.0, was=False, due=LATER, now=NOW):
    return concept_status(
        attempts=attempts,
        p_known=p,
        credited_questions=credited,
        recent_accuracy=recent,
        was_mastered=was,
        review_due_at=due,
        now=now,
    )


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"p": None, "attempts": 0}, "not_started"),
        ({"p": 0.5}, "in_progress"),
        ({"p": 0.96}, "mastered"),
        ({"p": 0.95}, "mastered"),
        ({"p": 0.949}, "in_progress"),
        # The evidence rule: three different questions right at a fresh first try, no hints.
        ({"p": 0.99, "credited": 2}, "in_progress"),
        ({"p": 0.99, "credited": 0, "attempts": 40}, "in_progress"),  # 40 repeats of one answer
        # ... and most of the latest answers that counted right.
        ({"p": 0.99, "recent": 0.7}, "in_progress"),
        ({"p": 0.99, "recent": None}, "in_progress"),
        ({"p": 0.99, "recent": 0.8}, "mastered"),
        # Review needed only when a mastered concept's review is due: time has passed.
        ({"p": 0.99, "was": True}, "mastered"),
        ({"p": 0.99, "was": True, "due": PAST}, "review_needed"),
        ({"p": 0.99, "was": True, "due": NOW}, "review_needed"),
        ({"p": 0.99, "was": False, "due": PAST}, "mastered"),  # never mastered: not a review
        ({"p": 0.5, "was": False, "due": PAST}, "in_progress"),
        ({"p": 0.6, "was": True}, "in_progress"),  # a wrong answer took it back under the line
        ({"p": 0.6, "was": True, "due": PAST}, "review_needed"),
        ({"p": 0.99, "was": True, "due": None}, "mastered"),
    ],
)
def test_status_table(kwargs, expected):
    assert status(kwargs.pop("p"), **kwargs) == expected


@pytest.mark.parametrize(
    "stored", [STATUS_IN_PROGRESS, STATUS_MASTERED, STATUS_REVIEW_NEEDED, STATUS_NOT_STARTED]
)
@pytest.mark.parametrize("was", [True, False])
@pytest.mark.parametrize("due", [None, PAST, NOW, LATER])
def test_status_at_reads_a_stored_row_as_the_rule_would_now(stored, was, due):
    result = status_at(stored=stored, was_mastered=was, review_due_at=due, now=NOW)
    if stored == STATUS_NOT_STARTED:
        assert result == STATUS_NOT_STARTED
    elif was and due is not None and due <= NOW:
        assert result == STATUS_REVIEW_NEEDED
    elif stored == STATUS_REVIEW_NEEDED:  # an old row's "review needed" that is not due
        assert result == STATUS_IN_PROGRESS
    else:
        assert result == stored


@given(
    p=st.floats(min_value=0, max_value=1),
    credited=st.integers(min_value=0, max_value=6),
    recent=st.one_of(st.none(), st.floats(min_value=0, max_value=1)),
    was=st.booleans(),
    due_hours=st.one_of(st.none(), st.integers(min_value=24, max_value=24 * 400)),
    later_hours=st.integers(min_value=0, max_value=24 * 800),
)
def test_status_at_equals_the_rule_at_any_later_time(
    p, credited, recent, was, due_hours, later_hours
):
    """A row stored at an answer (a review falls due a day or more after it) and read at any
    later time says what the rule says at that time."""
    due = None if due_hours is None else NOW + timedelta(hours=due_hours)
    stored = status(p, credited=credited, recent=recent, was=was, due=due)
    later = NOW + timedelta(hours=later_hours)
    assert status_at(stored=stored, was_mastered=was, review_due_at=due, now=later) == status(
        p, credited=credited, recent=recent, was=was, due=due, now=later
    )


def test_every_status_has_one_label_and_the_model_uses_them():
    from progress.models import ConceptMastery

    assert dict(ConceptMastery.Status.choices) == LABELS
    assert list(LABELS.values()) == ["Not started", "In progress", "Mastered", "Review needed"]
    assert status_counts(["mastered", "mastered", "review_needed"]) == {
        "not_started": 0,
        "in_progress": 0,
        "mastered": 2,
        "review_needed": 1,
    }


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


def _step(p_before, p_after, score=1.0, hints=0, gap=0, days=None, p_decayed=None, weight=1.0):
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
        evidence=weight,
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
        (
            _step(0.8, 0.6, score=0.0, days=3.2, p_decayed=0.75),
            "Wrong without hints (the estimate had eased to 75% after 3 days away):"
            " estimate fell from 80% to 60%.",
        ),
        (
            _step(0.8, 0.6, score=0.0, days=0.6, p_decayed=0.79),
            "Wrong without hints (the estimate had eased to 79% after 14 hours away):"
            " estimate fell from 80% to 60%.",
        ),
        # The bug: answers 0.6 s apart were "a few hours away" (elapsed_days rounded to 0).
        (
            _step(0.8, 0.5, score=0.0, days=0.6 / 86400, p_decayed=0.14),
            "Wrong without hints: estimate fell from 80% to 50%.",
        ),
        (
            _step(0.1, 0.1, weight=0.0),
            "Correct without hints, on a question whose answer was shown less than 12 hours"
            " before: practice, not evidence, so the estimate stayed at 10%.",
        ),
    ],
)
def test_explain_step_table(step, text):
    assert explain_step(step) == text


def test_explain_summary_covers_each_status():
    assert "No attempts" in explain_summary(p_known=None, attempts=0, status="not_started")
    assert "Mastered" in explain_summary(p_known=0.97, attempts=5, status="mastered")
    assert "Review needed" in explain_summary(p_known=0.97, attempts=5, status="review_needed")


def test_explain_summary_says_what_mastery_still_needs():
    check = mastery_check(p_known=0.99, credited_questions=1, recent_accuracy=1.0)
    text = explain_summary(
        p_known=0.99, attempts=9, status="in_progress", concept="fractions", check=check
    )
    assert text.startswith("In progress: 99% sure fractions is known after 9 attempts.")
    assert "2 more different questions right at the first try without hints" in text
    assert "estimate to reach" not in text
    check = mastery_check(p_known=0.5, credited_questions=3, recent_accuracy=0.5)
    text = explain_summary(p_known=0.5, attempts=9, status="in_progress", check=check)
    assert "the estimate to reach 95%" in text
    assert "at least 80% of your latest answers that counted right" in text
