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
"""

import re
import unicodedata
from decimal import Decimal

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
_SEPARATOR_NAMES = {",": "commas", ".": "points", " ": "spaces", "_": "underscores"}


def _split_mantissa(mantissa: str, shown: str) -> tuple[str, str]:
    """Apply the separator rules; return (integer digits, fraction digits)."""
    spacers = {ch for ch in mantissa if ch in " _"}
    if len(spacers) > 1:
        raise InvalidResponse(f"'{shown}' mixes spaces and underscores; please use only one.")
    group = spacers.pop() if spacers else None
    has_point, has_comma = "." in mantissa, "," in mantissa
    decimal = None
    if has_point and has_comma:
        if group:
            raise InvalidResponse(
                f"'{shown}' has too many kinds of separators; write it as 1234.5 or 1234,5."
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
            f"'{shown}' has more than one decimal separator ('{decimal}'); "
            "a number can have only one."
        )
    whole, _, fraction = mantissa.partition(decimal) if decimal else (mantissa, "", "")
    if decimal == "," and not group and re.fullmatch(r"[1-9][0-9]{0,2},[0-9]{3}", mantissa):
        raise InvalidResponse(
            f"'{shown}' is ambiguous: the comma could group thousands ({whole}{fraction}) or "
            f"be a decimal comma ({whole}.{fraction}). Please write {whole}{fraction} or "
            f"{whole}.{fraction}."
        )
    if fraction and not fraction.isdigit():
        raise InvalidResponse(f"'{shown}' has something other than digits after the '{decimal}'.")
    if group:
        parts = whole.split(group)
        if not (
            re.fullmatch(r"[1-9][0-9]{0,2}", parts[0])
            and all(re.fullmatch(r"[0-9]{3}", p) for p in parts[1:])
        ):
            raise InvalidResponse(
                f"'{shown}' is not a number we can read: {_SEPARATOR_NAMES[group]} must "
                f"split the digits into groups of three, as in 1{group}234{group}567."
            )
        whole = "".join(parts)
    if not (whole or fraction):
        raise InvalidResponse(f"'{shown}' has no digits; please enter a number.")
    return whole, fraction


def parse_number(text: str) -> Decimal:
    """Read a number the way a student writes it (rules in the module docstring).

    Raises InvalidResponse with a message saying what was not understood.
    """
    s = unicodedata.normalize("NFKC", _check_length(text)).strip()
    if not s:
        raise InvalidResponse("Please enter a number.")
    shown = _shown(s)
    if s.casefold().lstrip("+-" + MINUS) in _NON_FINITE:
        raise InvalidResponse(f"'{shown}' is not a finite number; please enter a number.")
    m = _NUMBER_RE.fullmatch(s)
    if not m:
        raise InvalidResponse(
            f"'{shown}' is not a number. Use digits with at most one decimal point or "
            "comma, for example 3.5 or 3,5."
        )
    whole, fraction = _split_mantissa(m["mantissa"], shown)
    exp_text = (m["exp"] or "0").replace(MINUS, "-")
    significant = (whole + fraction).lstrip("0")
    exponent = int(exp_text) - len(fraction)  # at most MAX_TEXT_LENGTH digits: cheap
    if not significant:  # zero: any exponent is harmless, keep it in a sane range
        exponent = max(-MAX_EXPONENT, min(exponent, MAX_EXPONENT))
    elif abs(len(significant) - 1 + exponent) > MAX_EXPONENT:
        raise InvalidResponse(f"'{shown}' is too large or too small to be an answer here.")
    sign = 1 if m["sign"] in ("-", MINUS) else 0
    return Decimal((sign, tuple(int(d) for d in whole + fraction), exponent))
