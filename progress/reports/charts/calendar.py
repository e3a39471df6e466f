"""The activity calendar: questions answered per day over the last weeks.

Built in pieces: the weekday and month labels, one day's square (:func:`_day`), the
legend, and the sentence that describes the whole.
"""

from collections.abc import Mapping
from datetime import date, timedelta

from django.utils import dateformat
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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

CELL, GAP = 16, 4
LEFT, TOP = 40, 24


def calendar_level(count: int) -> int:
    """0-4: how busy a day was (shown by both the colour and the size of its square)."""
    level = 0
    for i, (threshold, _range) in enumerate(CALENDAR_LEVELS):
        if count >= threshold:
            level = i
    return level


def _square(x: float, y: float, level: int) -> str:
    """The cell and, on a day with practice, the inner square (7, 10, 13, 16 px: busier
    days have bigger squares, so the level never rests on colour alone)."""
    inner = ""
    if level:
        size = 4 + 3 * level
        off = (CELL - size) / 2
        inner = (
            f'<rect class="cal-fill cal-level-{level}" x="{coord(x + off)}" '
            f'y="{coord(y + off)}" width="{size}" height="{size}" rx="2"/>'
        )
    return (
        f'<rect class="cal-cell" x="{x}" y="{y}" width="{CELL}" height="{CELL}" rx="3" '
        f'stroke-width="1"/>{inner}'
    )


def _day(day: date, count: int, x: float, y: float) -> str:
    if count:
        tip = ngettext("%(day)s: %(n)d question", "%(day)s: %(n)d questions", count) % {
            "day": long_date(day),
            "n": count,
        }
    else:
        tip = _("%(day)s: no practice") % {"day": long_date(day)}
    css = "cal-day cal-active" if count else "cal-day"
    return (
        f'<g class="{css}" data-date="{day.isoformat()}" data-count="{count}">'
        f"<title>{esc(tip)}</title>{_square(x, y, calendar_level(count))}</g>"
    )


def _labels(first: date, weeks: int) -> list[str]:
    parts = []
    # Monday 7 Dec 2026 starts the week: its abbreviated weekday names, translated.
    names = {
        row: dateformat.format(date(2026, 12, 7) + timedelta(days=row), "D") for row in (0, 2, 4, 6)
    }
    for row, name in names.items():
        y = TOP + row * (CELL + GAP) + CELL - 3
        parts.append(
            f'<text class="chart-tick" x="{LEFT - 6}" y="{y}" text-anchor="end">{esc(name)}</text>'
        )
    last_month = None
    for week in range(weeks):
        monday = first + timedelta(weeks=week)
        if monday.month != last_month:
            x = LEFT + week * (CELL + GAP)
            month = esc(dateformat.format(monday, "M"))
            parts.append(f'<text class="chart-tick" x="{x}" y="{TOP - 8}">{month}</text>')
            last_month = monday.month
    return parts


def _legend() -> list[str]:
    ly = TOP + 7 * (CELL + GAP) + 10
    less, more = esc(_("Less")), esc(_("More"))
    parts = [f'<text class="chart-tick" x="{LEFT}" y="{ly + 13}">{less}</text>']
    questions = _("%(range)s questions")
    for level in range(len(CALENDAR_LEVELS)):
        lx = LEFT + 38 + level * (CELL + GAP)
        parts.append(
            f"<g><title>{esc(questions % {'range': CALENDAR_LEVELS[level][1]})}</title>"
            f"{_square(lx, ly, level)}</g>"
        )
    x = LEFT + 38 + len(CALENDAR_LEVELS) * (CELL + GAP) + 2
    parts.append(f'<text class="chart-tick" x="{x}" y="{ly + 13}">{more}</text>')
    return parts


def _summary(days: Mapping[date, int], first: date, end: date) -> str:
    shown = {d: c for d, c in days.items() if first <= d <= end and c > 0}
    drawn_days = (end - first).days + 1
    if not shown:
        return _("No practice in the last %(n)d days.") % {"n": drawn_days}
    busiest = max(sorted(shown), key=lambda d: shown[d])
    total = sum(shown.values())
    return _(
        "Practised on %(active)d of the last %(n)d days (%(first)s to %(end)s), %(total)s; "
        "busiest day %(busiest)s with %(most)s."
    ) % {
        "active": len(shown),
        "n": drawn_days,
        "first": short_date(first),
        "end": short_date(end),
        "total": ngettext("%(n)d question in all", "%(n)d questions in all", total) % {"n": total},
        "busiest": long_date(busiest),
        "most": ngettext("%(n)d question", "%(n)d questions", shown[busiest])
        % {"n": shown[busiest]},
    }


def activity_calendar(
    days: Mapping[date, int],
    *,
    end: date,
    weeks: int = 12,
    title: str = "",
    chart_id: str = "activity-calendar",
) -> Chart:
    """A heat map of questions answered per day: one column per week (Monday first),
    ``weeks`` weeks ending with the week of ``end``. Days after ``end`` are not drawn."""
    title = title or _("Practice calendar")
    first = end - timedelta(days=end.weekday()) - timedelta(weeks=weeks - 1)
    width = LEFT + weeks * (CELL + GAP) + 8
    height = TOP + 7 * (CELL + GAP) + 36
    parts = _labels(first, weeks)
    for week in range(weeks):
        for weekday in range(7):
            day = first + timedelta(weeks=week, days=weekday)
            if day <= end:
                count = max(0, int(days.get(day, 0)))
                x, y = LEFT + week * (CELL + GAP), TOP + weekday * (CELL + GAP)
                parts.append(_day(day, count, x, y))
    parts += _legend()
    summary = _summary(days, first, end)
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
            summary=summary, columns=(_("Day"), _("Questions answered")), rows=rows
        ),
    )
