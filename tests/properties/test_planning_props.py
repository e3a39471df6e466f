"""Property-based tests of the study planner (``progress.planning``, pure).

Hypothesis draws random prerequisite DAGs (concept and topic edges), mastery, FSRS cards,
rest days, daily minutes and exam dates; whatever it draws, the plan must respect
prerequisites, the learner's daily time and rest days, be reproducible, and report a
readiness that is a share.
"""

from collections import defaultdict
from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from accounts.localtime import local_date
from progress.mastery import review
from progress.plans.planner import plan_build
from progress.plans.types import LEARN, ConceptInput, PlanInput, expand_edges

FAST = settings(max_examples=75, deadline=None)
NOW = datetime(2025, 3, 3, 10, 0, tzinfo=UTC)


@st.composite
def reviewed_cards(draw):
    """A card reviewed (Good) one to three times, the last 1-120 days before NOW."""
    card = None
    when = NOW - timedelta(days=draw(st.integers(min_value=1, max_value=120)))
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        card = review.review_record(card=card, effective_score=1.0, confidence=None, now=when).card
        when -= timedelta(days=draw(st.integers(min_value=1, max_value=20)))
    return card


# Mostly a usable exam date; sometimes none, past, today or tomorrow.
exam_offsets = st.integers(5, 40) | st.integers(5, 40) | st.none() | st.integers(-2, 1)


@st.composite
def plan_inputs(draw):
    """A random DAG: every edge points from a higher rank to a lower one (so no cycles);
    topics follow rank, so topic edges (higher topic -> lower topic) agree with it."""
    n = draw(st.integers(min_value=1, max_value=8))
    topic_of_rank = sorted(draw(st.lists(st.integers(1, 3), min_size=n, max_size=n)))
    ids = draw(st.lists(st.integers(1, 1000), min_size=n, max_size=n, unique=True))
    pairs = [(a, b) for a in range(n) for b in range(a)]
    drawn = draw(st.lists(st.sampled_from(pairs), max_size=10)) if pairs else []
    concept_edges = [(ids[a], ids[b]) for a, b in drawn]
    topics = sorted(set(topic_of_rank))
    topic_pairs = [(a, b) for a in topics for b in topics if a > b]
    topic_edges = draw(st.lists(st.sampled_from(topic_pairs), max_size=3)) if topic_pairs else []
    concepts = []
    for rank, cid in enumerate(ids):
        mastered = draw(st.integers(0, 3)) == 0  # mostly still to learn
        concepts.append(
            ConceptInput(
                id=cid,
                name=f"C{cid}",
                topic_id=topic_of_rank[rank],
                weight=draw(st.floats(min_value=0.0, max_value=30.0)),
                learn_minutes=draw(st.floats(min_value=0.0, max_value=120.0)),
                p_known=draw(st.none() | st.floats(min_value=0.0, max_value=1.0)),
                mastered=mastered,
                card=draw(st.none() | reviewed_cards()) if mastered else None,
                in_goal=draw(st.booleans()) or rank == n - 1,
            )
        )
    curriculum_order = draw(st.permutations(concepts))
    now = NOW + timedelta(minutes=draw(st.integers(min_value=0, max_value=60 * 24 * 7)))
    return PlanInput(
        concepts=curriculum_order,
        exam_date=draw(
            exam_offsets.map(lambda d: None if d is None else now.date() + timedelta(d))
        ),
        minutes_per_day=draw(st.integers(min_value=0, max_value=180)),
        now=now,
        timezone=draw(
            st.sampled_from(["UTC", "Europe/London", "Pacific/Auckland", "America/Lima"])
        ),
        concept_edges=tuple(concept_edges),
        topic_edges=tuple(topic_edges),
        rest_weekdays=frozenset(draw(st.lists(st.integers(0, 6), max_size=4))),
        minutes_done_today=draw(st.floats(min_value=0.0, max_value=200.0)),
    )


@FAST
@given(data=plan_inputs())
def test_no_concept_is_learnt_before_its_unmastered_prerequisites(data):
    plan = plan_build(data)
    by_id = {c.id: c for c in data.concepts}
    prereqs = defaultdict(set)
    for a, b in expand_edges(data.concepts, data.concept_edges, data.topic_edges):
        prereqs[a].add(b)
    first_at, last_at = {}, {}
    for index, item in enumerate(plan.items):
        if item.kind == LEARN:
            first_at.setdefault(item.concept_id, (item.day, index))
            last_at[item.concept_id] = (item.day, index)
    for cid, started in first_at.items():
        for pre in prereqs[cid]:
            if by_id[pre].mastered:
                continue
            assert pre in last_at, f"{cid} is learnt but its prerequisite {pre} never is"
            assert last_at[pre] < started, f"{pre} finishes after {cid} starts: {plan.items}"


@FAST
@given(data=plan_inputs())
def test_days_never_exceed_the_minutes_and_rest_days_stay_free(data):
    plan = plan_build(data)
    today = local_date(data.now, data.timezone)
    per_day: dict[date, int] = defaultdict(int)
    for item in plan.items:
        assert item.minutes > 0
        assert item.day.weekday() not in data.rest_weekdays, item
        assert today <= item.day < data.exam_date, item
        per_day[item.day] += item.minutes
    for day, minutes in per_day.items():
        allowed = data.minutes_per_day
        if day == today:
            allowed = max(0, int(data.minutes_per_day - data.minutes_done_today))
        assert minutes <= allowed, (day, minutes, allowed)


@FAST
@given(data=plan_inputs())
def test_the_plan_is_deterministic_and_readiness_is_a_share(data):
    first, second = plan_build(data), plan_build(data)
    assert first == second
    assert 0.0 <= first.readiness <= 1.0 + 1e-9
    if first.feasible:
        assert not first.left_out
