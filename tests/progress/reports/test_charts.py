"""Pure chart builders: no database, table-driven where it helps."""

import re
from datetime import date, timedelta

import pytest

from progress.reports import charts
from progress.reports.charts import bars as chart_bars

END = date(2026, 11, 23)  # a Monday
START = END - timedelta(weeks=12)


def _no_active_content(svg: str) -> None:
    assert "<script" not in svg.lower()
    assert "style=" not in svg  # the CSP forbids inline styles
    assert "javascript:" not in svg.lower()
    assert " on" not in re.sub(r"<(title|desc|text)[^>]*>.*?</\1>", "", svg)  # no onload= etc.


def test_line_chart_draws_one_line_per_subject_with_labelled_axes():
    chart = charts.mastery_line_chart(
        [
            charts.Series("Maths", [(START, 0.1), (START + timedelta(days=10), 0.4), (END, 0.6)]),
            charts.Series("Science", [(END - timedelta(days=3), 0.2), (END, 0.25)]),
        ],
        start=START,
        end=END,
    )
    svg = str(chart.svg)
    assert svg.count('class="chart-line"') == 2
    assert ">Mastery</text>" in svg and ">Date</text>" in svg
    assert ">0%</text>" in svg and ">100%</text>" in svg
    assert 'role="img"' in svg and "<title id=" in svg
    # Series differ by marker shape, not only by colour.
    assert "<circle" in svg and "<rect" in svg
    alt = chart.text_alternative
    assert "Maths rose from 10% to 60%" in alt.summary
    assert "Science rose from 20% to 25%" in alt.summary
    assert alt.columns == ("Date", "Maths", "Science")
    assert alt.rows[0] == ("Mon 31 Aug 2026", "10%", "—")
    assert alt.rows[-1] == ("Mon 23 Nov 2026", "60%", "25%")
    _no_active_content(svg)


def test_line_chart_spaces_points_by_time_and_breaks_at_none():
    points = [
        (START, 0.2),
        (START + timedelta(days=1), 0.3),
        (END - timedelta(days=1), None),
        (END, 0.5),
    ]
    svg = str(charts.mastery_line_chart([charts.Series("Maths", points)], start=START, end=END).svg)
    # Two days apart on an 84-day axis are close; the None splits the line into a polyline
    # (first two points) and a lone marker (today).
    assert svg.count("<polyline") == 1
    (line,) = re.findall(r'<polyline class="chart-line" points="([^"]+)"', svg)
    (x1, _), (x2, _) = (map(float, p.split(",")) for p in line.split())
    assert 0 < x2 - x1 < 10
    assert svg.count("<circle") == 3 + 1  # three points and the legend marker


def test_line_chart_with_no_data_says_so():
    chart = charts.mastery_line_chart([], start=START, end=END)
    assert "No mastery history yet" in str(chart.svg)
    assert chart.text_alternative.rows == ()
    assert "no history yet" in chart.text_alternative.summary


def test_line_chart_on_a_single_day_does_not_divide_by_zero():
    chart = charts.mastery_line_chart([charts.Series("Maths", [(END, 0.5)])], start=END, end=END)
    assert "Maths: 50%" in chart.text_alternative.summary


@pytest.mark.parametrize(
    "builder",
    [
        lambda label: charts.mastery_line_chart(
            [charts.Series(label, [(START, 0.1), (END, 0.2)])], start=START, end=END
        ),
        lambda label: charts.bar_chart(
            [charts.Bar(label, 0.5)], title=label, value_label=label, fmt=str
        ),
    ],
    ids=["line", "bars"],
)
def test_labels_are_escaped(builder):
    label = '<script>alert("x")</script>" onload="evil'
    chart = builder(label)
    svg = str(chart.svg)
    assert "&lt;script&gt;" in svg
    assert "&quot; onload=&quot;evil" in svg
    _no_active_content(svg)


@pytest.mark.parametrize(
    ("count", "level"),
    [(0, 0), (1, 1), (4, 1), (5, 2), (9, 2), (10, 3), (19, 3), (20, 4), (500, 4)],
)
def test_calendar_levels(count, level):
    assert charts.calendar_level(count) == level


def test_calendar_marks_active_days_and_stops_at_today():
    wednesday = date(2026, 11, 25)
    days = {wednesday: 12, wednesday - timedelta(days=8): 2, wednesday - timedelta(weeks=20): 9}
    chart = charts.activity_calendar(days, end=wednesday, weeks=12)
    svg = str(chart.svg)
    assert 'data-date="2026-11-25" data-count="12"' in svg
    assert 'data-date="2026-11-17" data-count="2"' in svg
    assert "cal-level-3" in svg and "cal-level-1" in svg
    assert 'data-date="2026-11-26"' not in svg  # the future is not drawn
    assert 'data-date="2026-09-07"' in svg  # first Monday of the 12 weeks
    assert 'data-date="2026-09-06"' not in svg
    assert svg.count('class="cal-day cal-active"') == 2  # the day 20 weeks ago is outside
    # Size as well as colour: level 3 squares are bigger than level 1.
    assert 'class="cal-fill cal-level-3"' in svg and 'width="13"' in svg
    assert "Wed 25 Nov 2026: 12 questions" in svg
    alt = chart.text_alternative
    assert alt.rows == (("Tue 17 Nov 2026", "2"), ("Wed 25 Nov 2026", "12"))
    assert "Practised on 2 of the last 80 days" in alt.summary
    assert "busiest day Wed 25 Nov 2026 with 12 questions" in alt.summary
    _no_active_content(svg)


def test_empty_calendar():
    chart = charts.activity_calendar({}, end=END)
    assert "cal-active" not in str(chart.svg)
    assert chart.text_alternative.summary == "No practice in the last 78 days."
    assert chart.text_alternative.rows == ()


def test_bars_write_their_values_and_mark_weeks_without_practice_quietly():
    chart = charts.bar_chart(
        [charts.Bar("2 Nov", 0.8), charts.Bar("9 Nov", None), charts.Bar("16 Nov", 0.4)],
        title="Accuracy by week",
        value_label="Accuracy",
        fmt=lambda v: f"{round(100 * v)}%",
        y_max=1.0,
    )
    svg = str(chart.svg)
    assert svg.count('<g class="chart-bar">') == 2
    assert ">80%</text>" in svg and ">40%</text>" in svg
    # A week without practice is a dash on the axis with a title, not the word "none".
    assert ">none</text>" not in svg
    assert '<g class="chart-none"><title>9 Nov: no practice</title>' in svg
    alt = chart.text_alternative
    assert alt.rows == (("2 Nov", "80%"), ("9 Nov", "No practice"), ("16 Nov", "40%"))
    assert "highest 80% (week of 2 Nov)" in alt.summary
    assert "lowest 40% (week of 16 Nov)" in alt.summary
    _no_active_content(svg)


def test_bars_scale_to_a_round_maximum_and_handle_all_empty():
    chart = charts.bar_chart(
        [charts.Bar("a", 37.0), charts.Bar("b", 12.0)],
        title="Practice time by week",
        value_label="Minutes",
        fmt=lambda v: f"{v:.0f} min",
    )
    assert ">50 min</text>" in str(chart.svg)  # top tick: 37 rounds up to 50
    empty = charts.bar_chart(
        [charts.Bar("a", None)], title="Accuracy by week", value_label="Accuracy", fmt=str
    )
    assert "no practice in the 1 week shown" in empty.text_alternative.summary
    assert "No practice yet" in str(empty.svg)


# Little data and lots of data (issue 15) ---------------------------------------------


def _ticks(svg: str) -> list[str]:
    return re.findall(r'<text class="chart-tick"[^>]*>([^<]+)</text>', svg)


def test_value_ticks_never_repeat_a_label():
    minutes = lambda v: f"{v:.0f} min"  # noqa: E731
    # One minute of practice: the half tick would read "0 min" twice.
    assert [label for _, label in chart_bars.value_ticks(1.0, minutes)] == ["0 min", "1 min"]
    assert [label for _, label in chart_bars.value_ticks(50.0, minutes)] == [
        "0 min",
        "25 min",
        "50 min",
    ]


def test_date_ticks_are_distinct_for_a_day_a_week_and_a_year():
    from progress.reports.charts.lines import date_ticks

    assert date_ticks(END, END) == [END]
    week = date_ticks(END - timedelta(days=6), END)
    assert len(week) == len(set(week))
    assert week[0] == END - timedelta(days=6) and week[-1] == END
    two_days = date_ticks(END - timedelta(days=1), END)
    assert two_days == [END - timedelta(days=1), END]
    year = date_ticks(END - timedelta(days=365), END)
    assert len(year) == len(set(year)) <= 7 and year[-1] == END


def test_a_lone_point_carries_its_value_as_text():
    chart = charts.mastery_line_chart(
        [charts.Series("Maths", [(END, 0.42)])], start=END - timedelta(days=6), end=END
    )
    svg = str(chart.svg)
    assert '<text class="chart-value"' in svg and ">42%</text>" in svg
    assert len(_ticks(svg)) == len(set(_ticks(svg)))  # no date twice on the axis


def test_bar_labels_thin_out_when_there_are_many_weeks():
    bars = [charts.Bar(f"w{i}", 0.5) for i in range(52)]
    chart = charts.bar_chart(bars, title="Accuracy by week", value_label="Accuracy", fmt=str)
    week_labels = [t for t in _ticks(str(chart.svg)) if t.startswith("w")]
    assert 5 <= len(week_labels) < 52  # readable, not 52 labels on top of each other
    assert len(chart.text_alternative.rows) == 52  # every week stays in the table


def test_the_charts_start_where_the_history_starts():
    from progress.reports.student_progress import chart_start, minutes_label

    today = END
    window = END - timedelta(weeks=11)
    # One day of practice: the axis is the last week, not twelve weeks with one dot.
    assert chart_start(today=today, first_day=window, days=[today]) == today - timedelta(days=6)
    # Three weeks of history: from its first day.
    three = today - timedelta(weeks=3)
    assert chart_start(today=today, first_day=window, days=[three, today]) == three
    # A year: the twelve-week window.
    year = [today - timedelta(days=d) for d in range(365)]
    assert chart_start(today=today, first_day=window, days=year) == window
    assert minutes_label(0.2) == "<1 min" and minutes_label(0) == "0 min"
    assert minutes_label(12.4) == "12 min"
