"""Daily streaks in the learner's own timezone (pure).

A day counts when the learner answered at least one question that local day. The streak
continues when the next active day is the day after the last one; a gap resets it to 1.
A learner who changes timezone westward can find "today" earlier than their last active
date: that day already counted, so nothing changes (never a negative gap, never a double
count). DST changes need no special case because only local *dates* are compared.
"""

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class StreakState:
    last_active_date: date | None = None
    current: int = 0
    longest: int = 0


def streak_after_activity(state: StreakState, today: date) -> StreakState:
    """The streak after the learner was active on ``today`` (their local date)."""
    last = state.last_active_date
    if last is not None and today <= last:
        return state  # same day (or a westward timezone change): already counted
    current = state.current + 1 if last is not None and today - last == timedelta(days=1) else 1
    return StreakState(last_active_date=today, current=current, longest=max(state.longest, current))


def streak_as_of(state: StreakState, today: date) -> int:
    """The streak to show on ``today``: still alive if the learner was active today or
    yesterday (today is not over yet), otherwise broken."""
    last = state.last_active_date
    if last is None:
        return 0
    return state.current if (today - last).days <= 1 else 0
