"""Format-neutral question drafts shared by the GIFT, Moodle XML and Pathwise JSON modules.

A draft is what a parser read, before anything touches the database. Conventions:

- ``kind`` is one of :data:`KINDS`; ``prompt_format`` one of :data:`PROMPT_FORMATS`.
- Choice kinds (single, multiple, true_false, short_text) list their answers in ``choices``.
  ``weight`` is the answer's fraction of the mark in -1..1 when the source gave one
  (Moodle ``fraction``, GIFT ``%50%``), ``None`` when it was implied by ``=``/``~``: Moodle
  reads an implied ``=`` as 100 % and ``~`` as 0 % (:func:`effective_weight`;
  :func:`moodle_fractions` writes them out).
- ``single`` (Moodle's one-answer multichoice) marks correct the choices worth 100 %, at
  least one; other choices may carry a partial or negative weight. ``multiple`` marks
  every choice with a positive weight correct.
- ``true_false`` has exactly the choices "True" and "False", in that order, one correct.
- ``short_text``: answers in Moodle's order (the first that matches wins); the correct ones
  earn credit, the others are anticipated wrong answers kept for their feedback. ``*`` is
  a wildcard (an answer of just ``*`` matches anything). ``case_sensitive`` is Moodle's
  ``usecase``.
- ``numeric``: ``numeric_answer`` ± ``tolerance`` (absolute) is the first full-credit
  answer. The parsers also list every graded answer in ``choices`` as
  "<value>:<tolerance>" (or "*", the catch-all) with its weight and feedback, in order.
  Drafts built by hand may leave ``choices`` empty.
- ``category`` is the path of category names below the course's top category.
- ``language`` is the question's BCP 47 tag in canonical case when the format carries one
  (Pathwise JSON does; GIFT and Moodle XML do not): "" means the target subject's.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
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
    case_sensitive: bool = False
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
    """The input is malformed. ``errors`` lists every problem found, each saying where
    (line, column or question number); the message joins them."""

    def __init__(self, errors: str | Iterable[str]) -> None:
        self.errors = [errors] if isinstance(errors, str) else list(errors)
        super().__init__("; ".join(self.errors))


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


FULL_CREDIT: Final = 0.9999999
"""A fraction at least this is full credit (Moodle stores fractions with 7 decimals)."""


def effective_weight(choice: ChoiceDraft) -> float:
    """The fraction Moodle gives the answer: its weight, else 1 when correct and 0 when not."""
    if choice.weight is not None:
        return choice.weight
    return 1.0 if choice.is_correct else 0.0


def first_full_numeric_choice(choices: tuple[ChoiceDraft, ...]) -> ChoiceDraft | None:
    """The first answer worth full marks (the catch-all never counts): the "correct" one."""
    for choice in choices:
        if choice.text != NUMERIC_CATCH_ALL and effective_weight(choice) >= FULL_CREDIT:
            return choice
    return None


def moodle_fractions(draft: QuestionDraft) -> QuestionDraft:
    """The draft with every implied fraction written out as Moodle stores it.

    GIFT's ``=`` is 100 % and ``~`` 0 % (true/false keeps its two plain choices). Applied
    to what was read from GIFT or Moodle XML, so the question grades by Moodle's rules.
    """
    if draft.kind == "true_false":
        return draft
    choices = tuple(replace(c, weight=effective_weight(c)) for c in draft.choices)
    return replace(draft, choices=choices)


def explicit_weights(draft: QuestionDraft) -> QuestionDraft:
    """Weights that grade a Pathwise-rule multiple-choice question exactly as Pathwise does.

    Pathwise's rule ``max(0, picked_correct/correct - picked_wrong/wrong)`` is the clipped
    sum of ``1/correct`` per correct pick and ``-1/wrong`` per wrong one, which is how
    Moodle grades a multiple-answer question; GIFT and Moodle XML need the weights written.
    """
    if draft.kind != "multiple" or all(c.weight is not None for c in draft.choices if c.is_correct):
        return draft
    correct = sum(c.is_correct for c in draft.choices)
    wrong = len(draft.choices) - correct
    choices = tuple(
        replace(c, weight=(1 / correct) if c.is_correct else (-1 / wrong)) for c in draft.choices
    )
    return replace(draft, choices=choices)


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
        if not correct:
            problems.append("a single-answer question needs a correct choice (worth 100%)")
        if any(c.is_correct != (effective_weight(c) >= FULL_CREDIT) for c in draft.choices):
            problems.append("in a single-answer question the correct choices are those worth 100%")
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
    if draft.case_sensitive and draft.kind != "short_text":
        problems.append(f"case_sensitive is set on a {draft.kind} question")
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
    first = first_full_numeric_choice(draft.choices)
    if first is None:
        return ["no numeric answer earns full marks"]
    if split_numeric_choice_text(first.text) != (draft.numeric_answer, draft.tolerance):
        return ["numeric_answer/tolerance differ from the first full-credit answer in choices"]
    return []
