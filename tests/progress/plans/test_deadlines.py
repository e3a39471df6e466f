"""Assignments in the study planner (pure): a due date is a deadline the plan meets first."""

from datetime import timedelta

from progress.plans.types import LEARN
from tests.progress.plans.test_planner import TODAY, build, concept, learn_order


def last_learn_day(plan, cid):
    return max(i.day for i in plan.items if i.kind == LEARN and i.concept_id == cid)


def test_an_assigned_concept_is_learnt_first_and_by_its_due_day():
    concepts = [concept(1), concept(2), concept(3)]  # an hour each, an hour a day
    without = build(concepts, per_day=60)
    assert learn_order(without) == [1, 2, 3]
    due = TODAY + timedelta(days=1)
    plan = build(concepts, per_day=60, deadlines={3: due})
    assert learn_order(plan)[0] == 3 and last_learn_day(plan, 3) <= due
    (check,) = plan.deadlines
    assert (check.concept_id, check.due, check.met) == (3, due, True)
    assert plan.message.startswith("Assignments first: 1 assigned concept is planned")


def test_its_missing_prerequisites_come_with_it_in_order():
    concepts = [concept(1), concept(2), concept(3), concept(4)]
    plan = build(concepts, concept_edges=[(4, 2)], deadlines={4: TODAY + timedelta(days=3)})
    assert learn_order(plan)[:2] == [2, 4]


def test_an_assigned_concept_outside_the_goal_is_still_planned():
    concepts = [concept(1), concept(2, topic=2, in_goal=False, weight=0)]
    plan = build(concepts, deadlines={2: TODAY + timedelta(days=2)})
    assert 2 in learn_order(plan) and plan.deadlines[0].met
    assert 2 not in learn_order(build(concepts))


def test_soonest_due_first_even_when_time_is_short():
    concepts = [concept(c, weight=50.0 if c == 1 else 1.0) for c in (1, 2, 3)]
    plan = build(
        concepts,
        days=2,
        per_day=60,
        deadlines={3: TODAY + timedelta(days=1), 2: TODAY + timedelta(days=5)},
    )
    # Two study days for three hours: both assigned concepts are taken before the
    # heavily weighted one, the soonest due first.
    assert learn_order(plan) == [3, 2]
    assert [lo.concept_id for lo in plan.left_out] == [1]


def test_a_due_date_that_cannot_be_met_is_said():
    concepts = [concept(1, minutes=180), concept(2)]
    plan = build(concepts, per_day=60, deadlines={1: TODAY})
    (check,) = plan.deadlines
    assert not check.met and check.planned_by == TODAY + timedelta(days=2)
    assert "Not everything assigned fits before its due date: C1 (due Mon 3 Mar)" in plan.message


def test_mastered_assigned_concepts_need_nothing():
    plan = build([concept(1, p_known=0.99, mastered=True)], deadlines={1: TODAY})
    assert plan.deadlines == () and "Assignments" not in plan.message
