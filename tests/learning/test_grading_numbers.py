"""Reading numbers and grading numeric answers (pure, table-driven)."""

from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from learning.grading import (
    MAX_TEXT_LENGTH,
    InvalidResponse,
    NumericAnswerSpec,
    QuestionSpec,
    grade,
    grade_numeric,
    parse_number,
)
from tests.learning.grading_cases import (
    EXACT,
    HUGE,
    NUMERIC,
)

# --- numeric ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3.5", "3.5"),
        ("3,5", "3.5"),
        ("12,25", "12.25"),
        ("0,500", "0.5"),
        ("1234,567", "1234.567"),
        ("3.500", "3.5"),  # a single point is always a decimal point
        ("1,234.5", "1234.5"),
        ("1.234,5", "1234.5"),
        ("1,234,567", "1234567"),
        ("1.234.567", "1234567"),
        ("1,234,567.89", "1234567.89"),
        ("1.234.567,89", "1234567.89"),
        ("1 234", "1234"),
        ("1 234,5", "1234.5"),
        ("1 234 500,5", "1234500.5"),
        ("1 234,500", "1234.5"),  # space grouping settles the comma
        ("1\u00a0234,5", "1234.5"),  # no-break space
        ("1\u202f234,5", "1234.5"),  # narrow no-break space
        ("1_000", "1000"),
        ("+3", "3"),
        ("-3", "-3"),
        ("\u22123.5", "-3.5"),  # minus sign
        ("- 3", "-3"),
        ("  7\t", "7"),
        ("1e3", "1000"),
        ("1E-3", "0.001"),
        ("6.02e23", "6.02E+23"),
        ("2,5e3", "2500"),
        (".5", "0.5"),
        (",5", "0.5"),
        ("5.", "5"),
        ("007", "7"),
        ("-0", "0"),
        ("\uff11\uff12", "12"),  # full-width digits
        ("0e99999", "0"),
    ],
)
def test_parse_number_accepts(text, expected):
    assert parse_number(text) == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Please enter a number."),
        ("   ", "Please enter a number."),
        ("abc", "'abc' is not a number."),
        ("12abc", "'12abc' is not a number."),
        ("1/2", "'1/2' is not a number."),
        ("--3", "'--3' is not a number."),
        ("3-", "'3-' is not a number."),
        ("e3", "'e3' is not a number."),
        ("1e", "'1e' is not a number."),
        ("0x10", "'0x10' is not a number."),
        ("٣", "'٣' is not a number."),
        ("1,2,3", "'1,2,3' is not a number we can read: commas must split"),
        ("1..2", "'1..2' is not a number we can read: points must split"),
        ("1,23.4", "'1,23.4' is not a number we can read: commas"),
        ("1 23", "'1 23' is not a number we can read: spaces"),
        ("1  234", "'1 234' is not a number we can read: spaces"),
        ("0,123,456", "'0,123,456' is not a number we can read"),
        ("1,234.5.6", "'1,234.5.6' has more than one decimal separator"),
        ("1 234,5,6", "'1 234,5,6' has more than one decimal separator"),
        ("1 234.567,5", "'1 234.567,5' has too many kinds of separators"),
        ("1 000_000", "'1 000_000' mixes spaces and underscores"),
        ("1,5 5", "'1,5 5' has something other than digits after the ','"),
        ("3,500", "'3,500' is ambiguous"),
        ("-12,250", "'-12,250' is ambiguous"),
        ("NaN", "'NaN' is not a finite number"),
        ("inf", "'inf' is not a finite number"),
        ("-Infinity", "'-Infinity' is not a finite number"),
        ("∞", "'∞' is not a finite number"),
        ("1e5000", "'1e5000' is too large or too small"),
        ("1e-5000", "'1e-5000' is too large or too small"),
        ("x" * (MAX_TEXT_LENGTH + 1), "Your answer is too long (501 characters)"),
        (HUGE, "Your answer is too long (10000000 characters)"),
    ],
)
def test_parse_number_rejects(text, message):
    with pytest.raises(InvalidResponse) as exc:
        parse_number(text)
    assert str(exc.value).startswith(message)


def test_ambiguous_comma_message_offers_both_readings():
    with pytest.raises(InvalidResponse, match=r"Please write 3500 or 3\.500\."):
        parse_number("3,500")


@pytest.mark.parametrize(
    ("q", "text", "correct"),
    [
        (NUMERIC, "3.5", True),
        (NUMERIC, "3,5", True),
        (NUMERIC, "3.55", True),  # exactly on the tolerance edge
        (NUMERIC, "3.45", True),
        (NUMERIC, "3.5500001", False),
        (NUMERIC, "3.4499999", False),
        (NUMERIC, "-3.5", False),
        (NUMERIC, "35", False),
        (EXACT, "1 234,5", True),
        (EXACT, "1,234.5", True),
        (EXACT, "1.2345e3", True),
        (EXACT, "1234.50000000000000000000000000000001", False),  # beyond float precision
        (QuestionSpec("numeric", numeric_answer=Decimal("0.3")), "0.30", True),
    ],
)
def test_numeric_grading(q, text, correct):
    result = grade(q, {"value": text})
    assert (result.score, result.is_correct, result.feedback) == (float(correct), correct, ())


def test_numeric_response_keeps_what_was_typed_and_the_number():
    result = grade_numeric(EXACT, " 1 234,5 ")
    assert result.response == {"value": "1 234,5", "number": "1234.5"}
    assert result.response_text == "1 234,5"


@pytest.mark.parametrize(
    ("response", "message"),
    [
        ({}, "Please enter a number."),
        ({"value": ""}, "Please enter a number."),
        ({"value": 3.5}, "Your answer could not be read"),
        ({"value": ["3.5"]}, "Your answer could not be read"),
        ({"value": None}, "Your answer could not be read"),
        ({"value": "abc"}, "'abc' is not a number. Use digits"),
        ({"value": HUGE}, "Your answer is too long"),
    ],
)
def test_malformed_numeric_responses_are_rejected(response, message):
    with pytest.raises(InvalidResponse) as exc:
        grade(NUMERIC, response)
    assert str(exc.value).startswith(message)


def test_numeric_question_without_answer_is_a_programming_error():
    with pytest.raises(ValueError, match="no answer") as exc:
        grade(QuestionSpec("numeric"), {"value": "3"})
    assert not isinstance(exc.value, InvalidResponse)


@given(st.decimals(allow_nan=False, allow_infinity=False))
def test_parse_number_round_trips_decimal_strings(value):
    assume(value.is_zero() or abs(value.adjusted()) <= 1000)
    assume(len(str(value)) <= MAX_TEXT_LENGTH)
    assert parse_number(str(value)) == value


@given(st.decimals(places=4, min_value=-(10**9), max_value=10**9))
def test_numeric_answer_typed_back_with_grouping_is_correct(value):
    q = QuestionSpec("numeric", numeric_answer=value)
    assert grade(q, {"value": str(value)}).is_correct
    assert grade(q, {"value": f"{value:,}"}).is_correct  # e.g. "-1,234.5000"
    european = f"{value:,}".replace(",", " ").replace(".", ",")
    assert grade(q, {"value": european}).is_correct  # e.g. "-1 234,5000"


# --- several numeric answers (Moodle's list, first match wins) ---------------------------


def answer(id, text, weight=None, tolerance=None, feedback="", correct=None):
    is_correct = correct if correct is not None else (weight is None or weight > 0)
    tol = None if tolerance is None else Decimal(tolerance)
    return NumericAnswerSpec(id, text, is_correct, feedback, weight, tol)


GRANT_BORN = QuestionSpec(
    "numeric",
    numeric_answer=Decimal(1822),
    numeric_answers=(
        answer(1, "1822", 1.0, "0", "Right"),
        answer(2, "1822", 0.5, "2", "Close"),
        answer(3, "*", 0.0, None, "Wrong year", correct=False),
    ),
)
ORDER_MATTERS = QuestionSpec(
    "numeric",
    numeric_answer=Decimal(10),
    numeric_answers=(answer(1, "10", 0.5, "5", "near"), answer(2, "10", 1.0, "0", "exact")),
)


@pytest.mark.parametrize(
    ("q", "text", "score", "feedback", "matched"),
    [
        (GRANT_BORN, "1822", 1.0, ("Right",), 1),
        (GRANT_BORN, "1824", 0.5, ("Close",), 2),  # on the edge of the second interval
        (GRANT_BORN, "1820,5", 0.5, ("Close",), 2),  # a decimal comma still reads
        (GRANT_BORN, "1824.000001", 0.0, ("Wrong year",), 3),  # the catch-all
        (GRANT_BORN, "-7", 0.0, ("Wrong year",), 3),
        (ORDER_MATTERS, "10", 0.5, ("near",), 1),  # the first matching answer wins
        (ORDER_MATTERS, "16", 0.0, (), None),  # no answer matches: no feedback
    ],
)
def test_several_numeric_answers_each_with_tolerance_fraction_and_feedback(
    q, text, score, feedback, matched
):
    result = grade(q, {"value": text})
    assert (result.score, result.feedback, result.matched) == (score, feedback, matched)
    assert result.is_correct is (score == 1.0)


def test_a_numeric_question_without_answer_rows_grades_as_before():
    assert grade(NUMERIC, {"value": "3.55"}).matched is None
    assert grade(NUMERIC, {"value": "3.55"}).score == 1.0
