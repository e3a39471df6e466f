"""Grading short-text answers: Pathwise's lenient rule and Moodle's first match."""

import pytest

from learning.grading import (
    MAX_TEXT_LENGTH,
    ChoiceSpec,
    InvalidResponse,
    QuestionSpec,
    grade,
    grade_short_text,
    normalise_text,
)
from tests.learning.grading_cases import (
    CAFE,
    HALF,
    HUGE,
    SHORT,
)

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


# --- Moodle's rule: any answer has a weight -------------------------------------------


def sa(*answers, case_sensitive=False):
    choices = tuple(
        ChoiceSpec(i, text, weight > 0, feedback, weight)
        for i, (text, weight, feedback) in enumerate(answers, start=1)
    )
    return QuestionSpec("short_text", choices, case_sensitive=case_sensitive)


NAZARETH = sa(
    ("Nazareth", 1.0, "Yes! That's right!"),
    ("Nazereth", 0.75, "Right, but misspelled."),
    ("Bethlehem", 0.25, "He was born here, but not raised here."),
)
SELECT = sa(
    ("SELECT", 1.0, "Yes."), ("SEL*", 0.5, "Nearly."), ("*", 0.0, "No."), case_sensitive=True
)
ANIMAL = sa(("Frog", 1.0, "Good!"), ("Cat", 0.5, "Cats?"), ("*", 0.0, "Completely wrong"))
STARS = sa(("a\\*b", 1.0, "literal"), ("a*", 0.5, "starts with a"), ("New York", 1.0, ""))


@pytest.mark.parametrize(
    ("q", "text", "score", "feedback"),
    [
        (NAZARETH, "nazareth", 1.0, ("Yes! That's right!",)),  # case ignored
        (NAZARETH, "  Nazereth\t", 0.75, ("Right, but misspelled.",)),  # per-answer fraction
        (NAZARETH, "Bethlehem", 0.25, ("He was born here, but not raised here.",)),
        (NAZARETH, "Nazareth.", 0.0, ()),  # punctuation counts in Moodle
        (SELECT, "SELECT", 1.0, ("Yes.",)),
        (SELECT, "select", 0.0, ("No.",)),  # <usecase>1</usecase>: the finding's example
        (SELECT, "SELECTED", 0.5, ("Nearly.",)),  # first matching answer: SEL*
        (ANIMAL, "frog", 1.0, ("Good!",)),
        (ANIMAL, "dog", 0.0, ("Completely wrong",)),  # the catch-all keeps its feedback
        (STARS, "a*b", 1.0, ("literal",)),  # \\* is a literal star
        (STARS, "ab", 0.5, ("starts with a",)),
        (STARS, "new york", 1.0, ()),
        (STARS, "new  york", 0.0, ()),  # spaces inside are not collapsed
    ],
)
def test_moodle_rule_first_matching_answer_wins(q, text, score, feedback):
    result = grade(q, {"value": text})
    assert (result.score, result.is_correct, result.feedback) == (score, score == 1, feedback)


def test_moodle_rule_trims_only_what_php_trims():
    assert grade(NAZARETH, {"value": "\u00a0Nazareth"}).score == 0.0  # NBSP is not trimmed
    with pytest.raises(InvalidResponse, match="Please type an answer"):
        grade(NAZARETH, {"value": " \t\n"})


def test_case_sensitive_pathwise_rule_keeps_its_leniency_but_not_for_case():
    q = QuestionSpec("short_text", (ChoiceSpec(1, "pH", True),), case_sensitive=True)
    assert grade(q, {"value": " pH. "}).is_correct
    assert not grade(q, {"value": "PH"}).is_correct
