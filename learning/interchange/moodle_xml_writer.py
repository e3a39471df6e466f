"""Moodle XML writer: drafts to a ``<quiz>`` document Moodle imports as they grade here.

Every answer states its fraction (Moodle XML has no implied one): a Pathwise-rule
multiple-choice question gets the weights that grade it the same way
(:func:`explicit_weights`); short answers carry ``<usecase>``; numeric answers are written
in order, each with its tolerance, fraction and feedback.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from decimal import Decimal

from learning.interchange.moodle_xml import FORMATS_OUT
from learning.interchange.types import (
    NUMERIC_CATCH_ALL,
    ChoiceDraft,
    QuestionDraft,
    category_to_moodle,
    draft_problems,
    explicit_weights,
    numeric_choice_text,
    split_numeric_choice_text,
    weight_to_percent,
)


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = text
    return element


def _text_element(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    element = _sub(parent, tag, **attrs)
    _sub(element, "text", text)
    return element


def write_moodle_xml(questions: Iterable[QuestionDraft]) -> str:
    """A Moodle XML ``<quiz>`` document for the drafts (category switches included)."""
    quiz = ET.Element("quiz")
    category: tuple[str, ...] | None = None
    for question in map(explicit_weights, questions):
        if problems := draft_problems(question):
            raise ValueError(f"cannot write {question.source_ref or question.title!r}: {problems}")
        if question.category != category:
            category = question.category
            switch = _sub(quiz, "question", type="category")
            _text_element(switch, "category", category_to_moodle(category))
        _write_question(quiz, question)
    ET.indent(quiz)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, "unicode") + "\n"


def _write_question(quiz: ET.Element, question: QuestionDraft) -> None:
    qtype = {
        "single": "multichoice",
        "multiple": "multichoice",
        "true_false": "truefalse",
        "short_text": "shortanswer",
        "numeric": "numerical",
    }[question.kind]
    element = _sub(quiz, "question", type=qtype)
    text_format = FORMATS_OUT[question.prompt_format]
    _text_element(element, "name", question.title)
    _text_element(element, "questiontext", question.prompt, format=text_format)
    _text_element(element, "generalfeedback", question.explanation, format=text_format)
    _sub(element, "idnumber", question.external_id)
    if question.kind in ("single", "multiple"):
        _sub(element, "single", "true" if question.kind == "single" else "false")
        _sub(element, "shuffleanswers", "1")
        _write_answers(element, question, text_format, _choice_fractions(question))
    elif question.kind in ("true_false", "short_text"):
        if question.kind == "short_text":
            _sub(element, "usecase", "1" if question.case_sensitive else "0")
        fractions = [
            weight_to_percent(choice.weight)
            if choice.weight is not None
            else ("100" if choice.is_correct else "0")
            for choice in question.choices
        ]
        _write_answers(element, question, text_format, fractions)
    else:
        _write_numeric(element, question, text_format)
    for hint in question.hints:
        _text_element(element, "hint", hint, format=text_format)
    if question.tags:
        tags = _sub(element, "tags")
        for tag in question.tags:
            _text_element(tags, "tag", tag)


def _choice_fractions(question: QuestionDraft) -> list[str]:
    correct = sum(1 for choice in question.choices if choice.is_correct)
    fractions = []
    for choice in question.choices:
        if choice.weight is not None:
            fractions.append(weight_to_percent(choice.weight))
        elif not choice.is_correct:
            fractions.append("0")
        elif question.kind == "single":
            fractions.append("100")
        else:  # Moodle wants the positive fractions of a multiple-answer question to add to 100
            fractions.append(format(Decimal(100) / correct, ".7f").rstrip("0").rstrip("."))
    return fractions


def _write_answers(
    element: ET.Element, question: QuestionDraft, text_format: str, fractions: list[str]
) -> None:
    for choice, fraction in zip(question.choices, fractions, strict=True):
        text = choice.text.lower() if question.kind == "true_false" else choice.text
        answer = _text_element(element, "answer", text, fraction=fraction, format=text_format)
        _text_element(answer, "feedback", choice.feedback, format=text_format)


def _write_numeric(element: ET.Element, question: QuestionDraft, text_format: str) -> None:
    choices = question.choices or (
        ChoiceDraft(numeric_choice_text(question.numeric_answer, question.tolerance), True),
    )
    for choice in choices:
        if choice.weight is not None:
            fraction = weight_to_percent(choice.weight)
        else:
            fraction = "100" if choice.is_correct else "0"
        parsed = split_numeric_choice_text(choice.text)
        value, tolerance = (NUMERIC_CATCH_ALL, "0") if parsed is None else map(str, parsed)
        answer = _text_element(element, "answer", value, fraction=fraction, format=text_format)
        _sub(answer, "tolerance", tolerance)
        _text_element(answer, "feedback", choice.feedback, format=text_format)
