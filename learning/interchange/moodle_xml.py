"""Moodle XML question files: parser and writer.

Reads ``<quiz>`` files as Moodle exports them: ``category`` switches, ``multichoice``
(``<single>`` true/false), ``truefalse``, ``shortanswer``, ``numerical`` (several answers with
``<tolerance>``), ``generalfeedback``, ``<hint>``, ``<tags>``, ``<idnumber>`` and the
``format`` attribute of ``questiontext``. Grading options (``defaultgrade``, ``penalty``,
``shuffleanswers``, combined feedback, units) are ignored. Every other type (essay, matching,
gapselect, ddwtos, ordering, multianswer/cloze, description, calculated...) is reported in
``ParseResult.skipped`` as "question N", N counting every ``<question>`` element from 1.

Files with a DOCTYPE or ENTITY declaration are rejected before parsing (entity expansion
attacks such as "billion laughs", external entities), so expat never sees one.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from learning.interchange.types import (
    MAX_HINTS,
    NUMERIC_CATCH_ALL,
    TRUE_FALSE_TEXTS,
    ChoiceDraft,
    ParseError,
    ParseResult,
    QuestionDraft,
    Skipped,
    best_numeric_choice,
    category_from_moodle,
    category_to_moodle,
    draft_problems,
    numeric_choice_text,
    split_numeric_choice_text,
    weight_from_percent,
    weight_to_percent,
)

_FORMATS_IN = {
    "html": "html",
    "moodle_auto_format": "moodle",
    "plain_text": "plain",
    "markdown": "markdown",
}
_FORMATS_OUT = {value: key for key, value in _FORMATS_IN.items()}
_SUPPORTED = ("multichoice", "truefalse", "shortanswer", "numerical")
_DTD = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_ENCODING = re.compile(rb"""^<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_FULL_CREDIT = 0.9999999  # Moodle stores fractions with 7 decimals


def _decode(data: bytes | str) -> str:
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    elif data.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
    elif match := _ENCODING.match(data):
        encoding = match.group(1).decode("ascii")
    else:
        encoding = "utf-8"
    try:
        return data.decode(encoding)
    except (LookupError, UnicodeDecodeError) as error:
        raise ParseError(f"cannot decode the file as {encoding}: {error}") from None


def _check_safe(text: str) -> None:
    if match := _DTD.search(text):
        line = text.count("\n", 0, match.start()) + 1
        raise ParseError(
            f"line {line}: {match.group(1).upper()} declarations are not accepted "
            "(entity expansion and external entities are a security risk)"
        )


def _text(element: ET.Element | None, path: str = "text") -> str:
    if element is None:
        return ""
    found = element.find(path)
    return (found.text or "").strip() if found is not None else ""


def parse_moodle_xml(data: bytes | str) -> ParseResult:
    """Parse a Moodle XML ``<quiz>`` file; see the module docstring for what is supported."""
    text = _decode(data)
    _check_safe(text)
    # The declared encoding was applied above; expat must not apply it a second time.
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    try:
        root = ET.fromstring(text)  # noqa: S314 - DTDs rejected above, so no entities exist
    except ET.ParseError as error:
        line, column = error.position
        raise ParseError(f"line {line}, column {column + 1}: malformed XML ({error})") from None
    if root.tag != "quiz":
        raise ParseError(f"the root element is <{root.tag}>, a Moodle XML file has <quiz>")
    result = ParseResult()
    category: tuple[str, ...] = ()
    for number, element in enumerate(root.iter("question"), start=1):
        qtype = element.get("type", "")
        if qtype == "category":
            category = category_from_moodle(_text(element.find("category")))
            continue
        reader = _XmlQuestion(element, f"question {number}", category, result)
        if qtype not in _SUPPORTED:
            reader.skip(qtype, f"{qtype or 'untyped'} questions are not supported")
            continue
        reader.read(qtype)
    if not result.questions and not result.skipped:
        result.warnings.append("no questions found")
    return result


class _XmlQuestion:
    def __init__(
        self, element: ET.Element, where: str, category: tuple[str, ...], result: ParseResult
    ) -> None:
        self.element = element
        self.where = where
        self.category = category
        self.result = result
        self.title = " ".join(_text(element.find("name")).split())

    def skip(self, qtype: str, reason: str) -> None:
        self.result.skipped.append(Skipped(self.where, qtype, self.title, reason))

    def error(self, message: str) -> ParseError:
        return ParseError(f"{self.where} ({self.title or 'untitled'}): {message}")

    def read(self, qtype: str) -> None:
        questiontext = self.element.find("questiontext")
        raw_format = (
            questiontext.get("format", "moodle_auto_format")
            if questiontext is not None
            else "moodle_auto_format"
        )
        prompt_format = _FORMATS_IN.get(raw_format)
        if prompt_format is None:
            self.result.warnings.append(f"{self.where}: unknown text format {raw_format!r}")
            prompt_format = "moodle"
        answers = [self.answer(answer) for answer in self.element.findall("answer")]
        numeric_answer, tolerance = None, Decimal(0)
        if qtype == "multichoice":
            single = _text(self.element, "single").lower() not in ("false", "0")
            kind = "single" if single else "multiple"
            choices = [
                ChoiceDraft(
                    text,
                    weight >= _FULL_CREDIT if single else weight > 0,
                    feedback,
                    weight,
                )
                for text, weight, feedback, _ in answers
            ]
        elif qtype == "truefalse":
            kind, choices = "true_false", self.true_false(answers)
        elif qtype == "shortanswer":
            kind = "short_text"
            choices = [ChoiceDraft(text, w > 0, fb, w) for text, w, fb, _ in answers]
        else:
            kind, choices = "numeric", self.numeric(answers)
            if (best := best_numeric_choice(tuple(choices))) is not None:
                numeric_answer, tolerance = split_numeric_choice_text(best.text)
        hints = [_text(hint) for hint in self.element.findall("hint")]
        hints = [hint for hint in hints if hint]
        if len(hints) > MAX_HINTS:
            self.result.warnings.append(
                f"{self.where}: {len(hints)} hints, only the first {MAX_HINTS} are kept"
            )
        tags = [_text(tag) for tag in self.element.findall("tags/tag")]
        draft = QuestionDraft(
            kind=kind,
            title=self.title,
            prompt=_text(questiontext),
            prompt_format=prompt_format,
            explanation=_text(self.element.find("generalfeedback")),
            choices=tuple(choices),
            numeric_answer=numeric_answer,
            tolerance=tolerance,
            external_id=_text(self.element, "idnumber"),
            tags=tuple(dict.fromkeys(tag for tag in tags if tag)),
            category=self.category,
            source_ref=self.where,
            hints=tuple(hints[:MAX_HINTS]),
        )
        if problems := draft_problems(draft):
            self.skip(qtype, "; ".join(problems))
        else:
            self.result.questions.append(draft)

    def answer(self, answer: ET.Element) -> tuple[str, float, str, ET.Element]:
        fraction = answer.get("fraction", "0")
        try:
            weight = weight_from_percent(fraction)
        except ValueError as error:
            raise self.error(f"answer fraction: {error}") from None
        return _text(answer), weight, _text(answer.find("feedback")), answer

    def true_false(self, answers: list[tuple[str, float, str, ET.Element]]) -> list[ChoiceDraft]:
        by_text = {text.lower(): (weight, feedback) for text, weight, feedback, _ in answers}
        if len(answers) != 2 or set(by_text) != {"true", "false"}:
            raise self.error("a truefalse question has exactly the answers 'true' and 'false'")
        return [
            ChoiceDraft(label, by_text[label.lower()][0] >= _FULL_CREDIT, by_text[label.lower()][1])
            for label in TRUE_FALSE_TEXTS
        ]

    def numeric(self, answers: list[tuple[str, float, str, ET.Element]]) -> list[ChoiceDraft]:
        choices = []
        for text, weight, feedback, element in answers:
            if text == NUMERIC_CATCH_ALL:
                choices.append(ChoiceDraft(text, False, feedback, weight))
                continue
            try:
                value, tolerance = Decimal(text), Decimal(_text(element, "tolerance") or "0")
            except InvalidOperation:
                raise self.error(f"numerical answer {text!r} is not a number") from None
            if not value.is_finite() or not tolerance.is_finite() or tolerance < 0:
                raise self.error(f"numerical answer {text!r}: bad value or tolerance")
            choices.append(
                ChoiceDraft(
                    numeric_choice_text(value, abs(tolerance)), weight > 0, feedback, weight
                )
            )
        if self.element.find("units/unit") is not None:
            self.result.warnings.append(f"{self.where}: units are ignored")
        return choices


# --- writer -------------------------------------------------------------------------------


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
    for question in questions:
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
    text_format = _FORMATS_OUT[question.prompt_format]
    _text_element(element, "name", question.title)
    _text_element(element, "questiontext", question.prompt, format=text_format)
    _text_element(element, "generalfeedback", question.explanation, format=text_format)
    _sub(element, "idnumber", question.external_id)
    if question.kind in ("single", "multiple"):
        _sub(element, "single", "true" if question.kind == "single" else "false")
        _sub(element, "shuffleanswers", "1")
        _write_answers(element, question, text_format, _choice_fractions(question))
    elif question.kind in ("true_false", "short_text"):
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
