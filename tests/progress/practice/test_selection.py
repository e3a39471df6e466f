"""Pure tests of progress.selection: which concept next, which question within it."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from progress.mastery.bkt import DEFAULT_PARAMS
from progress.mastery.status import (
    STATUS_IN_PROGRESS,
    STATUS_MASTERED,
    STATUS_NOT_STARTED,
    STATUS_REVIEW_NEEDED,
)
from progress.practice import selection
from progress.practice.selection import ConceptCandidate, QuestionCandidate

NOW = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
P = DEFAULT_PARAMS
MASTERED = STATUS_MASTERED
IN_PROGRESS = STATUS_IN_PROGRESS
NOT_STARTED = STATUS_NOT_STARTED
REVIEW_NEEDED = STATUS_REVIEW_NEEDED


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
        [concept(1), concept(2, p=0.97, status=REVIEW_NEEDED, due=AGO)],
        2,
        id="review-needed-beats-frontier",
    ),
    pytest.param(
        [
            concept(1, p=0.97, status=REVIEW_NEEDED, due=AGO),
            concept(2, p=0.97, status=REVIEW_NEEDED, due=LONG_AGO),
        ],
        2,
        id="most-overdue-first",
    ),
    pytest.param(
        [concept(1, p=0.9, due=AGO), concept(2)],
        1,
        id="a-due-card-of-a-concept-never-mastered-is-not-a-review",
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


def test_without_reviews_a_concept_needing_review_is_not_recommended_as_new_practice():
    items = [concept(1, p=0.97, status=REVIEW_NEEDED, due=AGO), concept(2)]
    assert selection.next_concept(items, now=NOW) == 1
    assert selection.next_concept(items, now=NOW, reviews=False) == 2
    assert selection.next_concept(items[:1], now=NOW, reviews=False) is None


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


@settings(deadline=None)  # the machine is shared: no timing flakes
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

SITTING_AGO = NOW - timedelta(hours=12)


def q(qid, difficulty=3, last=None, served=False):
    return QuestionCandidate(
        question_id=qid, difficulty=difficulty, last_answered_at=last, in_session=served
    )


def pick(candidates, base=0.7):
    return selection.next_question(candidates, base_success=base, now=NOW)


def test_next_question_without_candidates_is_none():
    assert pick([]) is None


NEXT_QUESTION_TABLE = [
    pytest.param(
        [q(1, served=True), q(2, difficulty=5, last=NOW - timedelta(days=1))],
        2,
        id="never-one-already-served-in-this-session",
    ),
    pytest.param([q(1, served=True), q(2, served=True)], None, id="all-served-concept-ran-out"),
    pytest.param(
        [q(1, last=NOW - timedelta(minutes=5)), q(2, difficulty=5, last=NOW - timedelta(days=1))],
        2,
        id="avoids-a-question-answered-within-the-sitting-even-if-better-matched",
    ),
    pytest.param(
        [q(1, last=SITTING_AGO), q(2, difficulty=5, last=NOW - timedelta(days=1))],
        2,
        id="twelve-hours-is-a-new-sitting-least-recently-seen-first",
    ),
    pytest.param(
        [q(1, last=NOW - timedelta(minutes=2)), q(2, last=NOW - timedelta(minutes=8))],
        2,
        id="all-recent-takes-least-recently-answered",
    ),
    pytest.param(
        [q(1, last=NOW - timedelta(days=2)), q(2, difficulty=5)],
        2,
        id="a-question-never-answered-beats-one-seen-before",
    ),
    pytest.param(
        [q(1, last=NOW - timedelta(days=1)), q(2, last=NOW - timedelta(days=9))],
        2,
        id="across-sessions-the-least-recently-seen",
    ),
    pytest.param([q(7), q(3)], 3, id="tie-broken-by-id"),
]


@pytest.mark.parametrize(("candidates", "expected"), NEXT_QUESTION_TABLE)
def test_next_question(candidates, expected):
    assert pick(candidates) == expected


@pytest.mark.parametrize("base", [0.05, 0.3, 0.5, 0.7, 0.9, 0.99])
def test_among_new_questions_the_difficulty_closest_to_target_success(base):
    candidates = [q(d, difficulty=d) for d in range(1, 6)]
    chosen = pick(candidates, base)

    def gap(d):
        return abs(selection.difficulty_adjusted(base, d) - selection.TARGET_SUCCESS)

    assert gap(chosen) == min(gap(d) for d in range(1, 6))


def test_chosen_difficulty_rises_with_predicted_success():
    candidates = [q(d, difficulty=d) for d in range(1, 6)]
    chosen = [pick(candidates, b) for b in (0.05, 0.3, 0.6, 0.8, 0.9, 0.99)]
    assert chosen == sorted(chosen)
    assert chosen[0] < chosen[-1]


def test_predicted_success_falls_with_difficulty():
    values = [selection.predicted_success(p_known=0.6, difficulty=d, params=P) for d in range(1, 6)]
    assert values == sorted(values, reverse=True)
    assert all(0 < v < 1 for v in values)


@pytest.mark.parametrize("n", [1, 4, 10])
def test_a_session_serves_each_question_once_then_runs_out(n):
    """Simulate one session on a concept of ``n`` questions answered seconds apart."""
    state = {i: None for i in range(1, n + 1)}
    served: list[int] = []
    now = NOW
    while True:
        candidates = [q(i, last=last, served=i in served) for i, last in state.items()]
        chosen = selection.next_question(candidates, base_success=0.7, now=now)
        if chosen is None:
            break
        served.append(chosen)
        state[chosen] = now
        now += timedelta(seconds=3)
    assert sorted(served) == list(range(1, n + 1))


def test_across_sessions_every_question_comes_round_in_turn():
    """Sessions of 3 questions a day on a concept of 5: no question waits more than two days."""
    last: dict[int, datetime | None] = dict.fromkeys(range(1, 6))
    seen_on: dict[int, list[int]] = {i: [] for i in last}
    for day in range(10):
        now = NOW + timedelta(days=day)
        served: list[int] = []
        for k in range(3):
            candidates = [q(i, last=t, served=i in served) for i, t in last.items()]
            chosen = selection.next_question(candidates, base_success=0.7, now=now)
            served.append(chosen)
            last[chosen] = now + timedelta(seconds=k)
            seen_on[chosen].append(day)
    for days in seen_on.values():
        assert days and max(b - a for a, b in zip([-1, *days], [*days, 10], strict=True)) <= 2
