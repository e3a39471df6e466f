"""What every chart shares: the chart and data shapes, escaping, coordinates, markers."""

import html
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.utils import dateformat
from django.utils.formats import get_format
from django.utils.safestring import SafeString

from core.datefmt import day_label

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


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def coord(x: float) -> str:
    """A coordinate: one decimal, no trailing noise."""
    return f"{x:.1f}".rstrip("0").rstrip(".")


def short_date(d: date) -> str:
    return dateformat.format(d, get_format("SHORT_DATE_FORMAT"))  # 7 Dec, 7 dic


def long_date(d: date) -> str:
    return day_label(d)  # Mon 7 Dec 2026, lun 7 dic 2026


def pct(value: float) -> str:
    return f"{round(100 * value)}%"


def truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def open_svg(*, chart_id: str, title: str, desc: str, width: int, height: int, css: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {css}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-labelledby="{esc(chart_id)}-title {esc(chart_id)}-desc" focusable="false">'
        f'<title id="{esc(chart_id)}-title">{esc(title)}</title>'
        f'<desc id="{esc(chart_id)}-desc">{esc(desc)}</desc>'
    )


def marker(shape: str, x: float, y: float, css: str, title: str) -> str:
    tip = f"<title>{esc(title)}</title>"
    if shape == "circle":
        return f'<circle class="{css}" cx="{coord(x)}" cy="{coord(y)}" r="4">{tip}</circle>'
    if shape == "square":
        return (
            f'<rect class="{css}" x="{coord(x - 3.5)}" y="{coord(y - 3.5)}" width="7" height="7">'
            f"{tip}</rect>"
        )
    if shape == "triangle":
        corners = ((x, y - 5), (x + 4.5, y + 3.5), (x - 4.5, y + 3.5))
    elif shape == "diamond":
        corners = ((x, y - 5), (x + 5, y), (x, y + 5), (x - 5, y))
    else:  # cross
        d = 3.5
        return (
            f'<path class="{css}" d="M{coord(x - d)} {coord(y - d)}L{coord(x + d)} {coord(y + d)}'
            f'M{coord(x - d)} {coord(y + d)}L{coord(x + d)} {coord(y - d)}" fill="none" '
            f'stroke-width="2">{tip}</path>'
        )
    pts = " ".join(f"{coord(px)},{coord(py)}" for px, py in corners)
    return f'<polygon class="{css}" points="{pts}">{tip}</polygon>'


def segments(points: Sequence[tuple[date, float | None]]) -> list[list[tuple[date, float]]]:
    """Split a sorted series at its ``None`` values (a known gap is never drawn over)."""
    out: list[list[tuple[date, float]]] = [[]]
    for day, value in points:
        if value is None:
            if out[-1]:
                out.append([])
        else:
            out[-1].append((day, value))
    return [s for s in out if s]
