"""Weekly bars (accuracy, practice time), each carrying its value as text."""

import math
from collections.abc import Callable, Sequence

from django.utils.safestring import mark_safe

from progress.reports.charts.svg import (
    Bar,
    Chart,
    TextAlternative,
    coord,
    esc,
    open_svg,
)


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
            f'<line class="chart-grid" x1="{left}" y1="{coord(y)}" x2="{left + plot_w}" '
            f'y2="{coord(y)}" stroke-width="1"/>'
            f'<text class="chart-tick" x="{left - 6}" y="{coord(y + 4)}" '
            f'text-anchor="end">{esc(fmt(tick * top_value))}</text>'
        )
    parts.append(
        f'<line class="chart-axis" x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" '
        f'y2="{top + plot_h}" stroke-width="1"/>'
        f'<text class="chart-axis-label" x="{left + plot_w / 2:.0f}" y="{height - 6}" '
        f'text-anchor="middle">{esc(x_label)}</text>'
        f'<text class="chart-axis-label" x="14" y="{top + plot_h / 2:.0f}" text-anchor="middle" '
        f'transform="rotate(-90 14 {top + plot_h / 2:.0f})">{esc(value_label)}</text>'
    )
    for i, b in enumerate(bars):
        cx = left + slot * (i + 0.5)
        parts.append(
            f'<text class="chart-tick" x="{coord(cx)}" y="{top + plot_h + 16}" '
            f'text-anchor="middle">{esc(b.label)}</text>'
        )
        if b.value is None:
            parts.append(
                f'<text class="chart-none" x="{coord(cx)}" y="{top + plot_h - 4}" '
                f'text-anchor="middle"><title>{esc(b.label)}: no practice</title>none</text>'
            )
            continue
        y = y_of(b.value)
        parts.append(
            f'<g class="chart-bar"><title>{esc(b.label)}: {esc(fmt(b.value))}</title>'
            f'<rect x="{coord(cx - bar_w / 2)}" y="{coord(y)}" width="{coord(bar_w)}" '
            f'height="{coord(top + plot_h - y)}"/>'
            f'<text class="chart-value" x="{coord(cx)}" y="{coord(y - 4)}" text-anchor="middle">'
            f"{esc(fmt(b.value))}</text></g>"
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
    svg = open_svg(
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
