"""Grading single-choice, true/false and multiple-choice answers (pure, table-driven)."""

import itertools

import pytest

from learning.grading import (
    ChoiceSpec,
    GradeResult,
    InvalidResponse,
    QuestionSpec,
    grade,
    grade_multiple_choice,
    grade_single_choice,
    grade_true_false,
    validate_question,
)
from tests.learning.grading_cases import (
    ALL_CORRECT,
    HUGE,
    MULTIPLE,
    SINGLE,
    TRUE_FALSE,
)

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


def test_weights_are_ignored_unless_every_correct_choice_has_one():
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


# GIFT {~No one ~%50%Grant ~%50%Grant's wife ~Grant's father}: Moodle reads a plain ~ as 0 %.
GRANT = QuestionSpec(
    kind="multiple",
    choices=(
        ChoiceSpec(1, "No one", False),
        ChoiceSpec(2, "Grant", True, "", 0.5),
        ChoiceSpec(3, "Grant's wife", True, "", 0.5),
        ChoiceSpec(4, "Grant's father", False),
    ),
)


def test_mixed_weights_grade_as_moodle_reads_gift_every_selection():
    # Moodle: the clipped sum of the picked fractions, a weightless wrong choice counting 0.
    weights = {1: 0.0, 2: 0.5, 3: 0.5, 4: 0.0}
    for size in range(1, 5):
        for picked in itertools.combinations(weights, size):
            expected = min(1.0, sum(weights[i] for i in picked))
            assert grade(GRANT, {"choices": list(picked)}).score == expected, picked
    assert grade(GRANT, {"choices": [1, 2]}).score == 0.5  # was 0 under Pathwise's rule


@pytest.mark.parametrize(
    ("ids", "score", "feedback"),
    [
        ([1], 1.0, ("yes",)),
        ([2], 0.5, ("close",)),  # a weighted wrong answer earns its fraction
        ([3], 0.0, ("costs",)),  # Moodle would subtract 50 %; Pathwise never goes below 0
        ([4], 0.0, ()),
        ([5], 1.0, ()),  # a second answer worth 100 %
    ],
)
def test_single_choice_scores_the_picked_fraction(ids, score, feedback):
    spec = QuestionSpec(
        kind="single",
        choices=(
            ChoiceSpec(1, "best", True, "yes", 1.0),
            ChoiceSpec(2, "half", False, "close", 0.5),
            ChoiceSpec(3, "bad", False, "costs", -0.5),
            ChoiceSpec(4, "none", False, "", 0.0),
            ChoiceSpec(5, "also best", True, "", 1.0),
        ),
    )
    result = grade(spec, {"choices": ids})
    assert (result.score, result.is_correct, result.feedback) == (score, score == 1, feedback)


def test_a_seven_decimal_full_fraction_is_full_credit():
    spec = QuestionSpec(
        "single", (ChoiceSpec(1, "a", True, "", 0.9999999), ChoiceSpec(2, "b", False, "", 0.0))
    )
    assert grade(spec, {"choices": [1]}).is_correct


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
