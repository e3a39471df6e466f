"""The study planner (pure, no database): table-driven."""

from datetime import UTC, date, datetime, timedelta

import pytest

from progress.mastery import review
from progress.plans import calendar, recall
from progress.plans.planner import plan_build
from progress.plans.types import (
    LEARN,
    REVIEW,
    ConceptInput,
    Plan,
    PlanCycleError,
    PlanInput,
    round_minutes,
)

NOW = datetime(2025, 3, 3, 10, 0, tzinfo=UTC)  # a Monday
TODAY = date(2025, 3, 3)


def concept(cid, *, topic=1, weight=10.0, minutes=60.0, **kwargs) -> ConceptInput:
    return ConceptInput(
        id=cid, name=f"C{cid}", topic_id=topic, weight=weight, learn_minutes=minutes, **kwargs
    )


def build(concepts, *, days=30, per_day=60, **kwargs) -> Plan:
    return plan_build(
        PlanInput(
            concepts=concepts,
            exam_date=TODAY + timedelta(days=days),
            minutes_per_day=per_day,
            now=kwargs.pop("now", NOW),
            **kwargs,
        )
    )


def learn_order(plan: Plan) -> list[int]:
    return list(dict.fromkeys(i.concept_id for i in plan.items if i.kind == LEARN))


def card_reviewed(days_ago: float, *, times: int = 1) -> dict:
    """A card reviewed ``times`` times (Good), the last ``days_ago`` days before NOW."""
    card = None
    when = NOW - timedelta(days=days_ago + 3 * (times - 1))
    for _ in range(times):
        card = review.review_record(card=card, effective_score=1.0, confidence=None, now=when).card
        when += timedelta(days=3)
    return card


# --- prerequisites come first ------------------------------------------------------------


@pytest.mark.parametrize(
    ("concept_edges", "topic_edges", "topics", "must_precede"),
    [
        # concept 1 needs concept 3: 3 first although authored last
        ([(1, 3)], [], {1: 1, 2: 1, 3: 1}, [(3, 1)]),
        # a chain 1 <- 2 <- 3 authored backwards
        ([(1, 2), (2, 3)], [], {1: 1, 2: 1, 3: 1}, [(3, 2), (2, 1)]),
        # topic edge: every concept of topic 1 needs every concept of topic 2
        ([], [(1, 2)], {1: 1, 2: 1, 3: 2}, [(3, 1), (3, 2)]),
    ],
)
def test_prerequisites_are_learnt_first(concept_edges, topic_edges, topics, must_precede):
    concepts = [concept(cid, topic=t) for cid, t in topics.items()]
    plan = build(concepts, concept_edges=concept_edges, topic_edges=topic_edges)
    order = learn_order(plan)
    assert sorted(order) == sorted(topics)
    for first, later in must_precede:
        assert order.index(first) < order.index(later)
    first_item_of = {}
    last_item_of = {}
    for index, item in enumerate(plan.items):
        if item.kind == LEARN:
            first_item_of.setdefault(item.concept_id, index)
            last_item_of[item.concept_id] = index
    for first, later in must_precede:
        assert last_item_of[first] < first_item_of[later]


def test_unmastered_prerequisite_outside_the_goal_is_learnt_too():
    concepts = [concept(1, in_goal=False), concept(2, topic=2)]
    plan = build(concepts, concept_edges=[(2, 1)])
    assert learn_order(plan) == [1, 2]


# --- not enough time ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "per_day", "kept", "left_out"),
    [
        # 120 minutes: the two heaviest fit; left out by weight x gap, highest first
        (2, 60, {3, 4}, [2, 1]),
        # 60 minutes: only the heaviest
        (1, 60, {4}, [3, 2, 1]),
    ],
)
def test_impossible_deadline_prioritises_weight_times_gap(days, per_day, kept, left_out):
    concepts = [
        concept(1, weight=5, minutes=60),
        concept(2, weight=10, minutes=60),
        concept(3, weight=30, minutes=60, p_known=0.5),  # priority 15, 30 minutes
        concept(4, weight=40, minutes=60),
    ]
    # concept 3 is half known: its gap halves both its priority and its time
    plan = build(concepts, days=days, per_day=per_day)
    assert not plan.feasible
    assert plan.message.startswith("Not enough time")
    assert f"left {len(left_out)} item" in plan.message
    assert set(learn_order(plan)) == kept
    assert [lo.concept_id for lo in plan.left_out] == left_out
    assert [lo.name for lo in plan.left_out] == [f"C{c}" for c in left_out]
    priorities = [lo.priority for lo in plan.left_out]
    assert priorities == sorted(priorities, reverse=True)


@pytest.mark.parametrize(
    ("days", "learnt", "left_out"),
    [
        (1, [1], [2]),  # the heavy dependent does not fit with its prerequisite
        (2, [1, 2], []),
    ],
)
def test_a_dependent_is_taken_only_with_its_prerequisites(days, learnt, left_out):
    concepts = [
        concept(1, weight=1, minutes=60),
        concept(2, weight=100, minutes=60),
        concept(3, weight=50, minutes=60, in_goal=False),  # unrelated, not on the exam
    ]
    plan = build(concepts, days=days, per_day=60, concept_edges=[(2, 1)])
    assert learn_order(plan) == learnt
    assert [lo.concept_id for lo in plan.left_out] == left_out


@pytest.mark.parametrize(
    ("exam_date", "message"),
    [
        (None, "Set your exam date"),
        (TODAY, "today or has passed"),
        (TODAY - timedelta(days=3), "today or has passed"),
    ],
)
def test_no_days_left(exam_date, message):
    plan = plan_build(
        PlanInput(concepts=[concept(1)], exam_date=exam_date, minutes_per_day=60, now=NOW)
    )
    assert plan.items == ()
    assert message in plan.message
    assert plan.readiness == 0


# --- rest days ----------------------------------------------------------------------------


@pytest.mark.parametrize("rest", [frozenset({5, 6}), frozenset({0}), frozenset({0, 2, 4})])
def test_rest_days_get_nothing(rest):
    concepts = [concept(i, minutes=90) for i in range(1, 9)]
    plan = build(concepts, days=28, per_day=30, rest_weekdays=rest)
    assert plan.items
    assert all(item.day.weekday() not in rest for item in plan.items)
    assert all(d.weekday() not in rest for d in plan.study_days)
    assert plan.minutes_available == 30 * len(plan.study_days)


def test_daily_minutes_are_never_exceeded():
    concepts = [concept(i, minutes=50) for i in range(1, 12)]
    plan = build(concepts, days=14, per_day=45)
    per_day: dict[date, int] = {}
    for item in plan.items:
        per_day[item.day] = per_day.get(item.day, 0) + item.minutes
    assert max(per_day.values()) <= 45


def test_minutes_already_spent_today_are_taken_off():
    plan = build([concept(1, minutes=60)], per_day=45, minutes_done_today=40)
    today = [i for i in plan.items if i.day == TODAY]
    assert sum(i.minutes for i in today) == 5


# --- mastered half ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("card", "expect_reviews"),
    [
        (card_reviewed(1, times=6), False),  # strong memory: no review needed
        (card_reviewed(20), True),  # one review long ago: recall will be low on exam day
    ],
)
def test_mastered_concepts_drop_out_and_are_reviewed_only_if_recall_is_low(card, expect_reviews):
    concepts = [concept(i, p_known=0.97, mastered=True, card=card) for i in (1, 2)] + [
        concept(i) for i in (3, 4)
    ]
    plan = build(concepts, days=30, per_day=60)
    assert learn_order(plan) == [3, 4]
    reviewed = [i for i in plan.items if i.kind == REVIEW and i.concept_id in (1, 2)]
    assert bool(reviewed) is expect_reviews
    if expect_reviews:
        days = sorted({i.day for i in reviewed if i.concept_id == 1})
        assert days[-1] >= TODAY + timedelta(days=25)  # the last review close to the exam
        gaps = [(b - a).days for a, b in zip([TODAY, *days], days, strict=False)]
        assert gaps == sorted(gaps)  # expanding intervals


def test_newly_learnt_concepts_get_expanding_reviews_ending_before_the_exam():
    plan = build([concept(1, minutes=30)], days=30, per_day=60)
    days = [i.day for i in plan.items if i.kind == REVIEW]
    assert days, "a concept learnt a month before the exam is reviewed"
    assert days[-1] == TODAY + timedelta(days=29)
    gaps = [(b - a).days for a, b in zip([TODAY, *days], days, strict=False)]
    assert gaps == sorted(gaps)
    assert plan.readiness >= recall.TARGET_RECALL


def test_readiness_counts_only_what_is_mastered_by_exam_day():
    concepts = [concept(1, weight=75, minutes=60), concept(2, weight=25, minutes=60)]
    plan = build(concepts, days=1, per_day=60)
    assert learn_order(plan) == [1]
    assert 0.7 <= plan.readiness <= 0.75


# --- cycles, timezones, determinism -------------------------------------------------------


@pytest.mark.parametrize(
    ("concept_edges", "topic_edges", "topics"),
    [
        ([(1, 2), (2, 1)], [], {1: 1, 2: 1}),
        ([(1, 2), (2, 3), (3, 1)], [], {1: 1, 2: 1, 3: 1}),
        ([], [(1, 2), (2, 1)], {1: 1, 2: 2}),
        ([(1, 2)], [(2, 1)], {1: 1, 2: 2}),  # concept edge against a topic edge
    ],
)
def test_a_cycle_raises_instead_of_looping(concept_edges, topic_edges, topics):
    concepts = [concept(cid, topic=t) for cid, t in topics.items()]
    with pytest.raises(PlanCycleError):
        build(concepts, concept_edges=concept_edges, topic_edges=topic_edges)


@pytest.mark.parametrize(
    ("now", "tz", "start"),
    [
        # 11:00 UTC on 3 March is already 4 March in Kiritimati (UTC+14)
        (datetime(2025, 3, 3, 11, 0, tzinfo=UTC), "Pacific/Kiritimati", date(2025, 3, 4)),
        # 09:00 UTC on 3 March is still 2 March in Honolulu (UTC-10)
        (datetime(2025, 3, 3, 9, 0, tzinfo=UTC), "Pacific/Honolulu", date(2025, 3, 2)),
        (datetime(2025, 3, 3, 9, 0, tzinfo=UTC), "UTC", date(2025, 3, 3)),
    ],
)
def test_plan_starts_on_the_learners_local_today(now, tz, start):
    plan = plan_build(
        PlanInput(
            concepts=[concept(1, minutes=30)],
            exam_date=date(2025, 3, 20),
            minutes_per_day=30,
            now=now,
            timezone=tz,
        )
    )
    assert plan.start == start
    assert plan.items[0].day == start
    assert plan.study_days[0] == start


def test_naive_now_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        build([concept(1)], now=datetime(2025, 3, 3, 10, 0))


def test_deterministic():
    concepts = [concept(i, topic=i % 4, weight=i, minutes=20 + 7 * i) for i in range(1, 40)]
    edges = [(i, i - 3) for i in range(4, 40, 2)]
    plans = [build(concepts, days=20, per_day=50, concept_edges=edges) for _ in range(3)]
    assert plans[0] == plans[1] == plans[2]
    shuffled_edges = list(reversed(edges))
    assert build(concepts, days=20, per_day=50, concept_edges=shuffled_edges) == plans[0]


# --- pieces -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("minutes", "expected"), [(0, 5), (1, 5), (5, 5), (5.01, 10), (42, 45), (60, 60)]
)
def test_round_minutes(minutes, expected):
    assert round_minutes(minutes) == expected


@pytest.mark.parametrize(
    ("span", "n", "offsets"),
    [(28, 1, [28]), (28, 2, [9, 28]), (28, 3, [4, 12, 28]), (0, 2, []), (2, 3, [1, 2])],
)
def test_review_positions_expand_and_end_on_the_last_day(span, n, offsets):
    days = recall.review_positions(TODAY, TODAY + timedelta(days=span), n)
    assert [(d - TODAY).days for d in days] == offsets


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("plain", "plain"),
        ("a, b; c", "a\\, b\\; c"),
        ("back\\slash", "back\\\\slash"),
        ("two\nlines", "two\\nlines"),
        ("crlf\r\nline", "crlf\\nline"),
    ],
)
def test_ics_escape(text, escaped):
    assert calendar.ics_escape(text) == escaped


@pytest.mark.parametrize(
    "line", ["x" * 74, "x" * 75, "x" * 76, "x" * 300, "é" * 100, "a" + "€" * 60]
)
def test_ics_fold_keeps_lines_within_75_octets(line):
    folded = calendar.ics_fold(line)
    physical = folded.split("\r\n")
    assert all(len(p.encode()) <= 75 for p in physical)
    assert all(p.startswith(" ") for p in physical[1:])
    assert "".join([physical[0], *(p[1:] for p in physical[1:])]) == line


def test_ics_calendar_is_crlf_with_uid_and_dtstamp():
    body = calendar.ics_calendar(
        days=[
            calendar.CalendarDay("a@x", date(2025, 3, 3), "Study, 30 min", "Learn: X\nReview: Y")
        ],
        now=NOW,
        name="Plan",
    )
    assert body.endswith("\r\n")
    assert "\n" not in body.replace("\r\n", "")
    lines = body.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and "END:VCALENDAR" in lines
    assert "UID:a@x" in lines
    assert "DTSTAMP:20250303T100000Z" in lines
    assert "DTSTART;VALUE=DATE:20250303" in lines
    assert "DTEND;VALUE=DATE:20250304" in lines
    assert "SUMMARY:Study\\, 30 min" in lines
    assert "DESCRIPTION:Learn: X\\nReview: Y" in lines
