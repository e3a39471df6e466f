"""GIFT (Moodle's plain-text question format): parser and writer.

Follows Moodle's own importer (question/format/gift/format.php) and the GIFT documentation:
questions are separated by blank lines; ``//`` lines are comments (Moodle 4.x reads
``[id:...]`` and ``[tag:...]`` from them); ``::title::``; ``[html]``/``[markdown]``/``[plain]``/
``[moodle]`` text formats; escapes ``\\~ \\= \\# \\{ \\} \\: \\n`` and ``\\\\``. The question type
follows from the answer block as in Moodle: none -> description, empty -> essay, ``#`` ->
numerical, any ``~`` -> multiple choice, ``=`` with ``->`` -> matching, T/TRUE/F/FALSE ->
true/false, otherwise short answer. An answer block inside the text leaves a "_____" blank.

Multiple choice is ``single`` when exactly one answer is written with ``=`` (at full credit),
as Moodle makes such a question a radio-button one; the other answers may still carry
``~%50%`` or negative weights. Several ``=`` answers, or none (all weights given with
``~%n%``), make a ``multiple`` question whose correct choices are those with a positive weight.

Matching, essay, description, several answer blocks in one question, and questions without any
credited answer are reported in ``ParseResult.skipped``. Malformed input raises ParseError.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from learning.interchange.types import (
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

# Escaped characters become private-use placeholders while the structure is parsed.
_ESCAPABLE = "\\:#={}~n"
_PLACEHOLDER = {char: chr(0xE000 + index) for index, char in enumerate(_ESCAPABLE)}
_RESTORE = str.maketrans(
    {chr(0xE000 + index): ("\n" if char == "n" else char) for index, char in enumerate(_ESCAPABLE)}
)
_PRIVATE_USE = re.compile("[\ue000-\ue007]")
_ESCAPE = re.compile(r"\\([\\:#={}~n])")
_WEIGHT = re.compile(r"^%(-?\d+(?:\.\d*)?)%")
_FORMAT = re.compile(r"^\[(html|markdown|plain|moodle)\]")
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
            current.append(_ESCAPE.sub(lambda match: _PLACEHOLDER[match.group(1)], line))


def parse_gift(text: str) -> ParseResult:
    """Parse a GIFT file; see the module docstring for what is supported."""
    text = text.removeprefix("\ufeff")
    if match := _PRIVATE_USE.search(text):
        line = text.count("\n", 0, match.start()) + 1
        raise ParseError(f"line {line}: unexpected private-use character U+{ord(match[0]):04X}")
    result = ParseResult()
    category: tuple[str, ...] = ()
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
        _GiftQuestion(block, category, result).parse()
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
            best = best_numeric_choice(choices)
            if best is None:
                self.skip("numerical", "no numeric answer earns credit")
                return
            numeric_answer, tolerance = split_numeric_choice_text(best.text)
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
        if match := _FORMAT.match(raw):
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
        if not (match := _WEIGHT.match(raw)):
            return None, raw
        try:
            return weight_from_percent(match.group(1)), raw[match.end() :]
        except ValueError as error:
            raise self.error(str(error), self.answer_position) from None

    def choice_text(self, raw: str) -> tuple[str, str]:
        text, _, feedback = raw.partition("#")
        return self.text(text, "answer"), self.text(feedback, "feedback")

    def multichoice(self, answer: str) -> tuple[str, list[ChoiceDraft]]:
        parts = [part.strip() for part in answer.replace("=", "~=").split("~")]
        if not parts[0]:
            parts = parts[1:]  # as Moodle: text before the first '~'/'=' is a wrong answer
        if any(part in ("", "=") for part in parts):
            raise self.error("empty answer in a multiple-choice answer block", self.answer_position)
        if len(parts) < 2:
            raise self.error("a multiple-choice question needs at least two answers")
        read: list[tuple[bool, float | None, str, str]] = []
        for part in parts:
            is_equal = part.startswith("=")
            weight, rest = self.weight(part[1:] if is_equal else part)
            read.append((is_equal, weight, *self.choice_text(rest)))

        def effective(is_equal: bool, weight: float | None) -> float:
            return weight if weight is not None else (1.0 if is_equal else 0.0)

        equals = [entry for entry in read if entry[0]]
        single = len(equals) == 1 and effective(equals[0][0], equals[0][1]) == 1.0
        choices = [
            ChoiceDraft(
                text=text,
                is_correct=is_equal if single else effective(is_equal, weight) > 0,
                feedback=feedback,
                weight=weight,
            )
            for is_equal, weight, text, feedback in read
        ]
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
                    is_correct=raw.strip() != NUMERIC_CATCH_ALL and (weight is None or weight > 0),
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


# --- writer -------------------------------------------------------------------------------


def _escape(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for char in "\\~=#{}:":
        text = text.replace(char, "\\" + char)
    return text.replace("\n", "\\n")


def _escape_inherited(text: str, text_format: str) -> str:
    """Text that inherits the prompt's format; repeat the format if it could be misread."""
    escaped = _escape(text.strip())
    if _FORMAT.match(escaped) or _WEIGHT.match(escaped):
        return f"[{text_format}]{escaped}"
    return escaped


def _feedback(text: str, text_format: str) -> str:
    return f"#{_escape_inherited(text, text_format)}" if text.strip() else ""


def _percent(weight: float | None) -> str:
    return "" if weight is None else f"%{weight_to_percent(weight)}%"


def write_gift(questions: Iterable[QuestionDraft]) -> str:
    """GIFT text for the drafts; hints are not part of GIFT and are left out."""
    out: list[str] = []
    category: tuple[str, ...] = ()
    for question in questions:
        if problems := draft_problems(question):
            raise ValueError(f"cannot write {question.source_ref or question.title!r}: {problems}")
        if question.category != category:
            category = question.category
            out.append(f"$CATEGORY: {category_to_moodle(category)}")
        out.append(_write_question(question))
    return "\n\n".join(out) + "\n" if out else ""


def _write_question(question: QuestionDraft) -> str:
    fmt = question.prompt_format
    lines = []
    meta = [f"[id:{question.external_id.replace(']', '\\]')}]"] if question.external_id else []
    meta += [f"[tag:{tag.replace(']', '\\]')}]" for tag in question.tags]
    if meta:
        lines.append("// " + " ".join(meta))
    head = f"::{_escape(question.title)}::" if question.title else ""
    lines.append(f"{head}[{fmt}]{_escape(question.prompt.strip())}{{")
    body: list[str] = []
    if question.kind == "true_false":
        correct = next(choice for choice in question.choices if choice.is_correct)
        wrong = next(choice for choice in question.choices if not choice.is_correct)
        answer = "TRUE" if correct.text == TRUE_FALSE_TEXTS[0] else "FALSE"
        right_feedback = _escape_inherited(correct.feedback, fmt)
        wrong_feedback = _escape_inherited(wrong.feedback, fmt)
        if right_feedback:
            answer += f"#{wrong_feedback}#{right_feedback}"
        elif wrong_feedback:
            answer += f"#{wrong_feedback}"
        body.append(answer)
    elif question.kind in ("single", "multiple"):
        body.extend(_write_multichoice(question))
    elif question.kind == "short_text":
        for choice in question.choices:
            weight = choice.weight if choice.is_correct or choice.weight is not None else 0.0
            text = _escape_inherited(choice.text, fmt)
            body.append(f"={_percent(weight)}{text}{_feedback(choice.feedback, fmt)}")
    else:
        body.append("#")
        body.extend(_write_numeric(question))
    if question.explanation.strip():
        body.append(f"####{_escape_inherited(question.explanation, fmt)}")
    lines.extend("\t" + line for line in body)
    lines.append("}")
    return "\n".join(lines)


def _write_multichoice(question: QuestionDraft) -> list[str]:
    fmt = question.prompt_format
    marks = []
    for choice in question.choices:
        if question.kind == "single":
            mark = "=" if choice.is_correct else "~"
            marks.append(mark + _percent(choice.weight))
        elif choice.weight is None and choice.is_correct:
            marks.append("=")
        elif choice.weight is None:
            marks.append("~")
        else:
            marks.append("~" + _percent(choice.weight))
    if question.kind == "multiple" and marks.count("=") == 1:
        # One "=" reads back as a single-answer question: give its weight explicitly instead.
        marks[marks.index("=")] = "~%100%"
    return [
        f"{mark}{_escape_inherited(choice.text, fmt)}{_feedback(choice.feedback, fmt)}"
        for mark, choice in zip(marks, question.choices, strict=True)
    ]


def _write_numeric(question: QuestionDraft) -> list[str]:
    fmt = question.prompt_format
    choices = question.choices or (
        ChoiceDraft(numeric_choice_text(question.numeric_answer, question.tolerance), True),
    )
    lines, catch_all = [], []
    for choice in choices:
        feedback = _feedback(choice.feedback, fmt)
        if choice.text == NUMERIC_CATCH_ALL and choice.weight is None and not choice.is_correct:
            catch_all.append(f"~{feedback or '#'}")
            continue
        weight = choice.weight if choice.is_correct or choice.weight is not None else 0.0
        if choice.text == NUMERIC_CATCH_ALL:
            lines.append(f"={_percent(weight)}*{feedback}")
        else:
            value, tolerance = split_numeric_choice_text(choice.text)
            lines.append(f"={_percent(weight)}{value}:{tolerance}{feedback}")
    return lines + catch_all[-1:]
