"""Pathwise's own question-bank JSON: strict parser and writer.

Schema (version 1)::

    {
      "format": "pathwise-questions",
      "version": 1,
      "questions": [
        {
          "kind": "single" | "multiple" | "true_false" | "numeric" | "short_text",  (required)
          "title": str,                                                           (required)
          "prompt": str,                                                          (required)
          "prompt_format": "html" | "markdown" | "plain" | "moodle",     (default "markdown")
          "explanation": str,                                                  (default "")
          "hints": [str, ...],                                        (at most 3; default [])
          "tags": [str, ...],                                                  (default [])
          "category": [str, ...],              (path of category names; default [] = top)
          "external_id": str,                                                  (default "")
          "case_sensitive": bool,                     (short text only; default false)
          "language": str,          (BCP 47 tag, e.g. "es"; default "" = the target subject's)
          "choices": [                            (choice kinds; numeric: optional answers)
            {"text": str, "is_correct": bool, "feedback": str = "",
             "weight": number in -1..1 | null = null}
          ],
          "numeric_answer": str | int | null,   (decimal as a string, e.g. "3.14"; numeric only)
          "tolerance": str | int                           (absolute, >= 0; default "0")
        }
      ]
    }

Kind rules are those of :func:`learning.interchange.types.draft_problems` (single: one correct
choice; true_false: choices "True" and "False"; numeric choices are "<value>:<tolerance>" or
"*", in Moodle's order: the first that matches wins). A weight is the answer's fraction of the
mark; ``null`` keeps Pathwise's own rules (see :mod:`learning.grading`). Unknown keys are
errors, so a typo never passes silently. Every error names the question index and field, e.g.
``questions[2].choices[0].is_correct: expected true or false``; every question is checked, and
all the errors found are reported together.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from core.languages import canonical_language_tag
from learning.interchange.types import (
    KINDS,
    PROMPT_FORMATS,
    ChoiceDraft,
    ParseError,
    ParseResult,
    QuestionDraft,
    draft_problems,
)

FORMAT_NAME = "pathwise-questions"
VERSION = 1
_REQUIRED = ("kind", "title", "prompt")
_OPTIONAL = {
    "prompt_format": "markdown",
    "explanation": "",
    "hints": [],
    "tags": [],
    "category": [],
    "external_id": "",
    "case_sensitive": False,
    "language": "",
    "choices": [],
    "numeric_answer": None,
    "tolerance": "0",
}
_CHOICE_KEYS = {"text", "is_correct", "feedback", "weight"}


def parse_pathwise_json(text: str | bytes) -> ParseResult:
    """Validate and read a Pathwise JSON question bank; raise ParseError on any defect."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise ParseError(f"line {error.lineno}, column {error.colno}: {error.msg}") from None
    if not isinstance(document, dict):
        raise ParseError("the document must be a JSON object")
    if document.get("format") != FORMAT_NAME:
        raise ParseError(f'"format" must be "{FORMAT_NAME}", not {document.get("format")!r}')
    if document.get("version") != VERSION:
        raise ParseError(f'"version" {document.get("version")!r} is not supported (expected 1)')
    if extra := set(document) - {"format", "version", "questions"}:
        raise ParseError(f"unknown top-level keys: {', '.join(sorted(extra))}")
    questions = document.get("questions")
    if not isinstance(questions, list):
        raise ParseError('"questions" must be a list')
    result = ParseResult()
    errors: list[str] = []
    for index, item in enumerate(questions):
        try:
            result.questions.append(_question(item, index))
        except ParseError as error:
            errors.extend(error.errors)
    if errors:
        raise ParseError(errors)
    if not result.questions:
        result.warnings.append("no questions found")
    return result


def _fail(where: str, message: str) -> ParseError:
    return ParseError(f"{where}: {message}")


def _string(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise _fail(where, f"expected a string, got {type(value).__name__}")
    return value


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise _fail(where, "expected a list of strings")
    return tuple(_string(item, f"{where}[{index}]") for index, item in enumerate(value))


def _decimal(value: Any, where: str) -> Decimal:
    # Floats are refused: 0.1 in JSON is not 0.1 once a float, and answers must be exact.
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise _fail(where, 'expected a decimal string such as "3.14" (or an integer)')
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise _fail(where, f"{value!r} is not a decimal number") from None
    if not number.is_finite():
        raise _fail(where, f"{value!r} is not a finite number")
    return number


def _language(value: Any, where: str) -> str:
    text = _string(value, where)
    if not text:
        return ""
    tag = canonical_language_tag(text)
    if tag is None:
        raise _fail(where, f"{text!r} is not a BCP 47 language tag such as en, es or fr-CA")
    return tag


def _choice(value: Any, where: str) -> ChoiceDraft:
    if not isinstance(value, dict):
        raise _fail(where, "expected an object")
    if extra := set(value) - _CHOICE_KEYS:
        raise _fail(where, f"unknown keys: {', '.join(sorted(extra))}")
    if "text" not in value or "is_correct" not in value:
        raise _fail(where, '"text" and "is_correct" are required')
    if not isinstance(value["is_correct"], bool):
        raise _fail(f"{where}.is_correct", "expected true or false")
    weight = value.get("weight")
    if weight is not None:
        if isinstance(weight, bool) or not isinstance(weight, int | float):
            raise _fail(f"{where}.weight", "expected a number or null")
        if not -1 <= weight <= 1:
            raise _fail(f"{where}.weight", f"{weight} is outside -1..1")
        weight = float(weight)
    return ChoiceDraft(
        text=_string(value["text"], f"{where}.text"),
        is_correct=value["is_correct"],
        feedback=_string(value.get("feedback", ""), f"{where}.feedback"),
        weight=weight,
    )


class _Collector:
    """Runs each field's check on its own, so one bad field does not hide the next."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def take(self, check: Any, *args: Any) -> Any:
        try:
            return check(*args)
        except ParseError as error:
            self.errors.extend(error.errors)
            return None


def _kind(value: Any, where: str) -> str:
    kind = _string(value, where)
    if kind not in KINDS:
        raise _fail(where, f"{kind!r} is not one of {', '.join(KINDS)}")
    return kind


def _prompt_format(value: Any, where: str) -> str:
    prompt_format = _string(value, where)
    if prompt_format not in PROMPT_FORMATS:
        raise _fail(where, f"{prompt_format!r} is not one of {PROMPT_FORMATS}")
    return prompt_format


def _choices(value: Any, where: str, collector: _Collector) -> tuple[ChoiceDraft, ...]:
    if not isinstance(value, list):
        raise _fail(where, "expected a list")
    taken = [collector.take(_choice, item, f"{where}[{n}]") for n, item in enumerate(value)]
    return tuple(choice for choice in taken if choice is not None)


def _boolean(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise _fail(where, "expected true or false")
    return value


def _question(value: Any, index: int) -> QuestionDraft:
    where = f"questions[{index}]"
    if not isinstance(value, dict):
        raise _fail(where, "expected an object")
    if missing := [key for key in _REQUIRED if key not in value]:
        raise _fail(where, f"missing required keys: {', '.join(missing)}")
    if extra := set(value) - set(_REQUIRED) - set(_OPTIONAL):
        raise _fail(where, f"unknown keys: {', '.join(sorted(extra))}")
    item = {**_OPTIONAL, **value}
    c = _Collector()
    numeric_answer = item["numeric_answer"]
    fields = {
        "kind": c.take(_kind, item["kind"], f"{where}.kind"),
        "title": c.take(_string, item["title"], f"{where}.title"),
        "prompt": c.take(_string, item["prompt"], f"{where}.prompt"),
        "prompt_format": c.take(_prompt_format, item["prompt_format"], f"{where}.prompt_format"),
        "explanation": c.take(_string, item["explanation"], f"{where}.explanation"),
        "choices": c.take(_choices, item["choices"], f"{where}.choices", c),
        "numeric_answer": None
        if numeric_answer is None
        else c.take(_decimal, numeric_answer, f"{where}.numeric_answer"),
        "tolerance": c.take(_decimal, item["tolerance"], f"{where}.tolerance"),
        "external_id": c.take(_string, item["external_id"], f"{where}.external_id"),
        "tags": c.take(_strings, item["tags"], f"{where}.tags"),
        "category": c.take(_strings, item["category"], f"{where}.category"),
        "hints": c.take(_strings, item["hints"], f"{where}.hints"),
        "case_sensitive": c.take(_boolean, item["case_sensitive"], f"{where}.case_sensitive"),
        "language": c.take(_language, item["language"], f"{where}.language"),
    }
    if c.errors:
        raise ParseError(c.errors)
    draft = QuestionDraft(**fields, source_ref=f"question {index + 1}")
    if problems := draft_problems(draft):
        raise _fail(where, "; ".join(problems))
    return draft


def write_pathwise_json(questions: Iterable[QuestionDraft]) -> str:
    """The JSON document for the drafts (every field written, decimals as strings)."""
    items = []
    for question in questions:
        if problems := draft_problems(question):
            raise ValueError(f"cannot write {question.source_ref or question.title!r}: {problems}")
        items.append(
            {
                "kind": question.kind,
                "title": question.title,
                "prompt": question.prompt,
                "prompt_format": question.prompt_format,
                "explanation": question.explanation,
                "hints": list(question.hints),
                "tags": list(question.tags),
                "category": list(question.category),
                "external_id": question.external_id,
                "case_sensitive": question.case_sensitive,
                "language": question.language,
                "choices": [
                    {
                        "text": choice.text,
                        "is_correct": choice.is_correct,
                        "feedback": choice.feedback,
                        "weight": choice.weight,
                    }
                    for choice in question.choices
                ],
                "numeric_answer": (
                    None if question.numeric_answer is None else str(question.numeric_answer)
                ),
                "tolerance": str(question.tolerance),
            }
        )
    document = {"format": FORMAT_NAME, "version": VERSION, "questions": items}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
