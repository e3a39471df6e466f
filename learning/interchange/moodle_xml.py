"""Moodle XML question files: parser and writer.

Reads ``<quiz>`` files as Moodle's importer (question/format/xml/format.php) does:
``category`` switches, ``multichoice`` (``<single>``: "false", "0" or empty mean several
answers, anything else one), ``truefalse``, ``shortanswer`` (``<usecase>``: case-sensitive
matching), ``numerical`` (several answers with ``<tolerance>``, in order), every answer's
``fraction``, ``generalfeedback``, ``<hint>``, ``<tags>``, ``<idnumber>`` and the ``format``
attribute of ``questiontext``. Grading options (``defaultgrade``, ``penalty``,
``shuffleanswers``, combined feedback, units) are ignored. Every other type (essay, matching,
gapselect, ddwtos, ordering, multianswer/cloze, description, calculated...) is reported in
``ParseResult.skipped`` as "question N", N counting every ``<question>`` element from 1.
A question with a malformed answer raises ParseError naming it; every such question in the
file is listed, not just the first.

Files with a DOCTYPE or ENTITY declaration are rejected before parsing (entity expansion
attacks such as "billion laughs", external entities), so expat never sees one.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from decimal import Decimal, InvalidOperation

from learning.interchange.types import (
    FULL_CREDIT,
    MAX_HINTS,
    NUMERIC_CATCH_ALL,
    TRUE_FALSE_TEXTS,
    ChoiceDraft,
    ParseError,
    ParseResult,
    QuestionDraft,
    Skipped,
    category_from_moodle,
    draft_problems,
    first_full_numeric_choice,
    numeric_choice_text,
    split_numeric_choice_text,
    weight_from_percent,
)

_FORMATS_IN = {
    "html": "html",
    "moodle_auto_format": "moodle",
    "plain_text": "plain",
    "markdown": "markdown",
}
FORMATS_OUT = {value: key for key, value in _FORMATS_IN.items()}
_SUPPORTED = ("multichoice", "truefalse", "shortanswer", "numerical")
_DTD = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_ENCODING = re.compile(rb"""^<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


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


def _php_int(text: str) -> int:
    """PHP's ``(int)`` of a string, as Moodle stores ``<usecase>``: "1" is 1, "true" is 0."""
    match = re.match(r"\s*([+-]?[0-9]+)", text)
    return int(match.group(1)) if match else 0


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
    errors: list[str] = []
    for number, element in enumerate(root.iter("question"), start=1):
        qtype = element.get("type", "")
        if qtype == "category":
            category = category_from_moodle(_text(element.find("category")))
            continue
        reader = _XmlQuestion(element, f"question {number}", category, result)
        if qtype not in _SUPPORTED:
            reader.skip(qtype, f"{qtype or 'untyped'} questions are not supported")
            continue
        try:
            reader.read(qtype)
        except ParseError as error:
            errors.extend(error.errors)
    if errors:
        raise ParseError(errors)
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
        case_sensitive = False
        if qtype == "multichoice":
            # Moodle's trans_single: "false", "0" or empty is several answers; absent is one.
            single_text = (
                _text(self.element, "single") if self.element.find("single") is not None else "1"
            )
            single = single_text not in ("false", "0", "")
            kind = "single" if single else "multiple"
            choices = [
                ChoiceDraft(text, weight >= FULL_CREDIT if single else weight > 0, feedback, weight)
                for text, weight, feedback, _ in answers
            ]
        elif qtype == "truefalse":
            kind, choices = "true_false", self.true_false(answers)
        elif qtype == "shortanswer":
            kind = "short_text"
            choices = [ChoiceDraft(text, w > 0, fb, w) for text, w, fb, _ in answers]
            case_sensitive = _php_int(_text(self.element, "usecase")) != 0
        else:
            kind, choices = "numeric", self.numeric(answers)
            if (first := first_full_numeric_choice(tuple(choices))) is not None:
                numeric_answer, tolerance = split_numeric_choice_text(first.text)
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
            case_sensitive=case_sensitive,
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
            ChoiceDraft(label, by_text[label.lower()][0] >= FULL_CREDIT, by_text[label.lower()][1])
            for label in TRUE_FALSE_TEXTS
        ]

    def numeric(self, answers: list[tuple[str, float, str, ET.Element]]) -> list[ChoiceDraft]:
        choices = []
        for text, weight, feedback, element in answers:
            if text == NUMERIC_CATCH_ALL:
                choices.append(ChoiceDraft(text, weight > 0, feedback, weight))
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
