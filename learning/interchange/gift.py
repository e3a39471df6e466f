"""GIFT (Moodle's plain-text question format): parser and writer.

Follows Moodle's own importer (question/format/gift/format.php) and the GIFT documentation:
questions are separated by blank lines; ``//`` lines are comments (Moodle 4.x reads
``[id:...]`` and ``[tag:...]`` from them); ``::title::``; ``[html]``/``[markdown]``/``[plain]``/
``[moodle]`` text formats; escapes ``\\~ \\= \\# \\{ \\} \\: \\n`` and ``\\\\``. The question type
follows from the answer block as in Moodle: none -> description, empty -> essay, ``#`` ->
numerical, any ``~`` -> multiple choice, ``=`` with ``->`` -> matching, T/TRUE/F/FALSE ->
true/false, otherwise short answer. An answer block inside the text leaves a "_____" blank.

Multiple choice follows Moodle's reading exactly: any answer written with ``=`` makes it
``single`` (radio buttons), each ``=`` answer worth 100 % (a ``%n%`` right after ``=`` is not a
weight: Moodle keeps it in the answer's text, and so do we, with a warning); other answers are
``~`` (0 %) or ``~%n%``. Without any ``=`` it is ``multiple``, graded by adding the picked
weights, a plain ``~`` counting 0 %. Short answers and numeric answers are ``=`` (100 %) or
``=%n%``; a numeric ``~#feedback`` is the catch-all ``*`` answer at 0 %.

Matching, essay, description, several answer blocks in one question, and questions without any
full-credit answer are reported in ``ParseResult.skipped``. Malformed input raises ParseError
listing every malformed question (each block is read on its own), with its line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from learning.interchange.types import (
    FULL_CREDIT,
    NUMERIC_CATCH_ALL,
    ChoiceDraft,
    ParseError,
    ParseResult,
    QuestionDraft,
    Skipped,
    category_from_moodle,
    draft_problems,
    effective_weight,
    first_full_numeric_choice,
    numeric_choice_text,
    split_numeric_choice_text,
    weight_from_percent,
)

# Escaped characters become private-use placeholders while the structure is parsed.
_ESCAPABLE = "\\:#={}~n"
_PLACEHOLDER = {char: chr(0xE000 + index) for index, char in enumerate(_ESCAPABLE)}
_RESTORE = str.maketrans(
    {chr(0xE000 + index): ("\n" if char == "n" else char) for index, char in enumerate(_ESCAPABLE)}
)
_PRIVATE_USE = re.compile("[\ue000-\ue007]")
_ESCAPE = re.compile(r"\\([\\:#={}~n])")
WEIGHT_MARK = re.compile(r"^%(-?\d+(?:\.\d*)?)%")
FORMAT_MARK = re.compile(r"^\[(html|markdown|plain|moodle)\]")
_ID = re.compile(r"\[id:((?:\\\]|[^\]\[])+?)\]")
_TAG = re.compile(r"\[tag:((?:\\\]|[^\]\[])+?)\]")
_TRUE = ("T", "TRUE")
_FALSE = ("F", "FALSE")
_BLANK = "_____"


@dataclass
class _Block:
    """One question's lines: ``text`` has comments blanked and escapes replaced."""

    first_line: int
    text: str
    comments: str

    def line_at(self, position: int) -> int:
        return self.first_line + self.text.count("\n", 0, position)


def _restore(text: str) -> str:
    return text.translate(_RESTORE)


def _blocks(text: str) -> Iterable[_Block]:
    """Questions are runs of non-blank lines; each line is trimmed, as Moodle does
    (qformat_default ``readquestions``), so a trailing "  " never reaches an answer."""
    current: list[str] = []
    comments: list[str] = []
    first = 0
    for number, line in enumerate([*text.splitlines(), ""], start=1):
        if not line.strip():
            if current:
                yield _Block(first, "\n".join(current), "\n".join(comments))
            current, comments = [], []
            continue
        if not current:
            first = number
        if line.lstrip().startswith("//"):
            comments.append(line)
            current.append("")
        else:
            current.append(_ESCAPE.sub(lambda match: _PLACEHOLDER[match.group(1)], line.strip()))


def parse_gift(text: str) -> ParseResult:
    """Parse a GIFT file; see the module docstring for what is supported."""
    text = text.removeprefix("\ufeff")
    if match := _PRIVATE_USE.search(text):
        line = text.count("\n", 0, match.start()) + 1
        raise ParseError(f"line {line}: unexpected private-use character U+{ord(match[0]):04X}")
    result = ParseResult()
    category: tuple[str, ...] = ()
    errors: list[str] = []
    for block in _blocks(text):
        body = block.text
        start = len(body) - len(body.lstrip())
        if not body.strip():
            continue  # comments only
        if body.startswith("$CATEGORY:", start):
            end = body.find("\n", start)
            end = len(body) if end == -1 else end
            category = category_from_moodle(_restore(body[start + len("$CATEGORY:") : end]))
            if not body[end:].strip():
                continue
            blanked = re.sub(r"[^\n]", " ", body[:end])  # keeps line numbers right
            block = _Block(block.first_line, blanked + body[end:], block.comments)
        try:
            _GiftQuestion(block, category, result).parse()
        except ParseError as error:
            errors.extend(error.errors)  # the next blank line starts afresh: keep reading
    if errors:
        raise ParseError(errors)
    if not result.questions and not result.skipped:
        result.warnings.append("no questions found")
    return result


class _GiftQuestion:
    def __init__(self, block: _Block, category: tuple[str, ...], result: ParseResult) -> None:
        self.block = block
        self.category = category
        self.result = result
        self.title = ""
        self.prompt_format = "moodle"

    @property
    def where(self) -> str:
        return f"line {self.line}"

    def error(self, message: str, position: int | None = None) -> ParseError:
        line = self.line if position is None else self.block.line_at(position)
        return ParseError(f"line {line}: {message}")

    def warn(self, message: str) -> None:
        self.result.warnings.append(f"{self.where}: {message}")

    def skip(self, qtype: str, reason: str) -> None:
        self.result.skipped.append(Skipped(self.where, qtype, self.title, reason))

    def parse(self) -> None:
        text = self.block.text
        position = len(text) - len(text.lstrip())
        self.line = self.block.line_at(position)
        if text.startswith("::", position):
            end = text.find("::", position + 2)
            if end == -1:
                self.warn("'::' opens a title that is never closed; read as question text")
                position += 2
            else:
                self.title = " ".join(_restore(text[position + 2 : end]).split())
                position = end + 2
        opening = text.find("{", position)
        closing = text.find("}", position)
        if opening == -1 and closing == -1:
            self.prompt_format, _ = self.text_with_format(text[position:], "moodle")
            self.skip("description", "description items (text without an answer) are not questions")
            return
        if closing == -1:
            raise self.error("'{' is never closed by '}' (write \\{ for a literal brace)", opening)
        if opening == -1 or closing < opening:
            raise self.error("'}' without a matching '{' (write \\} for a literal brace)", closing)
        if (nested := text.find("{", opening + 1, closing)) != -1:
            raise self.error("'{' inside an answer block (write \\{ for a literal brace)", nested)
        after = text[closing + 1 :]
        if "{" in after:
            self.skip("cloze", "several answer blocks in one question (embedded answers)")
            return
        if "}" in after:
            raise self.error("'}' without a matching '{'", closing + 1 + after.index("}"))
        answer = text[opening + 1 : closing].strip()
        stem = text[position:opening] + (_BLANK if after.strip() else "") + after
        self.prompt_format, prompt = self.text_with_format(stem, "moodle")
        explanation = ""
        if (separator := answer.rfind("####")) != -1:
            explanation = self.text(answer[separator + 4 :], "general feedback")
            answer = answer[:separator].strip()
        self.answer_position = opening

        if not answer:
            self.skip("essay", "essay questions are not supported")
            return
        if answer.startswith("#"):
            kind, choices = "numeric", self.numeric(answer[1:])
        elif "~" in answer:
            kind, choices = self.multichoice(answer)
        elif "=" in answer and "->" in answer:
            self.skip("matching", "matching questions are not supported")
            return
        elif answer.partition("#")[0].strip() in (*_TRUE, *_FALSE):
            kind, choices = "true_false", self.true_false(answer)
        else:
            if answer.partition("#")[0].strip().upper() in (*_TRUE, *_FALSE):
                self.warn(
                    "true/false answers are upper case (T, TRUE, F, FALSE); read as short answer"
                )
            kind, choices = "short_text", self.short_answer(answer)
        numeric_answer, tolerance = None, Decimal(0)
        if kind == "numeric":
            first = first_full_numeric_choice(tuple(choices))
            if first is None:
                self.skip("numerical", "no numeric answer earns full marks (100%)")
                return
            numeric_answer, tolerance = split_numeric_choice_text(first.text)
        ids = [_unescape_meta(found) for found in _ID.findall(self.block.comments)]
        tags = [_unescape_meta(found) for found in _TAG.findall(self.block.comments)]
        draft = QuestionDraft(
            kind=kind,
            title=self.title,
            prompt=prompt,
            prompt_format=self.prompt_format,
            explanation=explanation,
            choices=tuple(choices),
            numeric_answer=numeric_answer,
            tolerance=tolerance,
            external_id=ids[0] if ids else "",
            tags=tuple(dict.fromkeys(tag.strip() for tag in tags if tag.strip())),
            category=self.category,
            source_ref=self.where,
        )
        if problems := draft_problems(draft):
            self.skip(_MOODLE_QTYPE[kind], "; ".join(problems))
        else:
            self.result.questions.append(draft)

    # --- pieces ---------------------------------------------------------------------------

    def text_with_format(self, raw: str, default: str) -> tuple[str, str]:
        raw = raw.strip()
        if match := FORMAT_MARK.match(raw):
            return match.group(1), _restore(raw[match.end() :]).strip()
        return default, _restore(raw).strip()

    def text(self, raw: str, what: str) -> str:
        """A choice, feedback or general-feedback text, which inherits the prompt's format."""
        text_format, text = self.text_with_format(raw, self.prompt_format)
        if text_format != self.prompt_format:
            self.warn(
                f"{what} in [{text_format}] differs from the question's [{self.prompt_format}]"
            )
        return text

    def weight(self, raw: str) -> tuple[float | None, str]:
        if not (match := WEIGHT_MARK.match(raw)):
            return None, raw
        try:
            return weight_from_percent(match.group(1)), raw[match.end() :]
        except ValueError as error:
            raise self.error(str(error), self.answer_position) from None

    def choice_text(self, raw: str) -> tuple[str, str]:
        text, _, feedback = raw.partition("#")
        return self.text(text, "answer"), self.text(feedback, "feedback")

    def multichoice(self, answer: str) -> tuple[str, list[ChoiceDraft]]:
        """Moodle's reading: any ``=`` makes a single-answer question (format.php)."""
        parts = [part.strip() for part in answer.replace("=", "~=").split("~")]
        if not parts[0]:
            parts = parts[1:]  # as Moodle: text before the first '~'/'=' is a wrong answer
        if any(part in ("", "=") for part in parts):
            raise self.error("empty answer in a multiple-choice answer block", self.answer_position)
        if len(parts) < 2:
            raise self.error("a multiple-choice question needs at least two answers")
        single = any(part.startswith("=") for part in parts)
        choices = []
        for part in parts:
            if part.startswith("="):
                rest = part[1:].lstrip()
                if WEIGHT_MARK.match(rest):
                    self.warn(
                        f"'={_restore(rest)[:20]}…': a weight after '=' is not read as one "
                        "(Moodle gives an '=' answer 100% and keeps the %…% in its text); "
                        "write '~%n%' for partial credit"
                    )
                text, feedback = self.choice_text(rest)
                choices.append(ChoiceDraft(text, True, feedback))
                continue
            weight, rest = self.weight(part)
            text, feedback = self.choice_text(rest)
            fraction = effective_weight(ChoiceDraft(text, False, weight=weight))
            is_correct = fraction >= FULL_CREDIT if single else fraction > 0
            choices.append(ChoiceDraft(text, is_correct, feedback, weight))
        return ("single" if single else "multiple"), choices

    def true_false(self, answer: str) -> list[ChoiceDraft]:
        bits = [*answer.split("#", 2), "", ""]
        wrong, right = self.text(bits[1], "feedback"), self.text(bits[2], "feedback")
        # Moodle: the first feedback is shown for the wrong answer, the second for the right one.
        if bits[0].strip() in _TRUE:
            return [ChoiceDraft("True", True, right), ChoiceDraft("False", False, wrong)]
        return [ChoiceDraft("True", False, wrong), ChoiceDraft("False", True, right)]

    def short_answer(self, answer: str) -> list[ChoiceDraft]:
        choices = []
        for part in answer.split("="):
            if not part.strip():
                continue
            weight, rest = self.weight(part.strip())
            text, feedback = self.choice_text(rest)
            is_correct = weight is None or weight > 0
            choices.append(ChoiceDraft(text, is_correct, feedback, weight))
        if not choices:
            raise self.error("a short-answer question needs at least one answer")
        return choices

    def numeric(self, answer: str) -> list[ChoiceDraft]:
        answer, tilde, wrong = answer.partition("~")
        choices = []
        for part in answer.split("="):
            if not part.strip():
                continue
            weight, rest = self.weight(part.strip())
            raw, _, feedback = rest.partition("#")
            choices.append(
                ChoiceDraft(
                    text=self.numeric_value(_restore(raw).strip()),
                    is_correct=weight is None or weight > 0,  # "=" alone is 100%, even "=*"
                    feedback=self.text(feedback, "feedback"),
                    weight=weight,
                )
            )
        if not choices:
            raise self.error("a numerical question needs at least one answer")
        if tilde:
            feedback = self.text(wrong.partition("#")[2], "feedback")
            choices.append(ChoiceDraft(NUMERIC_CATCH_ALL, False, feedback))
        return choices

    def numeric_value(self, raw: str) -> str:
        """'1..5' -> '3:2' (midpoint and half-width), '3.14:0.01' stays, '7' -> '7:0'."""
        if raw == NUMERIC_CATCH_ALL:
            return raw
        try:
            if raw.find("..") > 0:
                low, high = (Decimal(bound.strip()) for bound in raw.split("..", 1))
                if low > high:
                    raise self.error(f"numeric range {raw} runs backwards", self.answer_position)
                value, tolerance = (low + high) / 2, (high - low) / 2
            elif raw.find(":") > 0:
                value, tolerance = (Decimal(part.strip()) for part in raw.split(":", 1))
            else:
                value, tolerance = Decimal(raw), Decimal(0)
        except InvalidOperation:
            raise self.error(
                f"numeric answer {raw!r} is not a number", self.answer_position
            ) from None
        if not value.is_finite() or not tolerance.is_finite() or tolerance < 0:
            raise self.error(f"numeric answer {raw!r} is not a number ± tolerance >= 0")
        return numeric_choice_text(value, tolerance)


_MOODLE_QTYPE = {
    "single": "multichoice",
    "multiple": "multichoice",
    "true_false": "truefalse",
    "short_text": "shortanswer",
    "numeric": "numerical",
}


def _unescape_meta(text: str) -> str:
    return text.replace("\\]", "]").strip()
