"""Weekly bars (accuracy, practice time), each carrying its value as text.

Built in pieces: the value axis (:func:`value_ticks`: round numbers whose labels never
repeat), the bars, and the sentence that describes them.
"""

import math
from collections.abc import Callable, Sequence

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from progress.reports.charts.svg import (
    Bar,
    Chart,
    TextAlternative,
    coord,
    esc,
    open_svg,
)

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 76, 8, 22, 52


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude  # pragma: no cover


def value_ticks(top_value: float, fmt: Callable[[float], str]) -> list[tuple[float, str]]:
    """0, half and the top of the axis, with their labels; a tick whose label would repeat
    the one below (0.5 minutes printed as "0 min" under "0 min") is left out."""
    ticks: list[tuple[float, str]] = []
    for share in (0, 0.5, 1):
        value = share * top_value
        label = fmt(value)
        if not ticks or ticks[-1][1] != label:
            ticks.append((value, label))
    return ticks


def _weeks(n: int) -> str:
    return ngettext("%(n)d week", "%(n)d weeks", n) % {"n": n}


def _axis(top_value: float, fmt: Callable[[float], str], x_label: str, value_label: str):
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    parts = []
    for value, label in value_ticks(top_value, fmt):
        y = TOP + plot_h * (1 - value / top_value)
        parts.append(
            f'<line class="chart-grid" x1="{LEFT}" y1="{coord(y)}" x2="{LEFT + plot_w}" '
            f'y2="{coord(y)}" stroke-width="1"/>'
            f'<text class="chart-tick" x="{LEFT - 8}" y="{coord(y + 5)}" '
            f'text-anchor="end">{esc(label)}</text>'
        )
    mid = TOP + plot_h / 2
    parts.append(
        f'<line class="chart-axis" x1="{LEFT}" y1="{TOP + plot_h}" x2="{LEFT + plot_w}" '
        f'y2="{TOP + plot_h}" stroke-width="1"/>'
        f'<text class="chart-axis-label" x="{LEFT + plot_w / 2:.0f}" y="{HEIGHT - 6}" '
        f'text-anchor="middle">{esc(x_label)}</text>'
        f'<text class="chart-axis-label" x="16" y="{mid:.0f}" text-anchor="middle" '
        f'transform="rotate(-90 16 {mid:.0f})">{esc(value_label)}</text>'
    )
    return parts


def _bars(bars: Sequence[Bar], top_value: float, fmt: Callable[[float], str]) -> list[str]:
    """Each bar with its value above it; a week without practice is a short dash on the
    axis (its title says so), not the word "none" repeated along the chart. Labels are
    thinned so they never overlap (every week stays in the table)."""
    no_practice = _("%(label)s: no practice")
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(1, len(bars))
    bar_w = min(36.0, slot * 0.7)
    every = max(1, math.ceil(48 / slot))  # a date label needs about 48 px
    base = TOP + plot_h
    parts = []
    for i, b in enumerate(bars):
        cx = LEFT + slot * (i + 0.5)
        if i % every == 0:
            parts.append(
                f'<text class="chart-tick" x="{coord(cx)}" y="{base + 20}" '
                f'text-anchor="middle">{esc(b.label)}</text>'
            )
        if b.value is None:
            parts.append(
                f'<g class="chart-none"><title>{esc(no_practice % {"label": b.label})}</title>'
                f'<line class="chart-axis" x1="{coord(cx - 6)}" y1="{base - 3}" '
                f'x2="{coord(cx + 6)}" y2="{base - 3}" stroke-width="2"/></g>'
            )
            continue
        y = TOP + plot_h * (1 - min(max(b.value / top_value, 0.0), 1.0))
        parts.append(
            f'<g class="chart-bar"><title>{esc(b.label)}: {esc(fmt(b.value))}</title>'
            f'<rect x="{coord(cx - bar_w / 2)}" y="{coord(y)}" width="{coord(bar_w)}" '
            f'height="{coord(base - y)}"/>'
            f'<text class="chart-value" x="{coord(cx)}" y="{coord(y - 5)}" text-anchor="middle">'
            f"{esc(fmt(b.value))}</text></g>"
        )
    return parts


def _summary(bars: Sequence[Bar], title: str, fmt: Callable[[float], str]) -> str:
    measured = [b for b in bars if b.value is not None]
    if not measured:
        return _("%(title)s: no practice in the %(weeks)s shown.") % {
            "title": title,
            "weeks": _weeks(len(bars)),
        }
    hi = max(measured, key=lambda b: b.value or 0)
    lo = min(measured, key=lambda b: b.value or 0)
    if len(measured) == 1:
        return _("%(title)s: %(value)s in the week of %(week)s, the only week with practice.") % {
            "title": title,
            "value": fmt(hi.value or 0),
            "week": hi.label,
        }
    return _(
        "%(title)s for %(weeks)s, %(measured)d with practice: highest %(highest)s (week of "
        "%(highest_week)s), lowest %(lowest)s (week of %(lowest_week)s), latest %(latest)s "
        "(week of %(latest_week)s)."
    ) % {
        "title": title,
        "weeks": _weeks(len(bars)),
        "measured": len(measured),
        "highest": fmt(hi.value or 0),
        "highest_week": hi.label,
        "lowest": fmt(lo.value or 0),
        "lowest_week": lo.label,
        "latest": fmt(measured[-1].value or 0),
        "latest_week": measured[-1].label,
    }


def bar_chart(
    bars: Sequence[Bar],
    *,
    title: str,
    value_label: str,
    fmt: Callable[[float], str],
    y_max: float | None = None,
    chart_id: str = "bar-chart",
    x_label: str = "",
) -> Chart:
    """Vertical bars with their value written above them; a ``None`` bar is a week without
    practice (a dash on the axis, "No practice" in the table)."""
    x_label = x_label or _("Week starting")
    known = [b.value for b in bars if b.value is not None]
    top_value = y_max if y_max is not None else _nice_max(max(known, default=0))
    parts = _axis(top_value, fmt, x_label, value_label) + _bars(bars, top_value, fmt)
    summary = _summary(bars, title, fmt)
    if not known:
        no_practice_yet = _("No practice yet")
        x, y = LEFT + (WIDTH - LEFT - RIGHT) / 2, TOP + (HEIGHT - TOP - BOTTOM) / 2
        parts.append(
            f'<text class="chart-empty" x="{x:.0f}" y="{y:.0f}" text-anchor="middle">'
            f"{esc(no_practice_yet)}</text>"
        )
    rows = tuple((b.label, fmt(b.value) if b.value is not None else _("No practice")) for b in bars)
    svg = open_svg(
        chart_id=chart_id, title=title, desc=summary, width=WIDTH, height=HEIGHT, css="chart-bars"
    )
    return Chart(
        chart_id=chart_id,
        title=title,
        svg=mark_safe(svg + "".join(parts) + "</svg>"),  # noqa: S308 - built from escaped parts
        text_alternative=TextAlternative(
            summary=summary, columns=(x_label, value_label), rows=rows
        ),
    )
