"""What grading works on and what it returns: plain frozen dataclasses, no ORM.

Callers copy a question into a :class:`QuestionSpec` (``Question.to_spec``) and pass the raw
response to :func:`learning.grading.grade`. Fractions ("weights") are floats as stored, read
back as the decimal the author wrote (:func:`fraction_of`), so ``0.3333333`` is exactly
3333333/10000000 and sums are exact.
"""

import reprlib
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.utils.translation import gettext as _

MAX_TEXT_LENGTH = 500
"""Free-text (and numeric) answers longer than this many characters are rejected."""

FULL_CREDIT_SLACK = Fraction(1, 10**6)
"""A fraction this close to 1 is full credit (Moodle stores fractions with 7 decimals, so
three answers at 33.33333 % add up to 99.99999 %)."""

WEIGHT_SUM_SLACK = FULL_CREDIT_SLACK  # the name earlier callers used

CATCH_ALL = "*"
"""A numeric answer row that matches any number (Moodle's ``*`` answer)."""

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
    """One choice of a question (for short text: an accepted or anticipated answer).

    ``weight`` is the choice's fraction of the mark (-1..1) when the author or the source
    gave one, ``None`` otherwise.
    """

    id: int
    text: str
    is_correct: bool
    feedback: str = ""
    weight: float | None = None


@dataclass(frozen=True)
class NumericAnswerSpec:
    """One graded answer of a numeric question, as Moodle lists them (in order).

    ``text`` is the value as written (a decimal number) or ``"*"``, which matches any
    number. ``tolerance`` is absolute; ``None`` means 0.
    """

    id: int
    text: str
    is_correct: bool
    feedback: str = ""
    weight: float | None = None
    tolerance: Decimal | None = None

    @property
    def is_catch_all(self) -> bool:
        return self.text.strip() == CATCH_ALL


@dataclass(frozen=True)
class QuestionSpec:
    """What grading needs to know about a question; ``kind`` is a ``Question.Kind`` value.

    ``numeric_answer`` ± ``tolerance`` is a numeric question's full-credit answer (with
    ``numeric_answers`` it is the first full-credit one of them). ``case_sensitive``
    applies to short text only.
    """

    kind: str
    choices: tuple[ChoiceSpec, ...] = ()
    numeric_answer: Decimal | None = None
    tolerance: Decimal = Decimal(0)
    numeric_answers: tuple[NumericAnswerSpec, ...] = ()
    case_sensitive: bool = False


@dataclass(frozen=True)
class GradeResult:
    """The outcome of grading one response.

    ``is_correct`` is true exactly when ``score == 1``. ``feedback`` holds the feedback of
    the chosen (or matched) choices in choice order, without empty strings. ``response``
    is the normalised, JSON-serialisable response to store; ``response_text`` says in
    words what the student answered. ``matched`` is the id of the answer a short-text or
    numeric response matched (``None`` when none did, and for choice kinds).
    """

    score: float
    is_correct: bool
    feedback: tuple[str, ...]
    response: dict[str, Any]
    response_text: str
    matched: int | None = None


class InvalidResponse(ValueError):
    """The response cannot be graded; the message is shown to the student verbatim."""


def fraction_of(weight: float) -> Fraction:
    """The decimal the author wrote (0.3333333), not the binary float nearest to it."""
    return Fraction(repr(float(weight)))


def effective_fraction(answer: ChoiceSpec | NumericAnswerSpec) -> Fraction:
    """An answer's fraction of the mark: its weight, else 1 when correct and 0 when not.

    That is how Moodle reads an answer written without a weight: GIFT's ``=`` is 100 %,
    ``~`` (and the numeric ``~`` catch-all) 0 %.
    """
    if answer.weight is not None:
        return fraction_of(answer.weight)
    return Fraction(int(answer.is_correct))


def clip_score(total: Fraction) -> Fraction:
    """Into 0..1, with a total within :data:`FULL_CREDIT_SLACK` of 1 counted as 1."""
    if abs(total - 1) <= FULL_CREDIT_SLACK:
        return Fraction(1)
    return min(Fraction(1), max(Fraction(0), total))


def is_full_credit(fraction: Fraction) -> bool:
    return fraction >= 1 - FULL_CREDIT_SLACK


def percent(fraction: Fraction | float) -> str:
    """0.5 -> '50%', 1/3 -> '33.33333%' (for messages)."""
    return f"{float(fraction) * 100:.7g}%"


def shown(value: object, limit: int = 30) -> str:
    """A short, one-line rendering of something a user typed, for messages."""
    text = value[: 4 * limit] if isinstance(value, str) else reprlib.repr(value)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def check_length(text: object) -> str:
    if not isinstance(text, str):
        raise InvalidResponse(_("Your answer could not be read; please type it again."))
    if len(text) > MAX_TEXT_LENGTH:
        raise InvalidResponse(
            _(
                "Your answer is too long (%(text)s characters); please keep it to "
                "%(max_text_length)s characters or fewer."
            )
            % {"text": len(text), "max_text_length": MAX_TEXT_LENGTH}
        )
    return text
