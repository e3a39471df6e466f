"""What an answer tells the model (evidence or practice), and one answer's effect on a
concept (progress.mastery.evidence and progress.mastery.ledger), pure."""

from datetime import UTC, datetime, timedelta

import pytest

from progress.mastery import evidence, ledger
from progress.mastery.bkt import DEFAULT_PARAMS, BKTParams, display_params
from progress.mastery.status import status_at

NOW = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("kind", "n", "chance"),
    [
        ("single", 4, 0.25),
        ("single", 2, 0.5),
        ("true_false", 2, 0.5),
        ("multiple", 3, 1 / 7),
        ("numeric", 0, 0.0),
        ("short_text", 3, 0.0),  # accepted answers are not options to pick from
        ("single", 0, 0.0),
    ],
)
def test_chance_of_a_blind_guess(kind, n, chance):
    assert evidence.chance_of(kind, n) == pytest.approx(chance)
    snapshot = {"kind": kind, "choices": [{"id": i} for i in range(n)]}
    assert evidence.chance_of_snapshot(snapshot) == pytest.approx(chance)


def _answer(ledger_, qid, *, at, score=1.0, hints=0):
    reading = evidence.read(ledger_, question_id=qid, score=score, hints_used=hints, at=at)
    after = evidence.record(ledger_, question_id=qid, reading=reading, effective_score=score, at=at)
    return reading, after


@pytest.mark.parametrize(
    ("since", "fresh"),
    [
        (timedelta(seconds=0.6), False),
        (timedelta(minutes=3), False),
        (timedelta(hours=11, minutes=59), False),
        (timedelta(hours=12), True),
        (timedelta(days=3), True),
    ],
)
def test_a_repeat_within_the_sitting_is_practice(since, fresh):
    _, ledger_ = _answer(None, 7, at=NOW, score=0.0)
    reading, _ = _answer(ledger_, 7, at=NOW + since)
    assert reading.fresh is fresh
    assert reading.weight == (evidence.FULL_WEIGHT if fresh else evidence.PRACTICE_WEIGHT)
    assert reading.credited is fresh


def test_first_try_is_full_evidence_and_other_questions_are_unaffected():
    _, ledger_ = _answer(None, 1, at=NOW)
    reading, _ = _answer(ledger_, 2, at=NOW + timedelta(seconds=5))
    assert reading.fresh and reading.weight == 1.0 and reading.seen_seconds_ago is None


def test_credited_questions_are_distinct_and_need_no_hints():
    ledger_ = None
    for qid, hints in [(1, 0), (1, 0), (2, 1), (3, 0)]:
        _, ledger_ = _answer(ledger_, qid, at=NOW, hints=hints)
    assert evidence.credited_questions(ledger_) == 2  # 1 (once) and 3; 2 needed a hint
    # The same question right again a day later is still one question.
    _, ledger_ = _answer(ledger_, 1, at=NOW + timedelta(days=1))
    assert evidence.credited_questions(ledger_) == 2


def test_recent_accuracy_keeps_the_latest_fresh_answers_only():
    ledger_ = None
    for i in range(evidence.RECENT_EVIDENCE + 5):
        _, ledger_ = _answer(ledger_, i, at=NOW, score=0.0 if i < 5 else 1.0)
    assert evidence.recent_accuracy(ledger_) == 1.0
    _, ledger_ = _answer(ledger_, 0, at=NOW + timedelta(minutes=1), score=0.0)  # practice
    assert evidence.recent_accuracy(ledger_) == 1.0
    assert len(ledger_["recent"]) == evidence.RECENT_EVIDENCE
    assert evidence.recent_accuracy(None) is None


def test_record_does_not_change_the_ledger_it_was_given():
    _, first = _answer(None, 1, at=NOW)
    copy = {"questions": {k: list(v) for k, v in first["questions"].items()}, "recent": [1.0]}
    _answer(first, 1, at=NOW + timedelta(days=1), score=0.0)
    assert first == copy


# ------------------------------------------------------------------ ledger


def advance(state, qid, *, correct=True, at=NOW, hints=0, chance=0.25, params=DEFAULT_PARAMS):
    return ledger.advance_concept(
        state,
        question_id=qid,
        chance=chance,
        score=1.0 if correct else 0.0,
        is_correct=correct,
        hints_used=hints,
        confidence=None,
        learner_attempts_before=state.attempts if state else 0,
        now=at,
        params=params,
    )


def run(answers, *, start=NOW, every=timedelta(seconds=20), **kwargs):
    state, steps = None, []
    for i, (qid, correct) in enumerate(answers):
        result = advance(state, qid, correct=correct, at=start + i * every, **kwargs)
        state = result.state
        steps.append(result)
    return state, steps


def test_repeating_revealed_answers_moves_nothing():
    """The demo journey: 4 wrong answers, then the 4 revealed answers again, many times."""
    state, steps = run([(q, False) for q in range(4)])
    low = state.p_known
    for i in range(40):
        result = advance(state, i % 4, at=NOW + timedelta(minutes=2, seconds=3 * i))
        assert result.step.evidence == 0.0
        assert result.state.p_known == low
        state = result.state
    assert state.status == "in_progress"
    assert state.review_card == steps[0].state.review_card  # practice is no review either
    assert state.attempts == 44 and state.correct == 40


def test_one_right_first_answer_reads_about_sixty_percent_at_most():
    for chance in (0.0, 0.25, 0.5):
        result = advance(None, 1, chance=chance)
        assert result.state.p_known <= 0.6
    assert advance(None, 1, chance=0.25).state.p_known == pytest.approx(0.42, abs=0.01)


def test_no_decay_within_a_sitting():
    state, _ = run([(q, True) for q in range(6)])
    assert state.status == "mastered"
    # Hours later, still the same sitting: a right answer on a new question never lowers it.
    result = advance(state, 99, at=NOW + timedelta(hours=11))
    assert result.step.p_decayed == state.p_known
    assert result.step.elapsed_days is None
    # After a night away the estimate has eased a little before the answer is counted.
    result = advance(state, 99, at=NOW + timedelta(days=2))
    assert result.step.p_decayed < state.p_known
    assert result.step.elapsed_days == pytest.approx(2, abs=0.01)


def test_the_prediction_chain_keeps_its_per_attempt_forgetting():
    """The fitted forget still acts where it helps prediction, never on the estimate."""
    _, steps = run([(q, True) for q in range(8)])
    assert all(s.p_chain_before is not None for s in steps[1:])
    assert steps[-1].p_chain_before < steps[-2].state.p_chain  # forgot a little in between
    assert steps[-1].step.p_decayed == steps[-2].state.p_known  # the estimate did not


def test_mastery_needs_three_distinct_questions():
    """The same two questions right on six different days: a high estimate, still in
    progress; a third question right at the first try masters it."""
    state = None
    for day in range(6):
        for qid in (1, 2):
            state = advance(state, qid, at=NOW + timedelta(days=day, minutes=qid)).state
    assert state.p_known > 0.95 and state.status == "in_progress"
    assert evidence.credited_questions(state.evidence) == 2
    state = advance(state, 3, at=NOW + timedelta(days=5, minutes=9)).state
    assert state.status == "mastered" and state.was_mastered


def test_review_needed_comes_only_when_the_review_falls_due():
    state, _ = run([(q, True) for q in range(6)])
    assert state.status == "mastered"
    assert state.review_due_at - NOW >= timedelta(days=1)

    def now_status(at):
        return status_at(
            stored=state.status,
            was_mastered=state.was_mastered,
            review_due_at=state.review_due_at,
            now=at,
        )

    assert now_status(NOW + timedelta(hours=6)) == "mastered"
    assert now_status(state.review_due_at - timedelta(seconds=1)) == "mastered"
    assert now_status(state.review_due_at) == "review_needed"


def test_display_params_are_cautious_whatever_was_fitted():
    fitted = BKTParams(prior=0.9, learn=0.9, slip=0.0001, guess=0.0001, forget=0.2)
    shown = display_params(fitted, chance=0.5)
    assert shown.prior == 0.15 and shown.learn == 0.1 and shown.guess == 0.45
    assert shown.forget == 0 and shown.gap_forget == 0
    assert display_params(DEFAULT_PARAMS, chance=0.25).guess == 0.25
