"""Numbers read in the learner's locale (learning.grading.numbers, learning.number_locale):
the decimal mark of the locale is always a decimal mark, the other mark is ambiguous only in
``1.000`` / ``1,000`` shapes. Table-driven and property-based (pure)."""

from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from learning.grading import InvalidResponse, ambiguous_mark, parse_number
from learning.number_locale import decimal_mark_for, number_rule

FAST = settings(max_examples=80, deadline=None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3,5", "3.5"),
        ("3.5", "3.5"),  # a point with no comma and not three digits after it: unambiguous
        ("3,500", "3.5"),  # a single comma is always the decimal comma in es
        ("12,25", "12.25"),
        ("1.000,5", "1000.5"),
        ("1,000.5", "1000.5"),  # both marks: the last one is the decimal, as everywhere
        ("1.234.567", "1234567"),
        ("1.234.567,89", "1234567.89"),
        ("1 234,5", "1234.5"),
        ("1 234.500", "1234.5"),  # a space grouping settles the point
        ("1234.567", "1234.567"),  # four digits before the point: not a thousands group
        ("0.500", "0.5"),  # a leading 0 never starts a thousands group
        ("-2,5", "-2.5"),
        ("2,5e3", "2500"),
    ],
)
def test_a_decimal_comma_locale_reads(text, expected):
    assert parse_number(text, decimal_mark=",") == Decimal(expected)


@pytest.mark.parametrize("text", ["1.000", "3.500", "-12.250", "999.999"])
def test_a_decimal_comma_locale_finds_a_lone_point_before_three_digits_ambiguous(text):
    with pytest.raises(InvalidResponse, match="ambiguous"):
        parse_number(text, decimal_mark=",")


def test_the_ambiguous_point_message_offers_both_readings_in_the_locales_style():
    with pytest.raises(InvalidResponse, match=r"Please write 1000 or 1,000\."):
        parse_number("1.000", decimal_mark=",")


@pytest.mark.parametrize(("text", "expected"), [("3.500", "3.5"), ("3,5", "3.5")])
def test_english_is_unchanged(text, expected):
    assert parse_number(text) == parse_number(text, decimal_mark=".") == Decimal(expected)
    with pytest.raises(InvalidResponse, match="ambiguous"):
        parse_number("1,000", decimal_mark=".")


def test_only_a_point_or_a_comma_is_a_decimal_mark():
    assert ambiguous_mark(".") == "," and ambiguous_mark(",") == "."
    with pytest.raises(ValueError):
        parse_number("3", decimal_mark=";")


# --- properties --------------------------------------------------------------------

marks = st.sampled_from([".", ","])
decimals = st.decimals(
    min_value=Decimal("-1e9"), max_value=Decimal("1e9"), places=3, allow_nan=False
)


def _swap(text: str) -> str:
    return text.translate(str.maketrans(",.", ".,"))


@FAST
@given(text=st.from_regex(r"\A[ +\-]?[0-9 ,._]{1,16}\Z"), mark=marks)
def test_the_two_locales_are_mirror_images(text, mark):
    """Swapping '.' and ',' in the text and in the locale changes nothing: the rule is the
    same rule with the roles of the marks exchanged."""
    other = "," if mark == "." else "."
    try:
        value = parse_number(text, decimal_mark=mark)
    except InvalidResponse:
        with pytest.raises(InvalidResponse):
            parse_number(_swap(text), decimal_mark=other)
        return
    assert parse_number(_swap(text), decimal_mark=other) == value


@FAST
@given(d=decimals, mark=marks)
def test_a_number_written_in_the_locales_style_reads_back(d, mark):
    plain = f"{d:f}".replace(".", mark)
    assert parse_number(plain, decimal_mark=mark) == d


@FAST
@given(whole=st.integers(1, 999), fraction=st.integers(0, 999), mark=marks)
def test_only_the_other_mark_before_exactly_three_digits_is_ambiguous(whole, fraction, mark):
    risky = ambiguous_mark(mark)
    text = f"{whole}{risky}{fraction:03d}"
    with pytest.raises(InvalidResponse, match="ambiguous"):
        parse_number(text, decimal_mark=mark)
    # The locale's own mark in the same place is read as a decimal mark.
    assert parse_number(f"{whole}{mark}{fraction:03d}", decimal_mark=mark) == Decimal(
        f"{whole}.{fraction:03d}"
    )


@FAST
@given(d=st.decimals(min_value=0, max_value=Decimal("1e6"), places=2), mark=marks)
def test_unambiguous_grouped_forms_agree_in_both_locales(d, mark):
    us = f"{d:,.2f}"  # 1,234,567.89: both marks present or no grouping needed
    european = _swap(us)
    if "," in us:  # grouped: both marks appear, the last one decides, in every locale
        assert parse_number(us, decimal_mark=mark) == d
        assert parse_number(european, decimal_mark=mark) == d


# --- the locale's mark and the rule sentence --------------------------------------


def test_the_decimal_mark_comes_from_the_locales_formats():
    assert decimal_mark_for("es") == ","
    assert decimal_mark_for("es-ES") == ","
    assert decimal_mark_for("en") == "."
    assert decimal_mark_for("") == "."  # answers recorded before locales: as they were read
    assert decimal_mark_for("zz") == "."


def test_the_rule_is_said_in_the_interface_language_for_the_learners_locale():
    assert "3,500 could mean either" in number_rule("en")
    assert "3.500 could mean either" in number_rule("es")
    with translation.override("es"):
        assert "3.500" in number_rule("es")
