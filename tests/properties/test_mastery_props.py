"""Property-based tests of the mastery model (``progress.mastery``, pure).

For any valid parameters and history: estimates stay probabilities; a better answer never
lowers the estimate, more hints never raise it, and time or other work never makes a
learner look as if they know more. And (issue 14) a repeat within a sitting is never
evidence, nothing decays within a sitting, one right answer never reads above 60%, and
repeating two questions never masters a concept.
"""

import itertools
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from progress.mastery import evidence, ledger
from progress.mastery.bkt import (
    BKTParams,
    current_estimate,
    decay_factor,
    display_params,
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


# --- what counts as evidence, and the displayed estimate (issue 14) --------------------------

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
chances = st.sampled_from([0.0, 1 / 7, 0.25, 1 / 3, 0.5])
# (question id, right?, hints, seconds after the previous answer) within one sitting
sitting_answers = st.lists(
    st.tuples(
        st.integers(min_value=1, max_value=8),
        st.booleans(),
        st.integers(min_value=0, max_value=2),
        st.integers(min_value=1, max_value=600),
    ),
    min_size=1,
    max_size=40,
)


def _replay(answers, prm, chance, start=T0):
    state, steps, at = None, [], start
    for i, (qid, right, hint_count, wait) in enumerate(answers):
        at += timedelta(seconds=wait)
        result = ledger.advance_concept(
            state,
            question_id=qid,
            chance=chance,
            score=float(right),
            is_correct=right,
            hints_used=hint_count,
            confidence=None,
            learner_attempts_before=i,
            now=at,
            params=prm,
        )
        state = result.state
        steps.append(result)
    return state, steps


@FAST
@given(p=probability, score=probability, h=hints, prm=params)
def test_practice_changes_nothing(p, score, h, prm):
    step = mastery_update(
        p_known=p, score=score, hints_used=h, gap_steps=0, elapsed_days=None, params=prm, evidence=0
    )
    assert step.p_after == step.p_decayed == p * (1.0 - prm.forget)  # only the chain's forget
    shown = display_params(prm)
    step = mastery_update(
        p_known=p,
        score=score,
        hints_used=h,
        gap_steps=0,
        elapsed_days=None,
        params=shown,
        evidence=0,
    )
    assert step.p_after == p


@FAST
@given(prm=params, chance=chances)
def test_one_right_first_answer_never_reads_above_sixty_percent(prm, chance):
    _, (step,) = _replay([(1, True, 0, 1)], prm, chance)
    assert step.state.p_known <= 0.6


@FAST
@given(answers=sitting_answers, prm=params, chance=chances)
def test_within_a_sitting_the_estimate_never_decays(answers, prm, chance):
    """Within one sitting the estimate before an answer is the estimate after the last one:
    nothing decays by the clock or by questions elsewhere."""
    _, steps = _replay(answers, prm, chance)
    for before, after in itertools.pairwise(steps):
        assert after.step.p_decayed == before.state.p_known
        assert after.step.elapsed_days is None


@FAST
@given(
    answers=st.lists(
        st.tuples(st.integers(min_value=1, max_value=2), st.booleans(), st.just(0), st.just(5)),
        min_size=1,
        max_size=60,
    ),
    prm=params,
    chance=chances,
)
def test_two_questions_repeated_in_a_sitting_never_master(answers, prm, chance):
    _, steps = _replay(answers, prm, chance)
    assert all(s.state.status != "mastered" for s in steps)
    assert evidence.credited_questions(steps[-1].state.evidence) <= 2


@FAST
@given(answers=sitting_answers, prm=params, chance=chances)
def test_a_repeat_within_the_sitting_is_never_evidence(answers, prm, chance):
    _, steps = _replay(answers, prm, chance)
    seen = set()
    for (qid, *_), step in zip(answers, steps, strict=True):
        assert (step.step.evidence == 0.0) == (qid in seen)
        if qid in seen:
            assert step.state.p_known == step.step.p_before
        seen.add(qid)


@FAST
@given(answers=sitting_answers, prm=params, chance=chances)
def test_review_needed_never_appears_within_the_sitting(answers, prm, chance):
    state, steps = _replay(answers, prm, chance)
    assert all(s.state.status != "review_needed" for s in steps)
    if state.review_due_at is not None:
        assert state.review_due_at - T0 >= timedelta(days=1)


@FAST
@given(answers=sitting_answers, prm=params, chance=chances)
def test_a_wrong_answer_never_raises_the_shown_estimate(answers, prm, chance):
    _, steps = _replay(answers, prm, chance)
    for (_, right, _, _), step in zip(answers, steps, strict=True):
        if not right:
            assert step.state.p_known <= step.step.p_decayed
