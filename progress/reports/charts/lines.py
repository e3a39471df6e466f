"""Mastery over time: one line per subject, with markers that differ by shape."""

from collections.abc import Sequence
from datetime import date, timedelta

from django.utils.safestring import mark_safe

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
            f'<line class="chart-grid" x1="{left}" y1="{coord(y)}" x2="{left + plot_w}" '
            f'y2="{coord(y)}" stroke-width="1"/>'
            f'<text class="chart-tick" x="{left - 6}" y="{coord(y + 4)}" '
            f'text-anchor="end">{pct(tick)}</text>'
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
            f'<line class="chart-axis" x1="{coord(x)}" y1="{top + plot_h}" x2="{coord(x)}" '
            f'y2="{top + plot_h + 4}" stroke-width="1"/>'
            f'<text class="chart-tick" x="{coord(x)}" y="{top + plot_h + 18}" '
            f'text-anchor="middle">{esc(short_date(d))}</text>'
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
        for segment in segments(s.points):
            if len(segment) > 1:
                pts = " ".join(f"{coord(x_of(d))},{coord(y_of(v))}" for d, v in segment)
                parts.append(
                    f'<polyline class="chart-line" points="{pts}" fill="none" stroke-width="2"/>'
                )
            for d, v in segment:
                parts.append(
                    marker(
                        shape,
                        x_of(d),
                        y_of(v),
                        "chart-marker",
                        f"{s.label}, {short_date(d)}: {pct(v)}",
                    )
                )
        # Legend row: marker shape + name, so a line is identified without its colour.
        ly = top + 8 + 20 * index
        lx = left + plot_w + 16
        parts.append(marker(shape, lx, ly, "chart-marker", s.label))
        parts.append(
            f'<text class="chart-legend" x="{lx + 10}" y="{ly + 4}">'
            f"{esc(truncate(s.label, 20))}</text></g>"
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
            long_date(d),
            *(pct(values[d]) if d in values else "—" for values in lookup),
        )
        for d in dates
    )
    svg = open_svg(
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
    period = f"from {short_date(start)} to {short_date(end)} {end.year}"
    if not has_data:
        return f"Mastery over time {period}: no history yet."
    clauses = []
    for s in series:
        known = [(d, v) for d, v in s.points if v is not None]
        if not known:
            clauses.append(f"{s.label}: no data yet")
        elif len(known) == 1:
            clauses.append(f"{s.label}: {pct(known[0][1])}")
        else:
            first, last = known[0][1], known[-1][1]
            verb = "rose" if last > first else "fell" if last < first else "stayed"
            move = f"from {pct(first)} to {pct(last)}" if verb != "stayed" else f"at {pct(last)}"
            clauses.append(f"{s.label} {verb} {move}")
    return f"Mastery over time {period}. " + "; ".join(clauses) + "."
