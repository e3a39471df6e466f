"""Badge glyphs: a small built-in set of SVG drawings (pure; no emoji font needed).

Badges used to show an emoji, which renders as an empty box on machines without a colour
emoji font (many school desktops). Each glyph here is plain SVG drawn in a 24×24 box with
``currentColor``, so it takes the badge's colour and looks the same everywhere. Authors pick
one per badge in the admin; a badge without a choice (made before glyphs, or by code that
still passes an emoji) gets the glyph its old emoji maps to, or the star.

The markup is a constant of this module (never user input), and the colour is checked
against ``#RRGGBB`` before it is written into an attribute.
"""

import re
from dataclasses import dataclass

DEFAULT_GLYPH = "star"
DEFAULT_COLOUR = "#1F5FBF"
_HEX_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
_STROKE = (
    'fill="none" stroke="currentColor" stroke-width="2" '
    'stroke-linecap="round" stroke-linejoin="round"'
)


def _fill(d: str) -> str:
    return f'<path fill="currentColor" d="{d}"/>'


def _stroke(d: str) -> str:
    return f'<path {_STROKE} d="{d}"/>'


def _dot(cx: float, cy: float, r: float) -> str:
    return f'<circle fill="currentColor" cx="{cx}" cy="{cy}" r="{r}"/>'


def _ring(cx: float, cy: float, r: float) -> str:
    return f'<circle {_STROKE} cx="{cx}" cy="{cy}" r="{r}"/>'


def _oval(cx: float, cy: float, rx: float, ry: float) -> str:
    return f'<ellipse fill="currentColor" cx="{cx}" cy="{cy}" rx="{rx}" ry="{ry}"/>'


@dataclass(frozen=True)
class Glyph:
    name: str
    label: str
    markup: str  # SVG elements in a 24×24 box


def _glyph(name: str, label: str, *parts: str) -> Glyph:
    return Glyph(name, label, "".join(parts))


GLYPHS: dict[str, Glyph] = {
    g.name: g
    for g in (
        _glyph("star", "Star", _fill("M12 2.5l2.9 6 6.6.9-4.8 4.6 1.2 6.5L12 17.4l-5.9 3.1 1.2-6.5"
                                     "L2.5 9.4l6.6-.9z")),
        _glyph("flame", "Flame", _fill("M12 2c.8 3.6 6 6 6 11.5a6 6 0 0 1-12 0c0-2.4 1.2-4.3 "
                                       "2.6-5.6-.1 2.3.9 3.6 2.2 3.9C10 8.5 10.4 5 12 2z")),
        _glyph("footprints", "Footprints", _oval(8, 7.5, 2.7, 4.2), _dot(8, 14.6, 1.8),
               _oval(16, 12, 2.7, 4.2), _dot(16, 19.1, 1.8)),
        _glyph("bolt", "Lightning bolt", _fill("M13.5 2L4 14h7l-1.5 8L19 10h-7z")),
        _glyph("check", "Tick", _ring(12, 12, 9.5), _stroke("M7.5 12.5l3 3 6-6.5")),
        _glyph("repeat", "Repeat", _stroke("M4 11V9.5A3.5 3.5 0 0 1 7.5 6H19m-3-3l3 3-3 3"),
               _stroke("M20 13v1.5a3.5 3.5 0 0 1-3.5 3.5H5m3 3l-3-3 3-3")),
        _glyph("target", "Target", _ring(12, 12, 9.5), _ring(12, 12, 5.5), _dot(12, 12, 2)),
        _glyph("chart", "Rising chart", _stroke("M3 3v18h18"),
               _stroke("M7 16l4-4.5 3 3L20 7m-4 0h4v4")),
        _glyph("sparkles", "Sparkles",
               _fill("M10 2l1.9 6.1L18 10l-6.1 1.9L10 18l-1.9-6.1L2 10l6.1-1.9z"),
               _fill("M18.5 14l.9 2.6 2.6.9-2.6.9-.9 2.6-.9-2.6-2.6-.9 2.6-.9z")),
        _glyph("calendar", "Calendar", _stroke("M5 5h14a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2H5"
                                               "a2 2 0 0 1-2-2V7a2 2 0 0 1 2-2z"),
               _stroke("M3 10h18M8 3v4M16 3v4"), _dot(8, 14, 1.3), _dot(12, 14, 1.3),
               _dot(16, 14, 1.3), _dot(8, 17.5, 1.3)),
        _glyph("medal", "Medal", _stroke("M7 2l3.5 7.5M17 2l-3.5 7.5"), _ring(12, 15, 6),
               _dot(12, 15, 2.5)),
        _glyph("lightbulb", "Light bulb", _stroke("M9.5 18h5M10.5 21h3"),
               _stroke("M12 3a6 6 0 0 0-3.6 10.8c.7.6 1.1 1.3 1.1 2.2h5c0-.9.4-1.6 1.1-2.2"
                       "A6 6 0 0 0 12 3z")),
        _glyph("cap", "Graduation cap", _fill("M12 4L1.5 9 12 14l10.5-5z"),
               _stroke("M6 11.5v4c0 1.5 2.7 3 6 3s6-1.5 6-3v-4M21.5 9.5v6")),
        _glyph("flag", "Flag", _stroke("M5 21.5V3"), _fill("M6 3.5h12l-2.8 4.2L18 12H6z")),
        _glyph("trophy", "Trophy", _fill("M7 3h10v5.5a5 5 0 0 1-10 0z"),
               _stroke("M7 5H4.5a3 3 0 0 0 3 4.5M17 5h2.5a3 3 0 0 1-3 4.5"),
               _stroke("M12 14v3.5M8 21h8M9.5 17.5h5")),
        _glyph("book", "Open book", _stroke("M3 5.5c3-1.5 6-1.5 9 0v14c-3-1.5-6-1.5-9 0z"),
               _stroke("M21 5.5c-3-1.5-6-1.5-9 0v14c3-1.5 6-1.5 9 0z")),
        _glyph("heart", "Heart", _fill("M12 21s-8.5-5.3-8.5-11.2A4.6 4.6 0 0 1 12 7.2"
                                       "a4.6 4.6 0 0 1 8.5 2.6C20.5 15.7 12 21 12 21z")),
    )
}  # fmt: skip

GLYPH_CHOICES = [(g.name, g.label) for g in GLYPHS.values()]

# The emoji badges were given before glyphs, and the glyph each becomes.
EMOJI_GLYPHS = {
    "⭐": "star", "🌟": "star", "🔥": "flame", "👣": "footprints", "🏃": "bolt", "⚡": "bolt",
    "💯": "check", "✅": "check", "✔️": "check", "🔁": "repeat", "🎯": "target", "📈": "chart",
    "✨": "sparkles", "📅": "calendar", "🗓️": "calendar", "🏅": "medal", "🥇": "medal",
    "🧠": "lightbulb", "💡": "lightbulb", "🎓": "cap", "🦉": "book", "📚": "book", "📖": "book",
    "🏁": "flag", "🚩": "flag", "🏆": "trophy", "❤️": "heart", "💖": "heart",
}  # fmt: skip


def _bare(icon: str) -> str:
    """The emoji without variation selectors: "❤" and "❤️" are one emoji."""
    return (icon or "").strip().replace("\ufe0f", "").replace("\ufe0e", "")


_BARE_EMOJI_GLYPHS = {_bare(emoji): glyph for emoji, glyph in EMOJI_GLYPHS.items()}


def glyph_for_emoji(icon: str) -> str:
    """The glyph an old emoji icon becomes (the star for one not in the table)."""
    return _BARE_EMOJI_GLYPHS.get(_bare(icon), DEFAULT_GLYPH)


def safe_colour(colour: str) -> str:
    return colour if isinstance(colour, str) and _HEX_COLOUR.match(colour) else DEFAULT_COLOUR


def svg(name: str, *, colour: str, size: int = 40, standalone: bool = False) -> str:
    """The badge's glyph on a tinted disc, as an ``<svg>`` element (decorative: the badge's
    name is always written next to it). ``standalone`` adds the XML namespace, for a file."""
    glyph = GLYPHS.get(name) or GLYPHS[DEFAULT_GLYPH]
    colour = safe_colour(colour)
    namespace = ' xmlns="http://www.w3.org/2000/svg"' if standalone else ""
    return (
        f'<svg{namespace} class="badge-glyph" width="{int(size)}" height="{int(size)}" '
        'viewBox="0 0 40 40" aria-hidden="true" focusable="false">'
        f'<circle cx="20" cy="20" r="19" fill="{colour}" fill-opacity="0.16"/>'
        f'<g transform="translate(8 8)" color="{colour}">{glyph.markup}</g></svg>'
    )
