"""Pathwise JSON: a strict schema whose every error names the question and field."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from learning.interchange import (
    ParseError,
    parse_pathwise_json,
    write_pathwise_json,
)

# --- Pathwise JSON --------------------------------------------------------------------------


def pathwise(*questions: dict) -> str:
    return json.dumps({"format": "pathwise-questions", "version": 1, "questions": list(questions)})


def test_pathwise_json_reads_defaults_and_decimals():
    [question] = parse_pathwise_json(
        pathwise(
            {
                "kind": "numeric",
                "title": "g",
                "prompt": "Gravity at sea level, m/s²?",
                "numeric_answer": "9.81",
                "tolerance": "0.05",
                "hints": ["About ten."],
            }
        )
    ).questions
    assert (question.numeric_answer, question.tolerance) == (Decimal("9.81"), Decimal("0.05"))
    assert (question.prompt_format, question.choices, question.source_ref) == (
        "markdown",
        (),
        "question 1",
    )


VALID_SINGLE = {
    "kind": "single",
    "title": "t",
    "prompt": "p",
    "choices": [{"text": "a", "is_correct": True}, {"text": "b", "is_correct": False}],
}


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ('{"format": "pathwise-questions", "version": 1,\n "questions": [}', r"^line 2, column"),
        ('{"format": "gift", "version": 1, "questions": []}', '"format" must be'),
        ('{"format": "pathwise-questions", "version": 2, "questions": []}', "version"),
        (
            pathwise(VALID_SINGLE, {"kind": "single", "title": "t"}),
            r"questions\[1\]: missing.*prompt",
        ),
        (pathwise({**VALID_SINGLE, "kind": "essay"}), r"questions\[0\]\.kind: 'essay'"),
        (pathwise({**VALID_SINGLE, "dificulty": 3}), r"questions\[0\]: unknown keys: dificulty"),
        (
            pathwise({**VALID_SINGLE, "choices": [{"text": "a", "is_correct": "yes"}]}),
            r"questions\[0\]\.choices\[0\]\.is_correct: expected true or false",
        ),
        (
            pathwise({**VALID_SINGLE, "choices": [{"text": "a", "is_correct": True, "weight": 2}]}),
            r"questions\[0\]\.choices\[0\]\.weight: 2 is outside",
        ),
        (
            pathwise({**VALID_SINGLE, "choices": [{"text": "a", "is_correct": False}] * 2}),
            r"questions\[0\]: a single-answer question needs a correct choice",
        ),
        (
            pathwise({**VALID_SINGLE, "case_sensitive": 1}),
            r"questions\[0\]\.case_sensitive: expected true or false",
        ),
        (
            pathwise({"kind": "numeric", "title": "t", "prompt": "p", "numeric_answer": 0.1}),
            r"questions\[0\]\.numeric_answer: expected a decimal string",
        ),
        (pathwise({**VALID_SINGLE, "hints": ["1", "2", "3", "4"]}), "4 hints, at most 3"),
        (pathwise({**VALID_SINGLE, "tags": "a,b"}), r"questions\[0\]\.tags: expected a list"),
    ],
)
def test_pathwise_json_errors_name_the_question_and_field(document, message):
    with pytest.raises(ParseError, match=message):
        parse_pathwise_json(document)


def test_pathwise_json_reports_every_bad_field_of_every_question():
    document = pathwise(
        {**VALID_SINGLE, "title": 7, "tags": "a,b"},
        VALID_SINGLE,
        {**VALID_SINGLE, "kind": "essay"},
    )
    with pytest.raises(ParseError) as caught:
        parse_pathwise_json(document)
    assert caught.value.errors == [
        "questions[0].title: expected a string, got int",
        "questions[0].tags: expected a list of strings",
        "questions[2].kind: 'essay' is not one of "
        "single, multiple, true_false, numeric, short_text",
    ]


def test_pathwise_json_keeps_case_sensitivity():
    short = {**VALID_SINGLE, "kind": "short_text", "case_sensitive": True}
    [question] = parse_pathwise_json(pathwise(short)).questions
    assert question.case_sensitive
    assert json.loads(write_pathwise_json([question]))["questions"][0]["case_sensitive"] is True
