"""What makes a question answerable, and what grading promises whatever the input."""

import json
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from learning.grading import (
    ChoiceSpec,
    InvalidResponse,
    NumericAnswerSpec,
    Problem,
    QuestionSpec,
    grade,
    question_problems,
    validate_question,
)
from tests.learning.grading_cases import (
    ALL_CORRECT,
    CAFE,
    EXACT,
    MULTIPLE,
    NUMERIC,
    SHORT,
    SINGLE,
    TRUE_FALSE,
)


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


# --- questions with fractions (Moodle's rules) -------------------------------------------


def w(id: int, text: str, is_correct: bool, weight: float | None) -> ChoiceSpec:
    return ChoiceSpec(id, text, is_correct, "", weight)


def num(id, text, is_correct=True, weight=None, tolerance=None) -> NumericAnswerSpec:
    tol = None if tolerance is None else Decimal(tolerance)
    return NumericAnswerSpec(id, text, is_correct, "", weight, tol)


@pytest.mark.parametrize(
    ("q", "problem"),
    [
        (
            QuestionSpec("single", (w(1, "a", False, 0.5), w(2, "b", False, 0.0))),
            Problem(
                "No answer of this single-choice question earns full marks (the best, choice "
                "1, earns 50%): give one a weight of 1 (100%).",
                "weight",
                0,
            ),
        ),
        (
            QuestionSpec("single", (w(1, "a", True, 1.0), w(2, "b", True, 0.5))),
            Problem(
                "Choice 2 is ticked correct but earns 50%: in a single-choice question with "
                "weights the correct choices are those worth 100%.",
                "is_correct",
                1,
            ),
        ),
        (
            QuestionSpec("multiple", (w(1, "a", True, 1.0), w(2, "b", True, None))),
            Problem(
                "Choice 2 is ticked correct but has no weight while other choices have one: "
                "give every correct choice a weight, or clear all the weights.",
                "weight",
                1,
            ),
        ),
        (
            QuestionSpec("short_text", (w(1, "Paris", True, 0.5), w(2, "Lyon", False, 0.0))),
            Problem(
                "No answer of this short-text question earns full marks (the best, choice 1, "
                "earns 50%): give one a weight of 1 (100%).",
                "weight",
                0,
            ),
        ),
        (
            QuestionSpec("short_text", (w(1, "Paris", True, 1.0), w(2, "paris", True, 1.0))),
            Problem(
                "Choices 1 and 2 are the same answer ('paris'): the second could never match.",
                "text",
                1,
            ),
        ),
        (
            QuestionSpec("short_text", (w(1, "Paris", True, 1.0), w(2, "Nice", True, -0.5))),
            Problem("Choice 2's weight must be between 0 and 1 (it is -0.5).", "weight", 1),
        ),
        (
            QuestionSpec("single", (c(1, "a", True), c(2, "b")), case_sensitive=True),
            Problem(
                "Only short-text questions can be case-sensitive (this is a single-choice "
                "question).",
                "case_sensitive",
            ),
        ),
        (
            QuestionSpec(
                "numeric",
                numeric_answer=Decimal(1),
                numeric_answers=(num(1, "1", weight=0.5), num(2, "*", False)),
            ),
            Problem(
                "No numeric answer earns full marks: give one answer (not *) a weight of 1.",
                "weight",
                0,
            ),
        ),
        (
            QuestionSpec(
                "numeric", numeric_answer=Decimal(1), numeric_answers=(num(1, "one", True),)
            ),
            Problem(
                "Answer 1 ('one') is not a number; write a number such as 3.14, or * for any "
                "other number.",
                "text",
                0,
            ),
        ),
        (
            QuestionSpec(
                "numeric",
                numeric_answer=Decimal(2),
                numeric_answers=(num(1, "1.5", weight=1.0, tolerance="0.5"),),
            ),
            Problem(
                "The correct answer (2 ± 0) must be the first answer below that earns full "
                "marks (1.5 ± 0.5); clear it and it is filled in from the answers.",
                "numeric_answer",
            ),
        ),
    ],
)
def test_weighted_questions_name_the_choice_and_field_to_fix(q, problem):
    assert problem in question_problems(q)


def test_questions_with_fractions_that_reach_full_marks_are_valid():
    several = QuestionSpec(
        "single", (w(1, "a", True, 1.0), w(2, "b", True, 1.0), w(3, "c", False, 0.5))
    )
    gift_mixed = QuestionSpec(
        "multiple", (w(1, "a", False, None), w(2, "b", True, 0.5), w(3, "c", True, 0.5))
    )
    nazareth = QuestionSpec("short_text", (w(1, "Nazareth", True, 1.0), w(2, "*", False, 0.0)))
    rows = QuestionSpec(
        "numeric",
        numeric_answer=Decimal("1822"),
        tolerance=Decimal(0),
        numeric_answers=(
            num(1, "1822", weight=1.0),
            num(2, "1822", weight=0.5, tolerance="2"),
            num(3, "*", False, 0.0),
        ),
    )
    assert [validate_question(q) for q in (several, gift_mixed, nazareth, rows)] == [[]] * 4


def test_the_first_full_credit_numeric_answer_must_fit_the_correct_answer_field():
    q = QuestionSpec(
        "numeric",
        numeric_answer=Decimal("3.1415926"),
        numeric_answers=(num(1, "3.1415926", weight=1.0), num(2, "3.14159265", weight=0.5)),
    )
    assert validate_question(q) == [
        "Answer 1 (3.1415926) has more than 6 decimal places; the correct answer is kept "
        "to 6: round it."
    ]
