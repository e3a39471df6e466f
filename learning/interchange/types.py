"""Format-neutral question drafts shared by the GIFT, Moodle XML and Pathwise JSON modules.

A draft is what a parser read, before anything touches the database. Conventions:

- ``kind`` is one of :data:`KINDS`; ``prompt_format`` one of :data:`PROMPT_FORMATS`.
- Choice kinds (single, multiple, true_false, short_text) list their answers in ``choices``.
  ``weight`` is the answer's fraction of the mark in -1..1 when the source gave one
  (Moodle ``fraction``, GIFT ``%50%``), ``None`` when it was implied by ``=``/``~``.
- ``single`` has exactly one correct choice; other choices may still carry a partial or
  negative weight. ``multiple`` marks every choice with a positive weight correct.
- ``true_false`` has exactly the choices "True" and "False", in that order, one correct.
- ``short_text``: the correct choices are the accepted answers; incorrect ones are
  anticipated wrong answers kept for their feedback ("*" matches anything).
- ``numeric``: ``numeric_answer`` ± ``tolerance`` (absolute) is the full-credit answer. The
  parsers also list every graded answer in ``choices`` as "<value>:<tolerance>" (or "*",
  the catch-all for wrong answers) with its weight and feedback, so several numeric answers
  survive a round trip. Drafts built by hand may leave ``choices`` empty.
- ``category`` is the path of category names below the course's top category.
- ``language`` is the question's BCP 47 tag in canonical case when the format carries one
  (Pathwise JSON does; GIFT and Moodle XML do not): "" means the target subject's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Final

from core.languages import canonical_language_tag

KINDS: Final = ("single", "multiple", "true_false", "numeric", "short_text")
CHOICE_KINDS: Final = frozenset({"single", "multiple", "true_false", "short_text"})
PROMPT_FORMATS: Final = ("html", "markdown", "plain", "moodle")
MAX_HINTS: Final = 3
TRUE_FALSE_TEXTS: Final = ("True", "False")
NUMERIC_CATCH_ALL: Final = "*"


@dataclass(frozen=True)
class ChoiceDraft:
    text: str
    is_correct: bool
    feedback: str = ""
    weight: float | None = None


@dataclass(frozen=True)
class QuestionDraft:
    kind: str
    title: str
    prompt: str
    prompt_format: str
    explanation: str
    choices: tuple[ChoiceDraft, ...]
    numeric_answer: Decimal | None
    tolerance: Decimal
    external_id: str
    tags: tuple[str, ...]
    category: tuple[str, ...]
    source_ref: str
    hints: tuple[str, ...] = ()
    language: str = ""  # a BCP 47 tag when the source says; "" = the target subject's


@dataclass(frozen=True)
class Skipped:
    """A question the source holds but Pathwise cannot represent (never dropped silently)."""

    source_ref: str
    qtype: str
    title: str
    reason: str


@dataclass
class ParseResult:
    questions: list[QuestionDraft] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class ParseError(ValueError):
    """The input is malformed; the message says where (line, column or question index)."""


# --- weights ------------------------------------------------------------------------------


def weight_from_percent(text: str) -> float:
    """'50' -> 0.5, exactly (decimal arithmetic, so writing it back gives the same text)."""
    try:
        value = Decimal(text.strip()) / 100
    except InvalidOperation:
        raise ValueError(f"{text!r} is not a percentage") from None
    if not value.is_finite() or not -1 <= value <= 1:
        raise ValueError(f"weight {text}% is outside -100..100")
    return float(value)


def weight_to_percent(weight: float) -> str:
    """0.5 -> '50'; the inverse of :func:`weight_from_percent` for any float it produced."""
    text = format((Decimal(repr(weight)) * 100).normalize(), "f")
    return "0" if text in ("-0", "0") else text


# --- numeric answers ----------------------------------------------------------------------


def numeric_choice_text(value: Decimal, tolerance: Decimal) -> str:
    return f"{value}:{tolerance}"


def split_numeric_choice_text(text: str) -> tuple[Decimal, Decimal] | None:
    """'3.14:0.01' -> (3.14, 0.01); '*' -> None (the catch-all answer)."""
    if text == NUMERIC_CATCH_ALL:
        return None
    value, _, tolerance = text.partition(":")
    try:
        return Decimal(value), Decimal(tolerance or "0")
    except InvalidOperation:
        raise ValueError(f"numeric answer {text!r} is not '<value>:<tolerance>'") from None


def effective_weight(choice: ChoiceDraft) -> float:
    if choice.weight is not None:
        return choice.weight
    return 1.0 if choice.is_correct else 0.0


def best_numeric_choice(choices: tuple[ChoiceDraft, ...]) -> ChoiceDraft | None:
    """The first answer earning the most credit (the catch-all never counts)."""
    best: ChoiceDraft | None = None
    for choice in choices:
        if choice.text == NUMERIC_CATCH_ALL or effective_weight(choice) <= 0:
            continue
        if best is None or effective_weight(choice) > effective_weight(best):
            best = choice
    return best


# --- categories ---------------------------------------------------------------------------


def category_from_moodle(path: str) -> tuple[str, ...]:
    """'$course$/top/A/B' -> ('A', 'B'); '//' inside a name is an escaped '/'."""
    placeholder = "\ue0ff"
    names = [
        part.replace(placeholder, "/").strip()
        for part in path.strip().replace("//", placeholder).split("/")
    ]
    if names and names[0].startswith("$") and names[0].endswith("$"):
        names = names[1:]
    if names and names[0] == "top":
        names = names[1:]
    return tuple(name for name in names if name)


def category_to_moodle(category: tuple[str, ...]) -> str:
    return "/".join(["$course$", "top", *(name.replace("/", "//") for name in category)])


# --- invariants ---------------------------------------------------------------------------


def draft_problems(draft: QuestionDraft) -> list[str]:
    """What makes a draft unusable by Pathwise; an empty list means it is valid."""
    problems: list[str] = []
    if draft.kind not in KINDS:
        return [f"kind {draft.kind!r} is not one of {', '.join(KINDS)}"]
    if draft.prompt_format not in PROMPT_FORMATS:
        problems.append(f"prompt_format {draft.prompt_format!r} is not one of {PROMPT_FORMATS}")
    if len(draft.hints) > MAX_HINTS:
        problems.append(f"{len(draft.hints)} hints, at most {MAX_HINTS} allowed")
    if draft.language and canonical_language_tag(draft.language) != draft.language:
        problems.append(f"language {draft.language!r} is not a BCP 47 tag such as en or fr-CA")
    for index, choice in enumerate(draft.choices):
        if choice.weight is not None and not -1 <= choice.weight <= 1:
            problems.append(f"choice {index + 1} has weight {choice.weight}, outside -1..1")
    correct = [choice for choice in draft.choices if choice.is_correct]
    if draft.kind == "single":
        if len(draft.choices) < 2:
            problems.append("a single-answer question needs at least two choices")
        if len(correct) != 1:
            problems.append(
                f"a single-answer question needs one correct choice, not {len(correct)}"
            )
    elif draft.kind == "multiple":
        if len(draft.choices) < 2:
            problems.append("a multiple-answer question needs at least two choices")
        if not correct:
            problems.append("a multiple-answer question needs at least one correct choice")
    elif draft.kind == "true_false":
        texts = tuple(choice.text for choice in draft.choices)
        if texts != TRUE_FALSE_TEXTS or len(correct) != 1:
            problems.append('a true/false question has choices "True" and "False", one correct')
    elif draft.kind == "short_text" and not correct:
        problems.append("a short-answer question needs at least one accepted answer")
    if draft.kind == "numeric":
        problems.extend(_numeric_problems(draft))
    elif draft.numeric_answer is not None:
        problems.append(f"numeric_answer is set on a {draft.kind} question")
    return problems


def _numeric_problems(draft: QuestionDraft) -> list[str]:
    if draft.numeric_answer is None:
        return ["a numeric question needs numeric_answer"]
    if not draft.numeric_answer.is_finite():
        return ["numeric_answer must be a finite number"]
    if not draft.tolerance.is_finite() or draft.tolerance < 0:
        return ["tolerance must be a number >= 0"]
    if not draft.choices:
        return []
    for choice in draft.choices:
        try:
            split_numeric_choice_text(choice.text)
        except ValueError as error:
            return [str(error)]
    best = best_numeric_choice(draft.choices)
    if best is None:
        return ["no numeric answer earns credit"]
    if split_numeric_choice_text(best.text) != (draft.numeric_answer, draft.tolerance):
        return ["numeric_answer/tolerance differ from the best answer in choices"]
    return []
