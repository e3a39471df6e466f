"""Server-rendered SVG charts for the progress pages (pure: no ORM, no request, no clock).

Every builder returns a :class:`Chart`: ``svg`` is markup that is safe to render as is
(every label is escaped here; no scripts, no ``style`` attributes, because the CSP forbids
inline styles: geometry uses SVG presentation attributes, colour uses CSS classes from
``static/css/app.css``), and ``text_alternative`` is a sentence plus a data table for
people who do not see the picture. Colour is never the only signal: series also differ by
marker shape, calendar days by the size of their inner square, and bars carry their value.

The builders live in one module each (``lines``, ``calendar``, ``bars``), on top of the
shared shapes and SVG helpers in ``svg``.
"""

from progress.reports.charts.bars import bar_chart
from progress.reports.charts.calendar import activity_calendar, calendar_level
from progress.reports.charts.lines import mastery_line_chart
from progress.reports.charts.svg import Bar, Chart, Series, TextAlternative

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
