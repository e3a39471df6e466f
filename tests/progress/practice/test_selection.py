"""Pure tests of progress.selection: which concept next, which question within it."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from progress.mastery.bkt import DEFAULT_PARAMS
from progress.mastery.status import STATUS_IN_PROGRESS, STATUS_MASTERED, STATUS_NOT_STARTED
from progress.practice import selection
from progress.practice.selection import ConceptCandidate, QuestionCandidate

NOW = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
P = DEFAULT_PARAMS
MASTERED = STATUS_MASTERED
IN_PROGRESS = STATUS_IN_PROGRESS
NOT_STARTED = STATUS_NOT_STARTED


def concept(cid, order=None, *, p=None, status=NOT_STARTED, due=None, prereqs=()):
    return ConceptCandidate(
        concept_id=cid,
        order=cid if order is None else order,
        p_known=p,
        status=status,
        review_due_at=due,
        prerequisite_estimates=tuple(prereqs),
    )


AGO = NOW - timedelta(days=1)
LONG_AGO = NOW - timedelta(days=5)
LATER = NOW + timedelta(days=1)

# ---------------------------------------------------------------- next_concept

NEXT_CONCEPT_TABLE = [
    pytest.param([], None, id="nothing-to-choose"),
    pytest.param([concept(1), concept(2)], 1, id="curriculum-order-when-all-fresh"),
    pytest.param([concept(1, order=5), concept(2, order=0)], 2, id="order-field-not-id"),
    pytest.param(
        [concept(1), concept(2, p=0.97, status=MASTERED, due=AGO)],
        2,
        id="due-review-beats-frontier",
    ),
    pytest.param(
        [concept(1, p=0.9, due=AGO), concept(2, p=0.97, status=MASTERED, due=LONG_AGO)],
        2,
        id="most-overdue-first",
    ),
    pytest.param(
        [concept(1, p=0.97, status=MASTERED, due=LATER), concept(2)],
        2,
        id="review-due-in-future-is-not-due",
    ),
    pytest.param(
        [concept(1, p=0.97, status=MASTERED, due=LATER), concept(2, prereqs=[0.97])],
        2,
        id="frontier-after-prerequisite-mastered",
    ),
    pytest.param(
        [concept(1, prereqs=[0.3]), concept(2, prereqs=[0.96])],
        2,
        id="blocked-by-weak-prerequisite-is-skipped",
    ),
    pytest.param(
        [concept(1, prereqs=[None]), concept(2)], 2, id="blocked-by-unstarted-prerequisite"
    ),
    pytest.param(
        [concept(1, prereqs=[0.7]), concept(2, prereqs=[0.96])],
        2,
        id="frontier-beats-unblocked-but-unready-even-if-earlier",
    ),
    pytest.param(
        [concept(1, prereqs=[0.7]), concept(2, prereqs=[0.3])],
        1,
        id="unblocked-unready-beats-blocked",
    ),
    pytest.param(
        [concept(1, p=0.97, status=MASTERED), concept(2, prereqs=[0.2])],
        None,
        id="all-mastered-or-blocked-gives-none",
    ),
    pytest.param(
        [concept(1, p=0.97, status=MASTERED), concept(2, p=0.96, status=MASTERED)],
        None,
        id="all-mastered-gives-none",
    ),
    pytest.param(
        [concept(1, p=0.5, status=IN_PROGRESS, prereqs=[0.97, 0.2]), concept(2, prereqs=[0.96])],
        2,
        id="one-weak-prerequisite-of-several-blocks",
    ),
]


@pytest.mark.parametrize(("candidates", "expected"), NEXT_CONCEPT_TABLE)
def test_next_concept(candidates, expected):
    assert selection.next_concept(candidates, now=NOW) == expected


@pytest.mark.parametrize(
    ("prereqs", "blocked", "ready"),
    [
        ((), False, True),
        ((None,), True, False),
        ((0.59,), True, False),
        ((0.6,), False, False),
        ((0.949,), False, False),
        ((0.95,), False, True),
        ((0.99, 0.1), True, False),
    ],
)
def test_blocked_and_ready_thresholds(prereqs, blocked, ready):
    candidate = concept(1, prereqs=prereqs)
    assert selection.is_blocked(candidate) is blocked
    assert selection.prerequisites_ready(candidate) is ready


_estimates = st.one_of(st.none(), st.floats(min_value=0, max_value=1))
_candidates = st.lists(
    st.builds(
        concept,
        st.integers(min_value=1, max_value=10_000),
        st.integers(min_value=0, max_value=50),
        p=_estimates,
        status=st.sampled_from([NOT_STARTED, IN_PROGRESS, MASTERED]),
        prereqs=st.lists(_estimates, max_size=3),
    ),
    max_size=8,
    unique_by=lambda c: c.concept_id,
)


@given(_candidates)
def test_next_concept_never_picks_a_blocked_or_mastered_concept_without_a_due_review(items):
    chosen = selection.next_concept(items, now=NOW)
    by_id = {c.concept_id: c for c in items}
    if chosen is None:
        assert all(selection.is_blocked(c) or c.status == MASTERED for c in items)
    else:
        assert not selection.is_blocked(by_id[chosen])
        assert by_id[chosen].status != MASTERED


# ---------------------------------------------------------------- next_question


def q(qid, difficulty=3, times=0, last=None):
    return QuestionCandidate(
        question_id=qid, difficulty=difficulty, times_answered=times, last_answered_at=last
    )


def test_next_question_without_candidates_is_none():
    assert selection.next_question([], p_known=0.5, params=P, now=NOW) is None


NEXT_QUESTION_TABLE = [
    pytest.param(
        [q(1, last=NOW - timedelta(minutes=5)), q(2, difficulty=5, last=NOW - timedelta(days=1))],
        0.5,
        2,
        id="avoids-question-answered-minutes-ago-even-if-better-matched",
    ),
    pytest.param(
        [q(1, last=NOW - timedelta(minutes=10)), q(2, difficulty=5)],
        0.5,
        1,
        id="ten-minutes-is-no-longer-recent",
    ),
    pytest.param(
        [q(1, last=NOW - timedelta(minutes=2)), q(2, last=NOW - timedelta(minutes=8))],
        0.5,
        2,
        id="all-recent-takes-least-recently-answered",
    ),
    pytest.param([q(1, times=3), q(2, times=0)], 0.5, 2, id="same-difficulty-prefers-least-seen"),
    pytest.param([q(7), q(3)], 0.5, 3, id="tie-broken-by-id"),
    pytest.param([q(d, difficulty=d) for d in range(1, 6)], 0.05, 1, id="weak-learner-easy"),
    pytest.param([q(d, difficulty=d) for d in range(1, 6)], None, 1, id="no-estimate-uses-prior"),
    pytest.param([q(d, difficulty=d) for d in range(1, 6)], 0.99, 4, id="strong-learner-hard"),
]


@pytest.mark.parametrize(("candidates", "p_known", "expected"), NEXT_QUESTION_TABLE)
def test_next_question(candidates, p_known, expected):
    assert selection.next_question(candidates, p_known=p_known, params=P, now=NOW) == expected


@pytest.mark.parametrize("p_known", [0.05, 0.3, 0.5, 0.7, 0.9, 0.99])
def test_next_question_picks_the_difficulty_closest_to_target_success(p_known):
    candidates = [q(d, difficulty=d) for d in range(1, 6)]
    chosen = selection.next_question(candidates, p_known=p_known, params=P, now=NOW)

    def gap(d):
        predicted = selection.predicted_success(p_known=p_known, difficulty=d, params=P)
        return abs(predicted - selection.TARGET_SUCCESS)

    assert gap(chosen) == min(gap(d) for d in range(1, 6))


def test_chosen_difficulty_rises_with_mastery():
    candidates = [q(d, difficulty=d) for d in range(1, 6)]
    chosen = [
        selection.next_question(candidates, p_known=p, params=P, now=NOW)
        for p in (0.01, 0.2, 0.5, 0.8, 0.9, 0.99)
    ]
    assert chosen == sorted(chosen)
    assert chosen[0] < chosen[-1]


def test_predicted_success_falls_with_difficulty():
    values = [selection.predicted_success(p_known=0.6, difficulty=d, params=P) for d in range(1, 6)]
    assert values == sorted(values, reverse=True)
    assert all(0 < v < 1 for v in values)


@pytest.mark.parametrize(
    ("p_known", "minutes_between"),
    [(0.05, 11), (0.3, 11), (0.7, 11), (0.99, 11), (0.5, 1), (0.99, 3)],
)
def test_every_question_gets_used_within_fifty_selections(p_known, minutes_between):
    """Simulate a learner: each served question counts as answered at that moment."""
    state = {d: [0, None] for d in range(1, 6)}  # question id = difficulty
    now = NOW
    for _ in range(50):
        candidates = [q(d, difficulty=d, times=t, last=last) for d, (t, last) in state.items()]
        chosen = selection.next_question(candidates, p_known=p_known, params=P, now=now)
        state[chosen][0] += 1
        state[chosen][1] = now
        now += timedelta(minutes=minutes_between)
    counts = {d: t for d, (t, _) in state.items()}
    assert all(counts.values()), counts
    assert sum(counts.values()) == 50


def test_no_question_is_served_twice_in_a_row_while_others_are_fresh():
    state = {qid: [0, None] for qid in range(1, 4)}
    now, previous = NOW, None
    for _ in range(12):
        candidates = [q(i, times=t, last=last) for i, (t, last) in state.items()]
        chosen = selection.next_question(candidates, p_known=0.5, params=P, now=now)
        assert chosen != previous
        state[chosen][0] += 1
        state[chosen][1] = now
        previous = chosen
        now += timedelta(minutes=4)
