"""Mastery over time: one line per subject, with markers that differ by shape.

Built in small pieces (axes, one series, the legend, the text alternative) on a
:class:`_Plot` that knows the geometry, so each piece reads on its own.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from progress.reports.charts.svg import (
    MARKERS,
    Chart,
    Series,
    TextAlternative,
    coord,
    esc,
    long_date,
    marker,
    open_svg,
    pct,
    segments,
    short_date,
    truncate,
)

WIDTH, HEIGHT = 640, 280
LEFT, RIGHT, TOP, BOTTOM = 64, 150, 18, 52
MAX_DATE_TICKS = 6


@dataclass(frozen=True)
class _Plot:
    start: date
    end: date

    @property
    def width(self) -> int:
        return WIDTH - LEFT - RIGHT

    @property
    def height(self) -> int:
        return HEIGHT - TOP - BOTTOM

    @property
    def span(self) -> int:
        return max(1, (self.end - self.start).days)

    def x(self, d: date) -> float:
        if self.end <= self.start:
            return LEFT + self.width / 2
        return LEFT + self.width * min(max((d - self.start).days, 0), self.span) / self.span

    def y(self, v: float) -> float:
        return TOP + self.height * (1 - min(max(v, 0.0), 1.0))


def date_ticks(start: date, end: date, most: int = MAX_DATE_TICKS) -> list[date]:
    """Distinct dates for the time axis: both ends, and evenly spaced days between (never
    the same day twice, however short the range)."""
    span = (end - start).days
    if span <= 0:
        return [end]
    count = min(most, span)
    ticks = {start + timedelta(days=round(span * i / count)) for i in range(count + 1)}
    return sorted(ticks)


def _axes(plot: _Plot) -> list[str]:
    parts = []
    for tick in (0, 0.25, 0.5, 0.75, 1):
        y = plot.y(tick)
        parts.append(
            f'<line class="chart-grid" x1="{LEFT}" y1="{coord(y)}" x2="{LEFT + plot.width}" '
            f'y2="{coord(y)}" stroke-width="1"/>'
            f'<text class="chart-tick" x="{LEFT - 8}" y="{coord(y + 5)}" '
            f'text-anchor="end">{pct(tick)}</text>'
        )
    base = TOP + plot.height
    for d in date_ticks(plot.start, plot.end):
        x = plot.x(d)
        parts.append(
            f'<line class="chart-axis" x1="{coord(x)}" y1="{base}" x2="{coord(x)}" '
            f'y2="{base + 4}" stroke-width="1"/>'
            f'<text class="chart-tick" x="{coord(x)}" y="{base + 20}" '
            f'text-anchor="middle">{esc(short_date(d))}</text>'
        )
    mid = TOP + plot.height / 2
    date_label, mastery_label = _("Date"), _("Mastery")
    parts.append(
        f'<line class="chart-axis" x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{base}" '
        f'stroke-width="1"/>'
        f'<line class="chart-axis" x1="{LEFT}" y1="{base}" x2="{LEFT + plot.width}" '
        f'y2="{base}" stroke-width="1"/>'
        f'<text class="chart-axis-label" x="{LEFT + plot.width / 2:.0f}" y="{HEIGHT - 6}" '
        f'text-anchor="middle">{esc(date_label)}</text>'
        f'<text class="chart-axis-label" x="16" y="{mid:.0f}" text-anchor="middle" '
        f'transform="rotate(-90 16 {mid:.0f})">{esc(mastery_label)}</text>'
    )
    return parts


def _series(plot: _Plot, s: Series, index: int) -> list[str]:
    """One subject's line and markers, then its legend row (marker shape + name, so a
    line is identified without its colour). A lone point carries its value as text: one
    day of practice reads as a number, not as a stray dot."""
    css = f"series-{index % len(MARKERS)}"
    shape = MARKERS[index % len(MARKERS)]
    parts = [f'<g class="chart-series {css}">']
    pieces = segments(s.points)
    for segment in pieces:
        if len(segment) > 1:
            pts = " ".join(f"{coord(plot.x(d))},{coord(plot.y(v))}" for d, v in segment)
            parts.append(
                f'<polyline class="chart-line" points="{pts}" fill="none" stroke-width="2"/>'
            )
        for d, v in segment:
            label = f"{s.label}, {short_date(d)}: {pct(v)}"
            parts.append(marker(shape, plot.x(d), plot.y(v), "chart-marker", label))
    if sum(len(p) for p in pieces) == 1:
        (d, v) = pieces[0][0]
        parts.append(
            f'<text class="chart-value" x="{coord(plot.x(d) + 9)}" y="{coord(plot.y(v) - 8)}">'
            f"{pct(v)}</text>"
        )
    ly = TOP + 8 + 22 * index
    lx = LEFT + plot.width + 16
    parts.append(marker(shape, lx, ly, "chart-marker", s.label))
    parts.append(
        f'<text class="chart-legend" x="{lx + 10}" y="{ly + 5}">'
        f"{esc(truncate(s.label, 16))}</text></g>"
    )
    return parts


def _text_alternative(series: Sequence[Series], summary: str) -> TextAlternative:
    dates = sorted({d for s in series for d, v in s.points if v is not None})
    lookup = [{d: v for d, v in s.points if v is not None} for s in series]
    rows = tuple(
        (long_date(d), *(pct(values[d]) if d in values else "—" for values in lookup))
        for d in dates
    )
    columns = (_("Date"), *(s.label for s in series))
    return TextAlternative(summary=summary, columns=columns, rows=rows)


def mastery_line_chart(
    series: Sequence[Series],
    *,
    start: date,
    end: date,
    title: str = "",
    chart_id: str = "mastery-chart",
) -> Chart:
    """One line per subject on a time axis from ``start`` to ``end`` (values 0..1).

    Days without a point are spaced in proportion to time, so a week off shows as a long
    segment, not as a missing week; a ``None`` value breaks the line.
    """
    title = title or _("Mastery over time")
    plot = _Plot(start=start, end=end)
    cleaned = [Series(label=s.label, points=sorted(s.points, key=lambda p: p[0])) for s in series]
    has_data = any(v is not None for s in cleaned for _day, v in s.points)
    parts = _axes(plot)
    for index, s in enumerate(cleaned):
        parts += _series(plot, s, index)
    if not has_data:
        no_history = _("No mastery history yet")
        parts.append(
            f'<text class="chart-empty" x="{LEFT + plot.width / 2:.0f}" '
            f'y="{TOP + plot.height / 2:.0f}" text-anchor="middle">'
            f"{esc(no_history)}</text>"
        )
    summary = _mastery_summary(cleaned, start=start, end=end, has_data=has_data)
    svg = open_svg(
        chart_id=chart_id, title=title, desc=summary, width=WIDTH, height=HEIGHT, css="chart-line"
    )
    return Chart(
        chart_id=chart_id,
        title=title,
        svg=mark_safe(svg + "".join(parts) + "</svg>"),  # noqa: S308 - built from escaped parts
        text_alternative=_text_alternative(cleaned, summary),
    )


def _mastery_summary(series: Sequence[Series], *, start: date, end: date, has_data: bool) -> str:
    if start >= end:
        period = _("on %(day)s %(year)s") % {"day": short_date(end), "year": end.year}
    else:
        period = _("from %(start)s to %(end)s %(year)s") % {
            "start": short_date(start),
            "end": short_date(end),
            "year": end.year,
        }
    if not has_data:
        return _("Mastery over time %(period)s: no history yet.") % {"period": period}
    clauses = []
    for s in series:
        known = [(d, v) for d, v in s.points if v is not None]
        if not known:
            clauses.append(_("%(label)s: no data yet") % {"label": s.label})
        elif len(known) == 1:
            clauses.append(
                _("%(label)s: %(value)s") % {"label": s.label, "value": pct(known[0][1])}
            )
        else:
            first, last = known[0][1], known[-1][1]
            values = {"label": s.label, "first": pct(first), "last": pct(last)}
            if last > first:
                clauses.append(_("%(label)s rose from %(first)s to %(last)s") % values)
            elif last < first:
                clauses.append(_("%(label)s fell from %(first)s to %(last)s") % values)
            else:
                clauses.append(_("%(label)s stayed at %(last)s") % values)
    return _("Mastery over time %(period)s. %(clauses)s.") % {
        "period": period,
        "clauses": _("; ").join(clauses),
    }
