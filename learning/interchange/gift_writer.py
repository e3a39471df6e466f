"""GIFT writer: drafts to GIFT text that Moodle and :func:`parse_gift` read back alike.

Moodle's exporter (question/format/gift/format.php ``writequestion``) is followed: a
single-answer question writes its 100 % answers with ``=`` and the others with ``~`` or
``~%n%``; a multiple-answer question writes every answer with ``~`` (``=`` would make Moodle
read it as single-answer), so its weights must be explicit (the exporter gives Pathwise's
default rule the weights that grade the same way). GIFT cannot say that a short answer is
case-sensitive, nor hold hints: the export report says so.
"""

from __future__ import annotations

from collections.abc import Iterable

from learning.interchange.gift import FORMAT_MARK, WEIGHT_MARK
from learning.interchange.types import (
    NUMERIC_CATCH_ALL,
    TRUE_FALSE_TEXTS,
    ChoiceDraft,
    QuestionDraft,
    category_to_moodle,
    draft_problems,
    effective_weight,
    explicit_weights,
    numeric_choice_text,
    split_numeric_choice_text,
    weight_to_percent,
)


def _escape(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for char in "\\~=#{}:":
        text = text.replace(char, "\\" + char)
    return text.replace("\n", "\\n")


def _escape_inherited(text: str, text_format: str) -> str:
    """Text that inherits the prompt's format; repeat the format if it could be misread."""
    escaped = _escape(text.strip())
    if FORMAT_MARK.match(escaped) or WEIGHT_MARK.match(escaped):
        return f"[{text_format}]{escaped}"
    return escaped


def _feedback(text: str, text_format: str) -> str:
    return f"#{_escape_inherited(text, text_format)}" if text.strip() else ""


def _percent(weight: float | None) -> str:
    return "" if weight is None else f"%{weight_to_percent(weight)}%"


def write_gift(questions: Iterable[QuestionDraft]) -> str:
    """GIFT text for the drafts; hints and case sensitivity are not part of GIFT.

    A multiple-choice draft graded by Pathwise's default rule is written with the weights
    that grade it the same way (:func:`explicit_weights`).
    """
    out: list[str] = []
    category: tuple[str, ...] = ()
    for question in map(explicit_weights, questions):
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
        weight = effective_weight(choice)
        if question.kind == "single" and choice.is_correct:
            marks.append("=")  # 100 %: Moodle reads no weight after '='
        elif choice.weight is None:
            marks.append("~")  # 0 %, or (multiple) a wrong choice counting nothing
        else:
            marks.append("~" + _percent(weight))
    return [
        f"{mark}{_escape_inherited(choice.text, fmt)}{_feedback(choice.feedback, fmt)}"
        for mark, choice in zip(marks, question.choices, strict=True)
    ]


def _write_numeric(question: QuestionDraft) -> list[str]:
    """Every answer in order as ``=%n%value:tolerance`` (or ``=%n%*``), never a ``~`` line:
    Moodle reads ``=%0%*`` as the catch-all too, and the order (first match wins) is kept."""
    fmt = question.prompt_format
    choices = question.choices or (
        ChoiceDraft(numeric_choice_text(question.numeric_answer, question.tolerance), True),
    )
    lines = []
    for choice in choices:
        feedback = _feedback(choice.feedback, fmt)
        weight = _percent(effective_weight(choice))
        if choice.text == NUMERIC_CATCH_ALL:
            lines.append(f"={weight}*{feedback}")
        else:
            value, tolerance = split_numeric_choice_text(choice.text)
            lines.append(f"={weight}{value}:{tolerance}{feedback}")
    return lines
