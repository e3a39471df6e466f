"""Property-based tests of the mastery model (``progress.mastery``, pure).

For any valid parameters and history: estimates stay probabilities; a better answer never
lowers the estimate, more hints never raise it, and time or other work never makes a
learner look as if they know more.
"""

from hypothesis import given, settings
from hypothesis import strategies as st

from progress.mastery.bkt import (
    BKTParams,
    current_estimate,
    decay_factor,
    effective_score,
    mastery_update,
    rollup,
)

FAST = settings(max_examples=80, deadline=None)
EPS = 1e-12

probability = st.floats(min_value=0.0, max_value=1.0)
below_half = st.floats(min_value=0.0, max_value=0.49)
params = st.builds(
    BKTParams,
    prior=probability,
    learn=probability,
    slip=below_half,
    guess=below_half,
    forget=st.floats(min_value=0.0, max_value=0.5),
    gap_forget=st.floats(min_value=0.0, max_value=0.5),
    gap_cap=st.integers(min_value=0, max_value=100),
    half_life_days=st.floats(min_value=0.1, max_value=365.0),
    retention_floor=probability,
)
p_known = st.none() | probability
hints = st.integers(min_value=0, max_value=6)
gaps = st.integers(min_value=0, max_value=500)
days = st.none() | st.floats(min_value=0.0, max_value=3650.0)


def update(p, score, hint_count, gap, elapsed, prm):
    return mastery_update(
        p_known=p,
        score=score,
        hints_used=hint_count,
        gap_steps=gap,
        elapsed_days=elapsed,
        params=prm,
    )


@FAST
@given(p=p_known, score=probability, h=hints, gap=gaps, elapsed=days, prm=params)
def test_every_estimate_stays_a_probability(p, score, h, gap, elapsed, prm):
    step = update(p, score, h, gap, elapsed, prm)
    for value in (step.p_decayed, step.p_after, step.predicted_correct, step.effective_score):
        assert 0.0 <= value <= 1.0


@FAST
@given(
    p=p_known,
    scores=st.tuples(probability, probability),
    h=hints,
    gap=gaps,
    elapsed=days,
    prm=params,
)
def test_a_higher_score_never_gives_a_lower_estimate(p, scores, h, gap, elapsed, prm):
    low, high = sorted(scores)
    assert (
        update(p, high, h, gap, elapsed, prm).p_after
        >= update(p, low, h, gap, elapsed, prm).p_after - EPS
    )


@FAST
@given(
    p=p_known,
    score=probability,
    counts=st.tuples(hints, hints),
    gap=gaps,
    elapsed=days,
    prm=params,
)
def test_more_hints_never_give_a_higher_estimate(p, score, counts, gap, elapsed, prm):
    few, many = sorted(counts)
    assert effective_score(score, many) <= effective_score(score, few)
    assert (
        update(p, score, many, gap, elapsed, prm).p_after
        <= update(p, score, few, gap, elapsed, prm).p_after + EPS
    )


@FAST
@given(
    p=probability,
    gap_pair=st.tuples(gaps, gaps),
    day_pair=st.tuples(st.floats(0.0, 3650.0), st.floats(0.0, 3650.0)),
    prm=params,
    at_attempt=st.booleans(),
)
def test_decay_never_increases_the_estimate(p, gap_pair, day_pair, prm, at_attempt):
    g1, g2 = sorted(gap_pair)
    d1, d2 = sorted(day_pair)
    near = decay_factor(gap_steps=g1, elapsed_days=d1, params=prm, at_attempt=at_attempt)
    far = decay_factor(gap_steps=g2, elapsed_days=d2, params=prm, at_attempt=at_attempt)
    assert 0.0 <= far <= near + EPS <= 1.0 + EPS
    # Never below the floors: the gap is capped, and time keeps ``retention_floor``.
    floor = (1 - prm.gap_forget) ** prm.gap_cap * prm.retention_floor
    assert far >= floor * ((1 - prm.forget) if at_attempt else 1.0) - EPS
    shown = current_estimate(p_known=p, gap_steps=g2, elapsed_days=d2, params=prm)
    assert 0.0 <= shown <= p + EPS
    step = update(p, 1.0, 0, g2, d2, prm)
    assert step.p_decayed <= p + EPS


@FAST
@given(
    values=st.lists(
        st.tuples(p_known, st.floats(min_value=0.0, max_value=100.0)), min_size=0, max_size=10
    )
)
def test_rollup_is_a_probability_or_none(values):
    result = rollup(values)
    if result is None:
        assert sum(w for _, w in values) == 0
    else:
        assert -EPS <= result <= 1.0 + EPS
