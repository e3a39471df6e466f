"""Grading rules, table-driven and without a database."""

import json
from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from learning.grading import (
    MAX_TEXT_LENGTH,
    ChoiceSpec,
    GradeResult,
    InvalidResponse,
    QuestionSpec,
    grade,
    grade_multiple_choice,
    grade_numeric,
    grade_short_text,
    grade_single_choice,
    grade_true_false,
    normalise_text,
    parse_number,
    validate_question,
)

SINGLE = QuestionSpec(
    kind="single",
    choices=(
        ChoiceSpec(1, "A", False, "A is a trap."),
        ChoiceSpec(2, "B", True, "Yes, B."),
        ChoiceSpec(3, "C", False),
    ),
)
TRUE_FALSE = QuestionSpec(
    kind="true_false",
    choices=(ChoiceSpec(10, "True", True), ChoiceSpec(11, "False", False, "Look again.")),
)
# 2 correct (B, D), 3 wrong (A, C, E).
MULTIPLE = QuestionSpec(
    kind="multiple",
    choices=(
        ChoiceSpec(1, "A", False, "A is wrong."),
        ChoiceSpec(2, "B", True, "B is right."),
        ChoiceSpec(3, "C", False),
        ChoiceSpec(4, "D", True, "D is right."),
        ChoiceSpec(5, "E", False),
    ),
)
ALL_CORRECT = QuestionSpec(
    kind="multiple", choices=(ChoiceSpec(1, "A", True), ChoiceSpec(2, "B", True))
)
NUMERIC = QuestionSpec(kind="numeric", numeric_answer=Decimal("3.5"), tolerance=Decimal("0.05"))
EXACT = QuestionSpec(kind="numeric", numeric_answer=Decimal("1234.5"))
SHORT = QuestionSpec(
    kind="short_text",
    choices=(
        ChoiceSpec(1, "Photosynthesis", True, "Well done."),
        ChoiceSpec(2, "Photo synthesis", True),
        ChoiceSpec(3, "Respiration", False, "Respiration releases energy; it does not store it."),
    ),
)
CAFE = QuestionSpec(kind="short_text", choices=(ChoiceSpec(1, "café", True),))
HALF = QuestionSpec(kind="short_text", choices=(ChoiceSpec(1, "3.5", True),))
HUGE = "x" * 10_000_000


# --- choice kinds -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("q", "ids", "score", "feedback", "stored", "text"),
    [
        (SINGLE, [2], 1.0, ("Yes, B.",), [2], "B"),
        (SINGLE, ["2"], 1.0, ("Yes, B.",), [2], "B"),
        (SINGLE, [" 1 "], 0.0, ("A is a trap.",), [1], "A"),
        (SINGLE, [3], 0.0, (), [3], "C"),
        (TRUE_FALSE, [10], 1.0, (), [10], "True"),
        (TRUE_FALSE, ("11",), 0.0, ("Look again.",), [11], "False"),
    ],
)
def test_single_choice_and_true_false(q, ids, score, feedback, stored, text):
    result = grade(q, {"choices": ids})
    assert result == GradeResult(score, score == 1.0, feedback, {"choices": stored}, text)


def test_direct_single_and_true_false_functions_agree_with_grade():
    assert grade_single_choice(SINGLE, [2]) == grade(SINGLE, {"choices": [2]})
    assert grade_true_false(TRUE_FALSE, [11]) == grade(TRUE_FALSE, {"choices": [11]})


@pytest.mark.parametrize(
    ("ids", "score"),
    [
        ([2, 4], 1.0),  # everything right
        ([2], 0.5),  # half the correct ones, no penalty
        ([2, 4, 1], 1 - 1 / 3),  # all correct, one of three wrong
        ([2, 1], 0.5 - 1 / 3),
        ([2, 1, 3], 0.0),  # 1/2 - 2/3 clamps at 0
        ([1, 2, 3, 4, 5], 0.0),  # ticking every box earns nothing
        ([1], 0.0),
        ([3, 5], 0.0),
    ],
)
def test_multiple_choice_partial_credit(ids, score):
    result = grade(MULTIPLE, {"choices": ids})
    assert result.score == pytest.approx(score)
    assert result.is_correct is (ids == [2, 4])


def test_multiple_choice_wrong_pick_always_costs():
    assert (
        grade(MULTIPLE, {"choices": [2, 4, 5]}).score < grade(MULTIPLE, {"choices": [2, 4]}).score
    )


def test_multiple_choice_stores_ids_and_texts_in_choice_order():
    result = grade_multiple_choice(MULTIPLE, ["4", 1, 2])
    assert result.response == {"choices": [1, 2, 4]}
    assert result.response_text == "A; B; D"
    assert result.feedback == ("A is wrong.", "B is right.", "D is right.")


def test_multiple_choice_without_wrong_choices_has_no_penalty():
    assert grade(ALL_CORRECT, {"choices": [1]}).score == 0.5
    assert grade(ALL_CORRECT, {"choices": [1, 2]}).is_correct


@pytest.mark.parametrize(
    ("q", "response", "message"),
    [
        (SINGLE, {"choices": [99]}, "Answer 99 is not one of this question's answers"),
        (SINGLE, {"choices": ["abc"]}, "'abc' is not one of the answers"),
        (SINGLE, {"choices": ["1.5"]}, "'1.5' is not one of the answers"),
        (SINGLE, {"choices": [1.0]}, "'1.0' is not one of the answers"),
        (SINGLE, {"choices": [True]}, "'True' is not one of the answers"),
        (SINGLE, {"choices": [None]}, "'None' is not one of the answers"),
        (SINGLE, {"choices": [[2]]}, "'[2]' is not one of the answers"),
        (SINGLE, {"choices": ["٢"]}, "'٢' is not one of the answers"),
        (SINGLE, {"choices": [HUGE]}, "'xxxxx"),
        (SINGLE, {"choices": []}, "Please select an answer."),
        (SINGLE, {}, "Please select an answer."),
        (SINGLE, {"choices": [1, 2]}, "Please select only one answer."),
        (TRUE_FALSE, {"choices": [10, 11]}, "Please select only one answer."),
        (TRUE_FALSE, {"choices": []}, "Please select an answer."),
        (MULTIPLE, {"choices": []}, "Please select at least one answer."),
        (MULTIPLE, {"choices": [2, "2"]}, "Answer 2 was selected more than once."),
        (MULTIPLE, {"choices": [2, 2]}, "Answer 2 was selected more than once."),
        (MULTIPLE, {"choices": list(range(10_000_000))}, "You selected more answers than"),
        (MULTIPLE, {"choices": {"2": True}}, "Your selection could not be read"),
        (MULTIPLE, {"choices": "2"}, "Your selection could not be read"),
        (MULTIPLE, {"choices": 2}, "Your selection could not be read"),
        (MULTIPLE, {"choices": None}, "Your selection could not be read"),
        (MULTIPLE, ["choices", 2], "Your answer could not be read"),
        (MULTIPLE, None, "Your answer could not be read"),
    ],
)
def test_malformed_choice_responses_are_rejected(q, response, message):
    with pytest.raises(InvalidResponse) as exc:
        grade(q, response)
    assert str(exc.value).startswith(message)
    assert str(exc.value).endswith((".", "…"))
    assert len(str(exc.value)) < 200


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


# --- short text -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Photosynthesis", "photosynthesis"),
        ("  PHOTOSYNTHESIS.  ", "photosynthesis"),
        ("Straße", "strasse"),  # case folding, not just lower()
        ("ﬁsh", "fish"),  # NFKC ligature
        ("\uff30\uff41\uff52\uff49\uff53", "paris"),  # full-width letters
        ("cafe\u0301", "café"),  # composed accent
        ("café", "café"),  # accents are kept
        ("don't", "dont"),
        ("don\u2019t", "dont"),
        ("x-ray", "xray"),
        ("Paris,  France!", "paris france"),
        ("new\tyork\n", "new york"),
        ("«bonjour»", "bonjour"),
        ("¿qué?", "qué"),
        ("3.5", "3.5"),  # punctuation between digits is kept
        ("3,5", "3,5"),
        ("1/2", "1/2"),
        ("3.5.", "3.5"),
        ("a.5", "a5"),
        ("zero\u200bwidth", "zerowidth"),  # invisible format characters dropped
        ("soft\u00adhyphen", "softhyphen"),
        ("C++", "c++"),  # symbols are not punctuation
        ("?!", ""),
    ],
)
def test_normalise_text(text, expected):
    assert normalise_text(text) == expected


@pytest.mark.parametrize(
    ("q", "text", "correct", "feedback"),
    [
        (SHORT, "photosynthesis", True, ("Well done.",)),
        (SHORT, "  Photosynthesis! ", True, ("Well done.",)),
        (SHORT, "Photo-Synthesis", True, ("Well done.",)),  # hyphen dropped
        (SHORT, "photo  synthesis", True, ()),  # second accepted answer, no feedback
        (SHORT, "photosynthesis respiration", False, ()),
        (SHORT, "respiration", False, ("Respiration releases energy; it does not store it.",)),
        (SHORT, "chlorophyll", False, ()),
        (SHORT, "?", False, ()),
        (CAFE, "CAFÉ", True, ()),
        (CAFE, "cafe", False, ()),
        (HALF, "3.5", True, ()),
        (HALF, "35", False, ()),
    ],
)
def test_short_text_grading(q, text, correct, feedback):
    result = grade(q, {"value": text})
    assert (result.score, result.is_correct, result.feedback) == (float(correct), correct, feedback)
    assert result.response == {"text": text.strip()}
    assert result.response_text == text.strip()


@pytest.mark.parametrize(
    ("response", "message"),
    [
        ({}, "Please type an answer."),
        ({"value": " \n "}, "Please type an answer."),
        ({"value": 42}, "Your answer could not be read"),
        ({"value": {"text": "x"}}, "Your answer could not be read"),
        ({"value": "x" * MAX_TEXT_LENGTH + "x"}, "Your answer is too long"),
        ({"value": HUGE}, "Your answer is too long (10000000 characters); please keep it"),
    ],
)
def test_malformed_short_text_responses_are_rejected(response, message):
    with pytest.raises(InvalidResponse) as exc:
        grade(SHORT, response)
    assert str(exc.value).startswith(message)


def test_short_text_at_the_length_limit_is_graded():
    assert grade_short_text(SHORT, "x" * MAX_TEXT_LENGTH).score == 0.0


def test_unknown_kind_is_a_programming_error():
    with pytest.raises(ValueError, match="Unknown question kind 'essay'"):
        grade(QuestionSpec("essay"), {"value": "x"})


# --- validate_question ------------------------------------------------------------


def c(id: int, text: str, is_correct: bool = False) -> ChoiceSpec:
    return ChoiceSpec(id, text, is_correct)


@pytest.mark.parametrize(
    ("q", "errors"),
    [
        (SINGLE, []),
        (MULTIPLE, []),
        (ALL_CORRECT, []),
        (TRUE_FALSE, []),
        (NUMERIC, []),
        (EXACT, []),
        (SHORT, []),
        (CAFE, []),
        (
            QuestionSpec("single", (c(1, "A", True), c(2, "B", True))),
            ["A single-choice question needs exactly one correct choice (it has 2)."],
        ),
        (
            QuestionSpec("single", (c(1, "A"), c(2, "B"))),
            ["A single-choice question needs exactly one correct choice (it has 0)."],
        ),
        (
            QuestionSpec("single", (c(1, "A", True),)),
            ["A single-choice question needs at least two choices (it has 1)."],
        ),
        (
            QuestionSpec("multiple"),
            [
                "A multiple-choice question needs at least two choices (it has 0).",
                "A multiple-choice question needs at least one correct choice (it has none).",
            ],
        ),
        (
            QuestionSpec("true_false", (c(1, "True", True), c(2, "False"), c(3, "Maybe"))),
            ["A true/false question needs exactly two choices (it has 3)."],
        ),
        (
            QuestionSpec("true_false", (c(1, "True", True), c(2, "False", True))),
            ["A true/false question needs exactly one correct choice (it has 2)."],
        ),
        (
            QuestionSpec("true_false", (c(1, "Yes", True), c(2, "No"))),
            ['A true/false question\'s choices must be "True" and "False".'],
        ),
        (
            QuestionSpec("single", (c(1, "Paris", True), c(2, " "), c(3, "paris"))),
            ["Choice 2 has no text.", "Choices 1 and 3 have the same text ('paris')."],
        ),
        (
            QuestionSpec("single", (c(1, "A", True), c(1, "B"))),
            ["Choices 1 and 2 have the same id (1)."],
        ),
        (QuestionSpec("numeric"), ["A numeric question needs a correct answer."]),
        (
            QuestionSpec("numeric", numeric_answer=Decimal(1), tolerance=Decimal("-0.1")),
            ["The tolerance must be zero or more (it is -0.1)."],
        ),
        (
            QuestionSpec("numeric", numeric_answer=Decimal("NaN")),
            ["The correct answer must be a finite number (it is NaN)."],
        ),
        (
            QuestionSpec("numeric", (c(1, "A", True),), numeric_answer=Decimal(1)),
            ["A numeric question does not use choices (it has 1)."],
        ),
        (
            QuestionSpec("short_text", (c(1, "Paris"),)),
            ["A short-text question needs at least one accepted answer."],
        ),
        (
            QuestionSpec("short_text", (c(1, "  ", True),)),
            ["A short-text question needs at least one accepted answer.", "Choice 1 has no text."],
        ),
        (
            QuestionSpec("short_text", (c(1, "Paris", True), c(2, "paris!", True))),
            [
                "Choices 1 and 2 are the same answer once case, spacing and punctuation "
                "are ignored ('paris!')."
            ],
        ),
        (
            QuestionSpec("short_text", (c(1, "Paris", True), c(2, "?!"))),
            ["Choice 2 ('?!') has no letters or digits, so no answer could match it."],
        ),
        (
            QuestionSpec("essay"),
            [
                "'essay' is not a question kind; use one of: single, multiple, true_false, "
                "numeric, short_text."
            ],
        ),
    ],
)
def test_validate_question(q, errors):
    assert validate_question(q) == errors


# --- properties -------------------------------------------------------------------

ids_or_junk = st.one_of(
    st.integers(-3, 15),
    st.integers(),
    st.text(max_size=5),
    st.sampled_from(["1", " 2 ", "03", "1.0", "", "\u22121"]),
    st.none(),
    st.booleans(),
    st.floats(allow_nan=True),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=2), st.integers(), max_size=2),
)
responses = st.one_of(
    st.fixed_dictionaries({"choices": st.lists(ids_or_junk, max_size=7)}),
    st.fixed_dictionaries({"choices": ids_or_junk}),
    st.fixed_dictionaries({"value": st.text(max_size=40)}),
    st.fixed_dictionaries(
        {"value": st.text(alphabet="0123456789.,  _+-\u2212eE\u00a0\u202f", max_size=20)}
    ),
    st.fixed_dictionaries({"value": ids_or_junk}),
    st.dictionaries(st.text(max_size=8), ids_or_junk, max_size=3),
    ids_or_junk,
)


@given(
    q=st.sampled_from([SINGLE, TRUE_FALSE, MULTIPLE, ALL_CORRECT, NUMERIC, EXACT, SHORT, CAFE]),
    response=responses,
)
def test_grading_only_ever_raises_invalid_response(q, response):
    try:
        result = grade(q, response)
    except InvalidResponse as exc:
        assert str(exc).strip()
        return
    assert 0.0 <= result.score <= 1.0
    assert result.is_correct is (result.score == 1.0)
    json.dumps(result.response)


@given(
    flags=st.lists(st.booleans(), min_size=2, max_size=8).filter(any),
    data=st.data(),
)
def test_multiple_choice_score_is_between_zero_and_one(flags, data):
    q = QuestionSpec(
        "multiple", tuple(ChoiceSpec(i, f"choice {i}", ok) for i, ok in enumerate(flags))
    )
    picked = data.draw(st.lists(st.sampled_from(range(len(flags))), min_size=1, unique=True))
    result = grade(q, {"choices": picked})
    assert 0.0 <= result.score <= 1.0
    all_correct = {i for i, ok in enumerate(flags) if ok}
    assert result.is_correct is (set(picked) == all_correct)


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


# --- weighted multiple choice (imported Moodle/GIFT fractions) ------------------------

WEIGHTED = QuestionSpec(
    kind="multiple",
    choices=(
        ChoiceSpec(1, "2", True, "", 0.5),
        ChoiceSpec(2, "3", True, "", 0.5),
        ChoiceSpec(3, "4", False, "2 x 2", -1.0),
        ChoiceSpec(4, "1", False, "", 0.0),
    ),
)
THIRDS = QuestionSpec(
    kind="multiple",
    choices=(
        *(ChoiceSpec(i, str(i), True, "", 0.3333333) for i in (1, 2, 3)),
        ChoiceSpec(4, "x", False, "", -0.3333333),
    ),
)


@pytest.mark.parametrize(
    ("spec", "ids", "score"),
    [
        (WEIGHTED, [1, 2], 1.0),
        (WEIGHTED, [1], 0.5),
        (WEIGHTED, [1, 2, 4], 1.0),  # a zero-weight pick costs nothing: the source's rule
        (WEIGHTED, [1, 2, 3], 0.0),  # clipped at 0
        (WEIGHTED, [3], 0.0),
        (WEIGHTED, [1, 3], 0.0),
        (THIRDS, [1, 2, 3], 1.0),  # 99.99999 % is full credit, as in Moodle
        (THIRDS, [1, 2], 0.6666666),
        (THIRDS, [1, 2, 3, 4], 0.6666666),
    ],
)
def test_weighted_multiple_choice_sums_picked_weights_clipped(spec, ids, score):
    result = grade(spec, {"choices": ids})
    assert result.score == pytest.approx(score)
    assert result.is_correct is (score == 1.0)


def test_weights_are_ignored_unless_every_choice_has_one():
    partly = QuestionSpec(
        kind="multiple",
        choices=(
            ChoiceSpec(1, "a", True, "", 1.0),
            ChoiceSpec(2, "b", True),
            ChoiceSpec(3, "c", False),
        ),
    )
    # Default rule: one of two correct picked, no wrong pick.
    assert grade(partly, {"choices": [1]}).score == 0.5


def test_weights_on_a_single_choice_question_do_not_change_grading():
    spec = QuestionSpec(
        kind="single",
        choices=(ChoiceSpec(1, "best", True, "", 1.0), ChoiceSpec(2, "half", False, "", 0.5)),
    )
    assert grade(spec, {"choices": [2]}).score == 0.0


@pytest.mark.parametrize(
    ("choices", "message"),
    [
        (
            (ChoiceSpec(1, "a", True, "", 0.5), ChoiceSpec(2, "b", False, "", 0.0)),
            "add up to 0.5",
        ),
        (
            (ChoiceSpec(1, "a", True, "", 1.0), ChoiceSpec(2, "b", True, "", -0.5)),
            "Choice 2 is ticked correct but weighs -0.5",
        ),
        (
            (ChoiceSpec(1, "a", True, "", 1.0), ChoiceSpec(2, "b", False, "", 2.0)),
            "between -1 and 1",
        ),
    ],
)
def test_weighted_multiple_choice_must_be_consistent_and_reach_full_credit(choices, message):
    errors = validate_question(QuestionSpec(kind="multiple", choices=choices))
    assert any(message in error for error in errors), errors


def test_valid_weighted_questions_pass_validation():
    assert validate_question(WEIGHTED) == []
    assert validate_question(THIRDS) == []
