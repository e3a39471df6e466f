"""Server-rendered SVG charts for the progress pages (pure: no ORM, no request, no clock).

Every builder returns a :class:`Chart`: ``svg`` is markup that is safe to render as is
(every label is escaped here; no scripts, no ``style`` attributes, because the CSP forbids
inline styles: geometry uses SVG presentation attributes, colour uses CSS classes from
``static/css/app.css``), and ``text_alternative`` is a sentence plus a data table for
people who do not see the picture. Colour is never the only signal: series also differ by
marker shape, calendar days by the size of their inner square, and bars carry their value.
"""

import html
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils.safestring import SafeString, mark_safe

__all__ = [
    "Bar",
    "Chart",
    "Series",
    "TextAlternative",
    "activity_calendar",
    "bar_chart",
    "calendar_level",
    "mastery_line_chart",
]

MARKERS = ("circle", "square", "triangle", "diamond", "cross")
CALENDAR_LEVELS = ((0, "no questions"), (1, "1–4"), (5, "5–9"), (10, "10–19"), (20, "20 or more"))


@dataclass(frozen=True)
class TextAlternative:
    summary: str
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class Chart:
    chart_id: str
    title: str
    svg: SafeString
    text_alternative: TextAlternative

    def __html__(self) -> str:
        return str(self.svg)


@dataclass(frozen=True)
class Series:
    """One line: (date, value in 0..1) points; a ``None`` value breaks the line there."""

    label: str
    points: Sequence[tuple[date, float | None]] = field(default_factory=tuple)


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # None: nothing to measure (shown as "no practice", not as zero)


# Formatting -----------------------------------------------------------------------------


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _n(x: float) -> str:
    """A coordinate: one decimal, no trailing noise."""
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _short_date(d: date) -> str:
    return f"{d.day} {d:%b}"


def _long_date(d: date) -> str:
    return f"{d:%a} {d.day} {d:%b} {d.year}"


def _pct(value: float) -> str:
    return f"{round(100 * value)}%"


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _open_svg(*, chart_id: str, title: str, desc: str, width: int, height: int, css: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {css}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-labelledby="{_e(chart_id)}-title {_e(chart_id)}-desc" focusable="false">'
        f'<title id="{_e(chart_id)}-title">{_e(title)}</title>'
        f'<desc id="{_e(chart_id)}-desc">{_e(desc)}</desc>'
    )


def _marker(shape: str, x: float, y: float, css: str, title: str) -> str:
    tip = f"<title>{_e(title)}</title>"
    if shape == "circle":
        return f'<circle class="{css}" cx="{_n(x)}" cy="{_n(y)}" r="4">{tip}</circle>'
    if shape == "square":
        return (
            f'<rect class="{css}" x="{_n(x - 3.5)}" y="{_n(y - 3.5)}" width="7" height="7">'
            f"{tip}</rect>"
        )
    if shape == "triangle":
        pts = f"{_n(x)},{_n(y - 5)} {_n(x + 4.5)},{_n(y + 3.5)} {_n(x - 4.5)},{_n(y + 3.5)}"
    elif shape == "diamond":
        pts = f"{_n(x)},{_n(y - 5)} {_n(x + 5)},{_n(y)} {_n(x)},{_n(y + 5)} {_n(x - 5)},{_n(y)}"
    else:  # cross
        d = 3.5
        return (
            f'<path class="{css}" d="M{_n(x - d)} {_n(y - d)}L{_n(x + d)} {_n(y + d)}'
            f'M{_n(x - d)} {_n(y + d)}L{_n(x + d)} {_n(y - d)}" fill="none" stroke-width="2">'
            f"{tip}</path>"
        )
    return f'<polygon class="{css}" points="{pts}">{tip}</polygon>'


def _segments(points: Sequence[tuple[date, float | None]]) -> list[list[tuple[date, float]]]:
    """Split a sorted series at its ``None`` values (a known gap is never drawn over)."""
    out: list[list[tuple[date, float]]] = [[]]
    for day, value in points:
        if value is None:
            if out[-1]:
                out.append([])
        else:
            out[-1].append((day, value))
    return [s for s in out if s]


# Mastery over time -----------------------------------------------------------------------


def mastery_line_chart(
    series: Sequence[Series],
    *,
    start: date,
    end: date,
    title: str = "Mastery over time",
    chart_id: str = "mastery-chart",
) -> Chart:
    """One line per subject on a time axis from ``start`` to ``end`` (values 0..1).

    Days without a point are spaced in proportion to time, so a week off shows as a long
    segment, not as a missing week; a ``None`` value breaks the line.
    """
    width, height = 640, 280
    left, right, top, bottom = 52, 150, 16, 48
    plot_w, plot_h = width - left - right, height - top - bottom
    span = max(1, (end - start).days)

    def x_of(d: date) -> float:
        if end <= start:
            return left + plot_w / 2
        return left + plot_w * min(max((d - start).days, 0), span) / span

    def y_of(v: float) -> float:
        return top + plot_h * (1 - min(max(v, 0.0), 1.0))

    cleaned = [Series(label=s.label, points=sorted(s.points, key=lambda p: p[0])) for s in series]
    has_data = any(v is not None for s in cleaned for _, v in s.points)

    parts: list[str] = []
    # Axes, grid and tick labels.
    for tick in (0, 0.25, 0.5, 0.75, 1):
        y = y_of(tick)
        parts.append(
            f'<line class="chart-grid" x1="{left}" y1="{_n(y)}" x2="{left + plot_w}" '
            f'y2="{_n(y)}" stroke-width="1"/>'
            f'<text class="chart-tick" x="{left - 6}" y="{_n(y + 4)}" '
            f'text-anchor="end">{_pct(tick)}</text>'
        )
    ticks = 6 if span >= 6 else span
    seen: set[date] = set()
    for i in range(ticks + 1):
        d = start + timedelta(days=round(span * i / max(ticks, 1)))
        if d in seen or d > end:
            continue
        seen.add(d)
        x = x_of(d)
        parts.append(
            f'<line class="chart-axis" x1="{_n(x)}" y1="{top + plot_h}" x2="{_n(x)}" '
            f'y2="{top + plot_h + 4}" stroke-width="1"/>'
            f'<text class="chart-tick" x="{_n(x)}" y="{top + plot_h + 18}" '
            f'text-anchor="middle">{_e(_short_date(d))}</text>'
        )
    parts.append(
        f'<line class="chart-axis" x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" '
        f'stroke-width="1"/>'
        f'<line class="chart-axis" x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" '
        f'y2="{top + plot_h}" stroke-width="1"/>'
        f'<text class="chart-axis-label" x="{left + plot_w / 2:.0f}" y="{height - 6}" '
        f'text-anchor="middle">Date</text>'
        f'<text class="chart-axis-label" x="14" y="{top + plot_h / 2:.0f}" text-anchor="middle" '
        f'transform="rotate(-90 14 {top + plot_h / 2:.0f})">Mastery</text>'
    )

    for index, s in enumerate(cleaned):
        css = f"series-{index % len(MARKERS)}"
        shape = MARKERS[index % len(MARKERS)]
        parts.append(f'<g class="chart-series {css}">')
        for segment in _segments(s.points):
            if len(segment) > 1:
                pts = " ".join(f"{_n(x_of(d))},{_n(y_of(v))}" for d, v in segment)
                parts.append(
                    f'<polyline class="chart-line" points="{pts}" fill="none" stroke-width="2"/>'
                )
            for d, v in segment:
                parts.append(
                    _marker(
                        shape,
                        x_of(d),
                        y_of(v),
                        "chart-marker",
                        f"{s.label}, {_short_date(d)}: {_pct(v)}",
                    )
                )
        # Legend row: marker shape + name, so a line is identified without its colour.
        ly = top + 8 + 20 * index
        lx = left + plot_w + 16
        parts.append(_marker(shape, lx, ly, "chart-marker", s.label))
        parts.append(
            f'<text class="chart-legend" x="{lx + 10}" y="{ly + 4}">'
            f"{_e(_truncate(s.label, 20))}</text></g>"
        )

    if not has_data:
        parts.append(
            f'<text class="chart-empty" x="{left + plot_w / 2:.0f}" y="{top + plot_h / 2:.0f}" '
            f'text-anchor="middle">No mastery history yet</text>'
        )

    summary = _mastery_summary(cleaned, start=start, end=end, has_data=has_data)
    dates = sorted({d for s in cleaned for d, v in s.points if v is not None})
    lookup = [{d: v for d, v in s.points if v is not None} for s in cleaned]
    rows = tuple(
        (
            _long_date(d),
            *(_pct(values[d]) if d in values else "—" for values in lookup),
        )
        for d in dates
    )
    svg = _open_svg(
        chart_id=chart_id, title=title, desc=summary, width=width, height=height, css="chart-line"
    )
    return Chart(
        chart_id=chart_id,
        title=title,
        svg=mark_safe(svg + "".join(parts) + "</svg>"),  # noqa: S308 - built from escaped parts
        text_alternative=TextAlternative(
            summary=summary, columns=("Date", *(s.label for s in cleaned)), rows=rows
        ),
    )


def _mastery_summary(series: Sequence[Series], *, start: date, end: date, has_data: bool) -> str:
    period = f"from {_short_date(start)} to {_short_date(end)} {end.year}"
    if not has_data:
        return f"Mastery over time {period}: no history yet."
    clauses = []
    for s in series:
        known = [(d, v) for d, v in s.points if v is not None]
        if not known:
            clauses.append(f"{s.label}: no data yet")
        elif len(known) == 1:
            clauses.append(f"{s.label}: {_pct(known[0][1])}")
        else:
            first, last = known[0][1], known[-1][1]
            verb = "rose" if last > first else "fell" if last < first else "stayed"
            move = f"from {_pct(first)} to {_pct(last)}" if verb != "stayed" else f"at {_pct(last)}"
            clauses.append(f"{s.label} {verb} {move}")
    return f"Mastery over time {period}. " + "; ".join(clauses) + "."


# Activity calendar -----------------------------------------------------------------------


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
            tip = (
                f"{_long_date(day)}: {count} {noun}" if count else f"{_long_date(day)}: no practice"
            )
            inner = ""
            if level:
                size = 4 + 3 * level  # 7, 10, 13, 16: busier days have bigger squares
                off = (cell - size) / 2
                inner = (
                    f'<rect class="cal-fill cal-level-{level}" x="{_n(x + off)}" '
                    f'y="{_n(y + off)}" width="{size}" height="{size}" rx="2"/>'
                )
            css = "cal-day cal-active" if count else "cal-day"
            parts.append(
                f'<g class="{css}" data-date="{day.isoformat()}" data-count="{count}">'
                f"<title>{_e(tip)}</title>"
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
                f'<rect class="cal-fill cal-level-{level}" x="{_n(lx + off)}" y="{_n(ly + off)}" '
                f'width="{size}" height="{size}" rx="2"/>'
            )
        parts.append(
            f"<g><title>{_e(CALENDAR_LEVELS[level][1])} questions</title>"
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
            f"({_short_date(first)} to {_short_date(end)}), {total} questions in all"
        )
        if busiest is not None:
            summary += f"; busiest day {_long_date(busiest[1])} with {busiest[0]} questions"
        summary += "."
    else:
        summary = f"No practice in the last {drawn_days} days."
    rows = tuple(
        (_long_date(d), str(days[d])) for d in sorted(days) if first <= d <= end and days[d] > 0
    )
    svg = _open_svg(
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


# Weekly bars ------------------------------------------------------------------------------


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude  # pragma: no cover


def bar_chart(
    bars: Sequence[Bar],
    *,
    title: str,
    value_label: str,
    fmt: Callable[[float], str],
    y_max: float | None = None,
    chart_id: str = "bar-chart",
    x_label: str = "Week starting",
) -> Chart:
    """Vertical bars with their value written above them; ``None`` bars read "none"."""
    width, height = 640, 220
    left, right, top, bottom = 52, 8, 20, 48
    plot_w, plot_h = width - left - right, height - top - bottom
    known = [b.value for b in bars if b.value is not None]
    top_value = y_max if y_max is not None else _nice_max(max(known, default=0))
    slot = plot_w / max(1, len(bars))
    bar_w = min(36.0, slot * 0.7)

    def y_of(v: float) -> float:
        return top + plot_h * (1 - min(max(v / top_value, 0.0), 1.0))

    parts: list[str] = []
    for tick in (0, 0.5, 1):
        y = y_of(tick * top_value)
        parts.append(
            f'<line class="chart-grid" x1="{left}" y1="{_n(y)}" x2="{left + plot_w}" '
            f'y2="{_n(y)}" stroke-width="1"/>'
            f'<text class="chart-tick" x="{left - 6}" y="{_n(y + 4)}" '
            f'text-anchor="end">{_e(fmt(tick * top_value))}</text>'
        )
    parts.append(
        f'<line class="chart-axis" x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" '
        f'y2="{top + plot_h}" stroke-width="1"/>'
        f'<text class="chart-axis-label" x="{left + plot_w / 2:.0f}" y="{height - 6}" '
        f'text-anchor="middle">{_e(x_label)}</text>'
        f'<text class="chart-axis-label" x="14" y="{top + plot_h / 2:.0f}" text-anchor="middle" '
        f'transform="rotate(-90 14 {top + plot_h / 2:.0f})">{_e(value_label)}</text>'
    )
    for i, b in enumerate(bars):
        cx = left + slot * (i + 0.5)
        parts.append(
            f'<text class="chart-tick" x="{_n(cx)}" y="{top + plot_h + 16}" '
            f'text-anchor="middle">{_e(b.label)}</text>'
        )
        if b.value is None:
            parts.append(
                f'<text class="chart-none" x="{_n(cx)}" y="{top + plot_h - 4}" '
                f'text-anchor="middle"><title>{_e(b.label)}: no practice</title>none</text>'
            )
            continue
        y = y_of(b.value)
        parts.append(
            f'<g class="chart-bar"><title>{_e(b.label)}: {_e(fmt(b.value))}</title>'
            f'<rect x="{_n(cx - bar_w / 2)}" y="{_n(y)}" width="{_n(bar_w)}" '
            f'height="{_n(top + plot_h - y)}"/>'
            f'<text class="chart-value" x="{_n(cx)}" y="{_n(y - 4)}" text-anchor="middle">'
            f"{_e(fmt(b.value))}</text></g>"
        )

    measured = [b for b in bars if b.value is not None]
    if measured:
        hi = max(measured, key=lambda b: b.value or 0)
        lo = min(measured, key=lambda b: b.value or 0)
        summary = (
            f"{title} for {len(bars)} weeks, {len(measured)} with practice: "
            f"highest {fmt(hi.value or 0)} (week of {hi.label}), "
            f"lowest {fmt(lo.value or 0)} (week of {lo.label}), "
            f"latest {fmt(measured[-1].value or 0)} (week of {measured[-1].label})."
        )
    else:
        summary = f"{title}: no practice in the {len(bars)} weeks shown."
        parts.append(
            f'<text class="chart-empty" x="{left + plot_w / 2:.0f}" y="{top + plot_h / 2:.0f}" '
            f'text-anchor="middle">No practice yet</text>'
        )
    rows = tuple((b.label, fmt(b.value) if b.value is not None else "No practice") for b in bars)
    svg = _open_svg(
        chart_id=chart_id, title=title, desc=summary, width=width, height=height, css="chart-bars"
    )
    return Chart(
        chart_id=chart_id,
        title=title,
        svg=mark_safe(svg + "".join(parts) + "</svg>"),  # noqa: S308 - built from escaped parts
        text_alternative=TextAlternative(
            summary=summary, columns=(x_label, value_label), rows=rows
        ),
    )
