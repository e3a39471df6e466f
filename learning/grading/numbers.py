"""Reading a number the way a student writes it (pure).

Rules (:func:`parse_number`): surrounding spaces, a leading ``+``, ``-`` or minus sign
(U+2212) and an exponent (``1e3``, ``6.02E23``) are accepted. The decimal separator may be
a point or a comma (``3.5``, ``3,5``). Thousands may be grouped by spaces (also no-break and
narrow no-break spaces), underscores, commas or points, in groups of three (``1 234,5``,
``1,234.5``, ``1.234,5``, ``1_000``). How ``.`` and ``,`` are read:

- both appear: the last one is the decimal separator, the other groups thousands;
- either appears more than once: it groups thousands (``1,234,567``);
- a single point is always a decimal point, as on a calculator (``3.500`` = 3.5);
- a single comma is a decimal comma (``3,5``, ``12,25``, ``0,500``, ``1234,567``), except
  that ``3,500`` (one to three digits, a comma, exactly three digits) is rejected as
  ambiguous: half the world reads it as 3500 and half as 3.5, and a wrong guess would mark
  a right answer wrong. The message asks for ``3500`` or ``3.5``. A space or underscore
  grouping settles it (``1 234,500`` = 1234.5).

Those are the rules for a learner whose locale writes a decimal point (``en``, the default).
Where the locale writes a decimal comma (``decimal_mark=","``: ``es``, ``fr``, ``de``), the
two marks swap roles and nothing else changes: a single comma is always a decimal comma
(``3,500`` = 3.5), and a single point is a decimal point (``3.5``) except ``1.000`` (one to
three digits, a point, exactly three digits), ambiguous exactly as ``1,000`` is in English.
``1.000,5`` = 1000.5 in every locale. :func:`ambiguous_mark` names the mark that can be
ambiguous for a locale; :func:`learning.number_locale.number_rule` says the rule in words.
"""

import re
import unicodedata
from decimal import Decimal

from django.utils.translation import gettext as _

from learning.grading.specs import InvalidResponse
from learning.grading.specs import check_length as _check_length
from learning.grading.specs import shown as _shown

MAX_EXPONENT = 1000
"""Numbers whose magnitude is beyond 10**±MAX_EXPONENT are rejected as unreadable."""

_NUMBER_RE = re.compile(
    r"(?P<sign>[+\-\u2212]?) ?(?P<mantissa>[0-9][0-9., _]*|[.,][0-9][0-9., _]*)"
    r"(?:[eE](?P<exp>[+\-\u2212]?[0-9]+))?"
)
MINUS = "\u2212"
_NON_FINITE = frozenset({"nan", "snan", "inf", "infinity", "∞"})
DECIMAL_MARKS = (".", ",")


def _separator_name(mark: str) -> str:
    return {",": _("commas"), ".": _("points"), " ": _("spaces"), "_": _("underscores")}[mark]


def ambiguous_mark(decimal_mark: str) -> str:
    """The mark whose single use before three digits is ambiguous: the other one."""
    if decimal_mark not in DECIMAL_MARKS:
        raise ValueError(f"decimal_mark must be '.' or ',', not {decimal_mark!r}")
    return "," if decimal_mark == "." else "."


def _split_mantissa(mantissa: str, shown: str, decimal_mark: str) -> tuple[str, str]:
    """Apply the separator rules; return (integer digits, fraction digits)."""
    spacers = {ch for ch in mantissa if ch in " _"}
    if len(spacers) > 1:
        raise InvalidResponse(
            _("'%(shown)s' mixes spaces and underscores; please use only one.") % {"shown": shown}
        )
    group = spacers.pop() if spacers else None
    has_point, has_comma = "." in mantissa, "," in mantissa
    decimal = None
    if has_point and has_comma:
        if group:
            raise InvalidResponse(
                _("'%(shown)s' has too many kinds of separators; write it as 1234.5 or 1234,5.")
                % {"shown": shown}
            )
        decimal = max(".,", key=mantissa.rfind)
        group = "," if decimal == "." else "."
    elif has_point or has_comma:
        mark = "." if has_point else ","
        if group or mantissa.count(mark) == 1:
            decimal = mark
        else:
            group = mark
    if decimal and mantissa.count(decimal) > 1:
        raise InvalidResponse(
            _(
                "'%(shown)s' has more than one decimal separator ('%(mark)s'); "
                "a number can have only one."
            )
            % {"shown": shown, "mark": decimal}
        )
    whole, __, fraction = mantissa.partition(decimal) if decimal else (mantissa, "", "")
    risky = ambiguous_mark(decimal_mark)
    if (
        decimal == risky
        and not group
        and re.fullmatch(rf"[1-9][0-9]{{0,2}}{re.escape(risky)}[0-9]{{3}}", mantissa)
    ):
        values = {
            "shown": shown,
            "grouped": whole + fraction,
            "decimal": f"{whole}{decimal_mark}{fraction}",
        }
        if risky == ",":
            message = _(
                "'%(shown)s' is ambiguous: the comma could group thousands (%(grouped)s) or "
                "be a decimal comma (%(decimal)s). Please write %(grouped)s or %(decimal)s."
            )
        else:
            message = _(
                "'%(shown)s' is ambiguous: the point could group thousands (%(grouped)s) or "
                "be a decimal point (%(decimal)s). Please write %(grouped)s or %(decimal)s."
            )
        raise InvalidResponse(message % values)
    if fraction and not fraction.isdigit():
        raise InvalidResponse(
            _("'%(shown)s' has something other than digits after the '%(mark)s'.")
            % {"shown": shown, "mark": decimal}
        )
    if group:
        parts = whole.split(group)
        if not (
            re.fullmatch(r"[1-9][0-9]{0,2}", parts[0])
            and all(re.fullmatch(r"[0-9]{3}", p) for p in parts[1:])
        ):
            raise InvalidResponse(
                _(
                    "'%(shown)s' is not a number we can read: %(separators)s must split the "
                    "digits into groups of three, as in %(example)s."
                )
                % {
                    "shown": shown,
                    "separators": _separator_name(group),
                    "example": f"1{group}234{group}567",
                }
            )
        whole = "".join(parts)
    if not (whole or fraction):
        raise InvalidResponse(
            _("'%(shown)s' has no digits; please enter a number.") % {"shown": shown}
        )
    return whole, fraction


def parse_number(text: str, *, decimal_mark: str = ".") -> Decimal:
    """Read a number the way a student writes it (rules in the module docstring).

    ``decimal_mark`` is the learner's locale's decimal separator ("." or ","). Raises
    InvalidResponse with a message saying what was not understood.
    """
    s = unicodedata.normalize("NFKC", _check_length(text)).strip()
    if not s:
        raise InvalidResponse(_("Please enter a number."))
    shown = _shown(s)
    if s.casefold().lstrip("+-" + MINUS) in _NON_FINITE:
        raise InvalidResponse(
            _("'%(shown)s' is not a finite number; please enter a number.") % {"shown": shown}
        )
    m = _NUMBER_RE.fullmatch(s)
    if not m:
        raise InvalidResponse(
            _(
                "'%(shown)s' is not a number. Use digits with at most one decimal point or "
                "comma, for example 3.5 or 3,5."
            )
            % {"shown": shown}
        )
    whole, fraction = _split_mantissa(m["mantissa"], shown, decimal_mark)
    exp_text = (m["exp"] or "0").replace(MINUS, "-")
    significant = (whole + fraction).lstrip("0")
    exponent = int(exp_text) - len(fraction)  # at most MAX_TEXT_LENGTH digits: cheap
    if not significant:  # zero: any exponent is harmless, keep it in a sane range
        exponent = max(-MAX_EXPONENT, min(exponent, MAX_EXPONENT))
    elif abs(len(significant) - 1 + exponent) > MAX_EXPONENT:
        raise InvalidResponse(
            _("'%(shown)s' is too large or too small to be an answer here.") % {"shown": shown}
        )
    sign = 1 if m["sign"] in ("-", MINUS) else 0
    return Decimal((sign, tuple(int(d) for d in whole + fraction), exponent))
