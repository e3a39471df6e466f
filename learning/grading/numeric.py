"""Grading numeric answers: one answer ± tolerance, or Moodle's ordered list of answers."""

from decimal import Decimal, InvalidOperation, localcontext
from fractions import Fraction

from learning.grading.numbers import MAX_EXPONENT, parse_number
from learning.grading.specs import (
    MAX_TEXT_LENGTH,
    GradeResult,
    NumericAnswerSpec,
    QuestionSpec,
    clip_score,
    effective_fraction,
    is_full_credit,
)


def answer_value(answer: NumericAnswerSpec) -> Decimal | None:
    """The answer's value, ``None`` for the catch-all; ValueError when it is not a number."""
    if answer.is_catch_all:
        return None
    try:
        value = Decimal(answer.text.strip())
    except InvalidOperation:
        raise ValueError(f"{answer.text!r} is not a number") from None
    if not value.is_finite():
        raise ValueError(f"{answer.text!r} is not a finite number")
    return value


def within(value: Decimal, answer: Decimal, tolerance: Decimal) -> bool:
    """``|value - answer| <= tolerance``, exactly (Decimal arithmetic with room to spare)."""
    with localcontext() as ctx:
        ctx.prec = 4 * (MAX_EXPONENT + MAX_TEXT_LENGTH)  # enough to subtract exactly
        return abs(value - answer) <= tolerance


def matching_answer(q: QuestionSpec, value: Decimal) -> NumericAnswerSpec | None:
    """The first answer whose interval holds ``value`` (Moodle's ``get_matching_answer``)."""
    for answer in q.numeric_answers:
        target = answer_value(answer)
        if target is None or within(value, target, answer.tolerance or Decimal(0)):
            return answer
    return None


def grade_numeric(q: QuestionSpec, text: str, *, decimal_mark: str = ".") -> GradeResult:
    """Score as described in the package docstring; raise InvalidResponse for a non-number.

    ``decimal_mark`` is the learner's locale's decimal separator (learning.grading.numbers).
    """
    if not q.numeric_answers and q.numeric_answer is None:
        raise ValueError("This numeric question has no answer to grade against.")
    value = parse_number(text, decimal_mark=decimal_mark)
    shown_text = text.strip()
    feedback: tuple[str, ...] = ()
    matched = None
    if q.numeric_answers:
        answer = matching_answer(q, value)
        score = Fraction(0) if answer is None else clip_score(effective_fraction(answer))
        if answer is not None:
            matched = answer.id
            feedback = (answer.feedback,) if answer.feedback else ()
    else:
        score = Fraction(int(within(value, q.numeric_answer, q.tolerance)))
    return GradeResult(
        score=float(score),
        is_correct=score == 1,
        feedback=feedback,
        response={"value": shown_text, "number": str(value)},
        response_text=shown_text,
        matched=matched,
    )


def first_full_answer(answers: tuple[NumericAnswerSpec, ...]) -> NumericAnswerSpec | None:
    """The first answer (not ``*``) worth full marks: the one shown as "the correct answer"."""
    for answer in answers:
        try:
            value = answer_value(answer)
        except ValueError:
            continue
        if value is not None and is_full_credit(effective_fraction(answer)):
            return answer
    return None
