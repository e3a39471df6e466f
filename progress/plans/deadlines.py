"""Assignment due dates in the study plan (pure): what is taken first, the order it is
learnt in, and whether each due date is met. ``planner`` calls these; see its docstring."""

from collections.abc import Iterable, Mapping
from datetime import date

from progress.plans.types import DeadlineCheck


def due_key(deadlines: Mapping[int, date], cid: int, learning: bool, today: date) -> tuple:
    """The first part of an item's selection key: learning an assigned concept comes before
    anything else, soonest due first."""
    due = deadlines.get(cid) if learning else None
    return (due is None, due or today)


def learn_order(
    chosen: set[int],
    order: list[int],
    prereqs: Mapping[int, Iterable[int]],
    deadlines: Mapping[int, date],
) -> list[int]:
    """The order to learn ``chosen`` in: each assigned concept (soonest due first) right
    after the prerequisites it still needs, then everything else; always in prerequisite
    order (``order``)."""
    position = {cid: i for i, cid in enumerate(order)}
    first: list[int] = []
    seen: set[int] = set()
    assigned = sorted(
        (c for c in chosen if c in deadlines), key=lambda c: (deadlines[c], position[c])
    )
    for cid in assigned:
        closure, stack = set(), [cid]
        while stack:
            x = stack.pop()
            if x in closure or x not in chosen:
                continue
            closure.add(x)
            stack.extend(prereqs.get(x, ()))
        for x in order:
            if x in closure and x not in seen:
                first.append(x)
                seen.add(x)
    return first + [x for x in order if x in chosen and x not in seen]


def checks(
    deadlines: Mapping[int, date],
    *,
    names: Mapping[int, str],
    position: Mapping[int, int],
    needed: Mapping[int, int],
    learned_on: Mapping[int, date],
) -> tuple[DeadlineCheck, ...]:
    """For each assigned concept still to learn, its due day and the day the plan finishes
    learning it (soonest due first)."""
    return tuple(
        DeadlineCheck(cid, names[cid], due, learned_on.get(cid))
        for cid, due in sorted(deadlines.items(), key=lambda item: (item[1], position[item[0]]))
        if cid in needed
    )
