"""The activity calendar: questions answered per day over the last weeks."""

from collections.abc import Mapping
from datetime import date, timedelta

from django.utils.safestring import mark_safe

from progress.reports.charts.svg import (
    CALENDAR_LEVELS,
    Chart,
    TextAlternative,
    coord,
    esc,
    long_date,
    open_svg,
    short_date,
)


def calendar_level(count: int) -> int:
    """0-4: how busy a day was (shown by both the colour and the size of its square)."""
    level = 0
    for i, (threshold, _) in enumerate(CALENDAR_LEVELS):
        if count >= threshold:
            level = i
    return level


def activity_calendar(
    days: Mapping[date, int],
    *,
    end: date,
    weeks: int = 12,
    title: str = "Practice calendar",
    chart_id: str = "activity-calendar",
) -> Chart:
    """A heat map of questions answered per day: one column per week (Monday first),
    ``weeks`` weeks ending with the week of ``end``. Days after ``end`` are not drawn."""
    cell, gap = 16, 4
    left, top = 36, 22
    first = end - timedelta(days=end.weekday()) - timedelta(weeks=weeks - 1)
    width = left + weeks * (cell + gap) + 8
    height = top + 7 * (cell + gap) + 34

    parts: list[str] = []
    for row, name in ((0, "Mon"), (2, "Wed"), (4, "Fri"), (6, "Sun")):
        y = top + row * (cell + gap) + cell - 4
        parts.append(
            f'<text class="chart-tick" x="{left - 6}" y="{y}" text-anchor="end">{name}</text>'
        )
    last_month = None
    active = 0
    total = 0
    busiest: tuple[int, date] | None = None
    for week in range(weeks):
        monday = first + timedelta(weeks=week)
        x = left + week * (cell + gap)
        if monday.month != last_month:
            parts.append(f'<text class="chart-tick" x="{x}" y="{top - 8}">{monday:%b}</text>')
            last_month = monday.month
        for weekday in range(7):
            day = monday + timedelta(days=weekday)
            if day > end:
                continue
            count = max(0, int(days.get(day, 0)))
            level = calendar_level(count)
            if count:
                active += 1
                total += count
                if busiest is None or count > busiest[0]:
                    busiest = (count, day)
            y = top + weekday * (cell + gap)
            noun = "question" if count == 1 else "questions"
            tip = f"{long_date(day)}: {count} {noun}" if count else f"{long_date(day)}: no practice"
            inner = ""
            if level:
                size = 4 + 3 * level  # 7, 10, 13, 16: busier days have bigger squares
                off = (cell - size) / 2
                inner = (
                    f'<rect class="cal-fill cal-level-{level}" x="{coord(x + off)}" '
                    f'y="{coord(y + off)}" width="{size}" height="{size}" rx="2"/>'
                )
            css = "cal-day cal-active" if count else "cal-day"
            parts.append(
                f'<g class="{css}" data-date="{day.isoformat()}" data-count="{count}">'
                f"<title>{esc(tip)}</title>"
                f'<rect class="cal-cell" x="{x}" y="{y}" width="{cell}" height="{cell}" '
                f'rx="3" stroke-width="1"/>{inner}</g>'
            )
    # Legend: the five levels, with their sizes, and what they mean.
    ly = top + 7 * (cell + gap) + 10
    parts.append(f'<text class="chart-tick" x="{left}" y="{ly + 12}">Less</text>')
    for level in range(len(CALENDAR_LEVELS)):
        lx = left + 34 + level * (cell + gap)
        inner = ""
        if level:
            size = 4 + 3 * level
            off = (cell - size) / 2
            inner = (
                f'<rect class="cal-fill cal-level-{level}" x="{coord(lx + off)}" '
                f'y="{coord(ly + off)}" width="{size}" height="{size}" rx="2"/>'
            )
        parts.append(
            f"<g><title>{esc(CALENDAR_LEVELS[level][1])} questions</title>"
            f'<rect class="cal-cell" x="{lx}" y="{ly}" width="{cell}" height="{cell}" rx="3" '
            f'stroke-width="1"/>{inner}</g>'
        )
    parts.append(
        f'<text class="chart-tick" x="{left + 34 + len(CALENDAR_LEVELS) * (cell + gap) + 2}" '
        f'y="{ly + 12}">More</text>'
    )

    drawn_days = (end - first).days + 1
    if active:
        summary = (
            f"Practised on {active} of the last {drawn_days} days "
            f"({short_date(first)} to {short_date(end)}), {total} questions in all"
        )
        if busiest is not None:
            summary += f"; busiest day {long_date(busiest[1])} with {busiest[0]} questions"
        summary += "."
    else:
        summary = f"No practice in the last {drawn_days} days."
    rows = tuple(
        (long_date(d), str(days[d])) for d in sorted(days) if first <= d <= end and days[d] > 0
    )
    svg = open_svg(
        chart_id=chart_id, title=title, desc=summary, width=width, height=height, css="chart-cal"
    )
    return Chart(
        chart_id=chart_id,
        title=title,
        svg=mark_safe(svg + "".join(parts) + "</svg>"),  # noqa: S308 - built from escaped parts
        text_alternative=TextAlternative(
            summary=summary, columns=("Day", "Questions answered"), rows=rows
        ),
    )
