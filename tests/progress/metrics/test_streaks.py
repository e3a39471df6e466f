from datetime import UTC, date, datetime

import pytest

from accounts.localtime import local_date
from progress.metrics import metric_rows
from progress.metrics.streaks import StreakState, streak_after_activity, streak_as_of


@pytest.mark.parametrize(
    ("moment", "zone", "expected"),
    [
        # 23:30 UTC is already tomorrow in Paris and still today in New York.
        (datetime(2024, 3, 9, 23, 30, tzinfo=UTC), "Europe/Paris", date(2024, 3, 10)),
        (datetime(2024, 3, 9, 23, 30, tzinfo=UTC), "America/New_York", date(2024, 3, 9)),
        # Kolkata is UTC+5:30: 18:45 UTC is 00:15 the next day.
        (datetime(2024, 6, 1, 18, 45, tzinfo=UTC), "Asia/Kolkata", date(2024, 6, 2)),
        # DST: on 31 March 2024 Paris jumps from 02:00 to 03:00. 00:59 UTC is 01:59 CET and
        # 01:00 UTC is 03:00 CEST: the same local date either side of the jump.
        (datetime(2024, 3, 31, 0, 59, tzinfo=UTC), "Europe/Paris", date(2024, 3, 31)),
        (datetime(2024, 3, 31, 1, 0, tzinfo=UTC), "Europe/Paris", date(2024, 3, 31)),
        # Autumn: 22:30 UTC on 26 Oct is 00:30 CEST on 27 Oct; 23:30 UTC on 27 Oct is 00:30 CET.
        (datetime(2024, 10, 26, 22, 30, tzinfo=UTC), "Europe/Paris", date(2024, 10, 27)),
        (datetime(2024, 10, 27, 23, 30, tzinfo=UTC), "Europe/Paris", date(2024, 10, 28)),
    ],
)
def test_local_date(moment, zone, expected):
    assert local_date(moment, zone) == expected


def test_naive_moment_is_refused():
    with pytest.raises(ValueError):
        local_date(datetime(2024, 1, 1), "UTC")


@pytest.mark.parametrize(
    ("days", "current", "longest"),
    [
        ([], 0, 0),
        ([1], 1, 1),
        ([1, 1, 1], 1, 1),  # several answers on one day count once
        ([1, 2, 3], 3, 3),
        ([1, 2, 4], 1, 2),  # a missed day resets
        ([1, 2, 3, 10, 11], 2, 3),
        ([5, 4, 6], 2, 2),  # a westward move makes "today" earlier: no change, no reset
    ],
)
def test_streak_arithmetic(days, current, longest):
    state = StreakState()
    for d in days:
        state = streak_after_activity(state, date(2024, 1, d))
    assert (state.current, state.longest) == (current, longest)


def test_streak_shown_today_is_alive_until_a_day_is_missed():
    state = streak_after_activity(
        streak_after_activity(StreakState(), date(2024, 1, 1)), date(2024, 1, 2)
    )
    assert streak_as_of(state, date(2024, 1, 2)) == 2
    assert streak_as_of(state, date(2024, 1, 3)) == 2  # today not over yet
    assert streak_as_of(state, date(2024, 1, 4)) == 0
    assert streak_as_of(StreakState(), date(2024, 1, 4)) == 0


def test_metric_rows_for_an_attempt_in_and_out_of_the_goal():
    goal = metric_rows.Goal(subject_id=1, topic_ids=frozenset({10}))
    assert metric_rows.dimension_keys(subject_id=1, topic_id=10, goal=goal)[-1] == ("goal", "1")
    assert ("goal", "1") not in metric_rows.dimension_keys(subject_id=1, topic_id=11, goal=goal)
    assert ("goal", "1") not in metric_rows.dimension_keys(subject_id=2, topic_id=10, goal=goal)
    keys = metric_rows.dimension_keys(subject_id=1, topic_id=10, goal=None)
    first = metric_rows.apply_attempt({}, keys=keys, is_correct=True, seconds=30)
    second = metric_rows.apply_attempt(first, keys=keys, is_correct=False, seconds=10)
    assert second[("overall", "", "practice_count")].value == 2
    assert second[("overall", "", "accuracy")].value == 0.5
    assert second[("topic", "10", "time_spent")].value == 40
