"""Grading of one answer to one question (pure: no ORM, no request, no clock).

Callers copy the question into a :class:`QuestionSpec` and pass the raw response;
``grade`` returns a :class:`GradeResult` or raises :class:`InvalidResponse`, whose
message is shown to the student as is. A malformed response is never graded as wrong.

Rules a teacher may ask about:

Multiple-choice partial credit
    ``score = max(0, correct_picked / total_correct - wrong_picked / total_wrong)``;
    the penalty is 0 when the question has no wrong choices. Every wrong pick costs,
    so ticking every box scores 0. The answer counts as correct only when all correct
    choices and no wrong ones were picked (that is exactly when the score is 1).

Weighted multiple choice (imported from Moodle XML or GIFT)
    When *every* choice of a multiple-choice question has a ``weight`` (a fraction of the
    mark in -1..1, Moodle's ``fraction`` or GIFT's ``%50%``), the weights decide instead:
    ``score = clip(sum of the picked choices' weights, 0, 1)``. A sum within
    ``WEIGHT_SUM_SLACK`` of 1 counts as 1, because Moodle stores fractions with seven
    decimals (three times 33.33333 % is 99.99999 %). When even one choice has no weight
    the rule above applies and the weights are ignored. A weighted question must let a
    full answer reach full credit: its positive weights add up to at least 1. Weights on
    other kinds are kept (so an export gives them back) but do not change grading.

Numbers (``parse_number``)
    Surrounding spaces, a leading ``+``, ``-`` or minus sign (U+2212) and an exponent (``1e3``,
    ``6.02E23``) are accepted. The decimal separator may be a point or a comma
    (``3.5``, ``3,5``). Thousands may be grouped by spaces (also no-break and narrow
    no-break spaces), underscores, commas or points, in groups of three
    (``1 234,5``, ``1,234.5``, ``1.234,5``, ``1_000``). How ``.`` and ``,`` are read:

    - both appear: the last one is the decimal separator, the other groups thousands;
    - either appears more than once: it groups thousands (``1,234,567``);
    - a single point is always a decimal point, as on a calculator (``3.500`` = 3.5);
    - a single comma is a decimal comma (``3,5``, ``12,25``, ``0,500``, ``1234,567``),
      except that ``3,500`` (one to three digits, a comma, exactly three digits) is
      rejected as ambiguous: half the world reads it as 3500 and half as 3.5, and a
      wrong guess would mark a right answer wrong. The message asks for ``3500`` or
      ``3.5``. A space or underscore grouping settles it (``1 234,500`` = 1234.5).

    A number is correct when ``|value - answer| <= tolerance``, in Decimal arithmetic.

Short text (``normalise_text``)
    Both the answer and the accepted answers are compared after: Unicode NFKC
    (full-width letters, ligatures, composed accents), case folding, dropping
    invisible formatting characters, deleting punctuation (``"don't"`` = ``"dont"``,
    ``"x-ray"`` = ``"xray"``) except between two digits, so that ``3.5``, ``1/2`` and
    ``3,5`` keep their meaning, and collapsing runs of whitespace. Accents are kept:
    "café" and "cafe" are different words in many languages.
"""

import re
import reprlib
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, localcontext
from fractions import Fraction
from typing import Any

MAX_TEXT_LENGTH = 500
"""Free-text (and numeric) answers longer than this many characters are rejected."""

WEIGHT_SUM_SLACK = Fraction(1, 10**6)
"""A weighted score this close to 1 is full credit (Moodle rounds fractions to 7 places)."""

MAX_EXPONENT = 1000
"""Numbers whose magnitude is beyond 10**±MAX_EXPONENT are rejected as unreadable."""

SINGLE, MULTIPLE, TRUE_FALSE, NUMERIC, SHORT_TEXT = (
    "single",
    "multiple",
    "true_false",
    "numeric",
    "short_text",
)
CHOICE_KINDS = frozenset({SINGLE, MULTIPLE, TRUE_FALSE})
KIND_NAMES = {
    SINGLE: "single-choice",
    MULTIPLE: "multiple-choice",
    TRUE_FALSE: "true/false",
    NUMERIC: "numeric",
    SHORT_TEXT: "short-text",
}


@dataclass(frozen=True)
class ChoiceSpec:
    """One choice of a question (for short text: an accepted or anticipated answer)."""

    id: int
    text: str
    is_correct: bool
    feedback: str = ""
    weight: float | None = None


@dataclass(frozen=True)
class QuestionSpec:
    """What grading needs to know about a question; ``kind`` is a ``Question.Kind`` value."""

    kind: str
    choices: tuple[ChoiceSpec, ...] = ()
    numeric_answer: Decimal | None = None
    tolerance: Decimal = Decimal(0)


@dataclass(frozen=True)
class GradeResult:
    """The outcome of grading one response.

    ``is_correct`` is true exactly when ``score == 1``. ``feedback`` holds the
    feedback of the chosen (or matched) choices in choice order, without empty
    strings. ``response`` is the normalised, JSON-serialisable response to store;
    ``response_text`` says in words what the student answered.
    """

    score: float
    is_correct: bool
    feedback: tuple[str, ...]
    response: dict[str, Any]
    response_text: str


class InvalidResponse(ValueError):
    """The response cannot be graded; the message is shown to the student verbatim."""


# --- choice questions -------------------------------------------------------------

_ID_RE = re.compile(r"\s*([0-9]{1,18})\s*")


def _shown(value: object, limit: int = 30) -> str:
    text = value[: 4 * limit] if isinstance(value, str) else reprlib.repr(value)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _picked(q: QuestionSpec, choice_ids: object, *, one: bool) -> list[ChoiceSpec]:
    """Validate the selected ids and return the picked choices in choice order."""
    if not isinstance(choice_ids, (list, tuple)):
        raise InvalidResponse("Your selection could not be read; please choose again.")
    if not choice_ids:
        raise InvalidResponse(
            "Please select an answer." if one else "Please select at least one answer."
        )
    if one and len(choice_ids) > 1:
        raise InvalidResponse("Please select only one answer.")
    if len(choice_ids) > len(q.choices):
        raise InvalidResponse("You selected more answers than there are; please choose again.")
    by_id = {c.id: c for c in q.choices}
    seen: set[int] = set()
    for raw in choice_ids:
        match = _ID_RE.fullmatch(raw) if isinstance(raw, str) and len(raw) < 40 else None
        if isinstance(raw, int) and not isinstance(raw, bool):
            choice_id = raw
        elif match:
            choice_id = int(match.group(1))
        else:
            raise InvalidResponse(
                f"'{_shown(raw)}' is not one of the answers; please choose again."
            )
        if choice_id not in by_id:
            raise InvalidResponse(
                f"Answer {choice_id} is not one of this question's answers; please choose again."
            )
        if choice_id in seen:
            raise InvalidResponse(f"Answer {choice_id} was selected more than once.")
        seen.add(choice_id)
    return [c for c in q.choices if c.id in seen]


def _choice_result(picked: list[ChoiceSpec], score: Fraction) -> GradeResult:
    return GradeResult(
        score=float(score),
        is_correct=score == 1,
        feedback=tuple(c.feedback for c in picked if c.feedback),
        response={"choices": [c.id for c in picked]},
        response_text="; ".join(c.text for c in picked),
    )


def grade_single_choice(q: QuestionSpec, choice_ids: Sequence[int | str]) -> GradeResult:
    """Exactly one id must be given; score 1 when it is a correct choice, else 0."""
    picked = _picked(q, choice_ids, one=True)
    return _choice_result(picked, Fraction(int(picked[0].is_correct)))


def grade_true_false(q: QuestionSpec, choice_ids: Sequence[int | str]) -> GradeResult:
    """Graded like a single-choice question over its "True" and "False" choices."""
    return grade_single_choice(q, choice_ids)


def is_weighted(q: QuestionSpec) -> bool:
    """True when every choice carries a weight, so weighted multiple-choice grading applies."""
    return bool(q.choices) and all(c.weight is not None for c in q.choices)


def _weight(value: float) -> Fraction:
    return Fraction(repr(value))  # the decimal the author wrote, not the binary float


def grade_multiple_choice(q: QuestionSpec, choice_ids: Sequence[int | str]) -> GradeResult:
    """Partial credit as described in the module docstring; at least one id is needed."""
    picked = _picked(q, choice_ids, one=False)
    if is_weighted(q):
        total = sum((_weight(c.weight) for c in picked), Fraction(0))
        if abs(total - 1) <= WEIGHT_SUM_SLACK:
            total = Fraction(1)
        return _choice_result(picked, min(Fraction(1), max(Fraction(0), total)))
    total_correct = sum(c.is_correct for c in q.choices)
    total_wrong = len(q.choices) - total_correct
    correct_picked = sum(c.is_correct for c in picked)
    wrong_picked = len(picked) - correct_picked
    gained = Fraction(correct_picked, total_correct) if total_correct else Fraction(1)
    lost = Fraction(wrong_picked, total_wrong) if total_wrong else Fraction(0)
    return _choice_result(picked, max(Fraction(0), gained - lost))


# --- numbers ----------------------------------------------------------------------

_NUMBER_RE = re.compile(
    r"(?P<sign>[+\-\u2212]?) ?(?P<mantissa>[0-9][0-9., _]*|[.,][0-9][0-9., _]*)"
    r"(?:[eE](?P<exp>[+\-\u2212]?[0-9]+))?"
)
MINUS = "\u2212"
_NON_FINITE = frozenset({"nan", "snan", "inf", "infinity", "∞"})
_SEPARATOR_NAMES = {",": "commas", ".": "points", " ": "spaces", "_": "underscores"}


def _check_length(text: object) -> str:
    if not isinstance(text, str):
        raise InvalidResponse("Your answer could not be read; please type it again.")
    if len(text) > MAX_TEXT_LENGTH:
        raise InvalidResponse(
            f"Your answer is too long ({len(text)} characters); "
            f"please keep it to {MAX_TEXT_LENGTH} characters or fewer."
        )
    return text


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


def grade_numeric(q: QuestionSpec, text: str) -> GradeResult:
    """Correct (score 1) when ``|value - numeric_answer| <= tolerance``, otherwise 0."""
    if q.numeric_answer is None:
        raise ValueError("This numeric question has no answer to grade against.")
    value = parse_number(text)
    with localcontext() as ctx:
        ctx.prec = 4 * (MAX_EXPONENT + MAX_TEXT_LENGTH)  # enough to subtract exactly
        is_correct = abs(value - q.numeric_answer) <= q.tolerance
    shown = text.strip()
    return GradeResult(
        score=1.0 if is_correct else 0.0,
        is_correct=is_correct,
        feedback=(),
        response={"value": shown, "number": str(value)},
        response_text=shown,
    )


# --- short text -------------------------------------------------------------------


def normalise_text(text: str) -> str:
    """The comparison form of a short-text answer (rules in the module docstring)."""
    s = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
    kept = []
    for i, ch in enumerate(s):
        category = unicodedata.category(ch)
        if category == "Cf":
            continue
        if category.startswith("P") and not (
            0 < i < len(s) - 1 and s[i - 1].isdigit() and s[i + 1].isdigit()
        ):
            continue
        kept.append(ch)
    return " ".join("".join(kept).split())


def grade_short_text(q: QuestionSpec, text: str) -> GradeResult:
    """Score 1 when the text matches an accepted answer, else 0.

    The feedback of the matched choice (accepted, or an anticipated wrong answer)
    is returned.
    """
    shown = _check_length(text).strip()
    if not shown:
        raise InvalidResponse("Please type an answer.")
    answer = normalise_text(shown)
    ordered = sorted(q.choices, key=lambda c: not c.is_correct)  # stable: accepted first
    matched = next((c for c in ordered if answer and normalise_text(c.text) == answer), None)
    is_correct = matched is not None and matched.is_correct
    return GradeResult(
        score=1.0 if is_correct else 0.0,
        is_correct=is_correct,
        feedback=(matched.feedback,) if matched and matched.feedback else (),
        response={"text": shown},
        response_text=shown,
    )


# --- dispatch ---------------------------------------------------------------------


def grade(q: QuestionSpec, response: Mapping[str, Any]) -> GradeResult:
    """Grade ``{"choices": [ids]}`` (choice kinds) or ``{"value": "text"}`` (the others).

    Ids may be ints or digit strings as posted by a form. Raises InvalidResponse
    for a malformed response and ValueError for a question of unknown kind.
    """
    if q.kind not in KIND_NAMES:
        raise ValueError(f"Unknown question kind {q.kind!r}.")
    if not isinstance(response, Mapping):
        raise InvalidResponse("Your answer could not be read; please answer again.")
    if q.kind in CHOICE_KINDS:
        choice_ids = response.get("choices", [])
        if q.kind == MULTIPLE:
            return grade_multiple_choice(q, choice_ids)
        return grade_single_choice(q, choice_ids)
    value = response.get("value", "")
    if q.kind == NUMERIC:
        return grade_numeric(q, value)
    return grade_short_text(q, value)


# --- authoring checks -------------------------------------------------------------


def _choice_errors(q: QuestionSpec, name: str) -> list[str]:
    errors = []
    correct = sum(c.is_correct for c in q.choices)
    count = len(q.choices)
    if q.kind == TRUE_FALSE:
        if count != 2:
            errors.append(f"A {name} question needs exactly two choices (it has {count}).")
        elif sorted(c.text.strip().casefold() for c in q.choices) != ["false", "true"]:
            errors.append(f'A {name} question\'s choices must be "True" and "False".')
    elif count < 2:
        errors.append(f"A {name} question needs at least two choices (it has {count}).")
    if q.kind == MULTIPLE and not correct:
        errors.append(f"A {name} question needs at least one correct choice (it has none).")
    if q.kind == MULTIPLE and is_weighted(q):
        errors += _weight_errors(q, name)
    if q.kind != MULTIPLE and correct != 1:
        errors.append(f"A {name} question needs exactly one correct choice (it has {correct}).")
    return errors


def _weight_errors(q: QuestionSpec, name: str) -> list[str]:
    errors = []
    for n, c in enumerate(q.choices, start=1):
        if not -1 <= c.weight <= 1:
            errors.append(f"Choice {n}'s weight must be between -1 and 1 (it is {c.weight}).")
        elif c.is_correct != (c.weight > 0):
            errors.append(
                f"Choice {n} is {'ticked' if c.is_correct else 'not ticked'} correct but weighs "
                f"{c.weight}: in a weighted {name} question the correct choices are exactly "
                "those with a positive weight."
            )
    positive = sum((_weight(c.weight) for c in q.choices if 0 < c.weight <= 1), Fraction(0))
    if positive < 1 - WEIGHT_SUM_SLACK:
        errors.append(
            f"The positive weights of this {name} question add up to {float(positive):g}; "
            "they must add up to at least 1 so that a full answer earns full credit."
        )
    return errors


def validate_question(q: QuestionSpec) -> list[str]:
    """Everything that stops a question from being answerable, as readable sentences.

    An empty list means the question can be graded.
    """
    name = KIND_NAMES.get(q.kind)
    if name is None:
        kinds = ", ".join(KIND_NAMES)
        return [f"'{_shown(q.kind)}' is not a question kind; use one of: {kinds}."]
    errors = []
    if q.kind == NUMERIC:
        answer, tolerance = q.numeric_answer, q.tolerance
        if answer is None:
            errors.append("A numeric question needs a correct answer.")
        elif not isinstance(answer, Decimal) or not answer.is_finite():
            errors.append(f"The correct answer must be a finite number (it is {answer}).")
        if not isinstance(tolerance, Decimal) or not tolerance.is_finite() or tolerance < 0:
            errors.append(f"The tolerance must be zero or more (it is {tolerance}).")
        if q.choices:
            errors.append(f"A numeric question does not use choices (it has {len(q.choices)}).")
        return errors
    if q.kind in CHOICE_KINDS:
        errors += _choice_errors(q, name)
    elif not any(c.is_correct and c.text.strip() for c in q.choices):
        errors.append("A short-text question needs at least one accepted answer.")
    seen_ids: dict[int, int] = {}
    seen_texts: dict[str, int] = {}
    for n, c in enumerate(q.choices, start=1):
        if c.id in seen_ids:
            errors.append(f"Choices {seen_ids[c.id]} and {n} have the same id ({c.id}).")
        seen_ids.setdefault(c.id, n)
        if not c.text.strip():
            errors.append(f"Choice {n} has no text.")
            continue
        if q.kind == SHORT_TEXT:
            key = normalise_text(c.text)
            if not key:
                errors.append(
                    f"Choice {n} ('{_shown(c.text)}') has no letters or digits, "
                    "so no answer could match it."
                )
                continue
        else:
            key = " ".join(c.text.split()).casefold()
        if key in seen_texts:
            errors.append(
                f"Choices {seen_texts[key]} and {n} are the same answer once case, spacing "
                f"and punctuation are ignored ('{_shown(c.text)}')."
                if q.kind == SHORT_TEXT
                else f"Choices {seen_texts[key]} and {n} have the same text ('{_shown(c.text)}')."
            )
        seen_texts.setdefault(key, n)
    return errors
