"""A parsed draft as the rows Pathwise stores, and the differences that remain, as warnings.

Drafts read from GIFT or Moodle XML get every implied fraction written out first
(:func:`learning.interchange.types.moodle_fractions`), so they grade by Moodle's rules:
per-answer fractions for single choice, short text and numeric answers, the sum of
fractions for multiple choice. A warning is given only where Pathwise still treats the
question differently from Moodle, or leaves something out.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from fractions import Fraction

from learning import grading
from learning.interchange import QuestionDraft
from learning.interchange.types import (
    NUMERIC_CATCH_ALL,
    effective_weight,
    split_numeric_choice_text,
)
from learning.models import Question
from learning.services import ChoiceInput


def _percent(weight: float) -> str:
    return grading.specs.percent(weight)


def _numeric_rows(draft: QuestionDraft) -> list[ChoiceInput]:
    """Every numeric answer, in order, with its own tolerance, fraction and feedback.

    A lone full-credit answer without feedback is just the question's answer ± tolerance,
    which grades the same without rows.
    """
    if len(draft.choices) == 1:
        [only] = draft.choices
        parsed = split_numeric_choice_text(only.text)
        if (
            parsed == (draft.numeric_answer, draft.tolerance)
            and effective_weight(only) == 1
            and not only.feedback.strip()
        ):
            return []
    rows = []
    for choice in draft.choices:
        parsed = split_numeric_choice_text(choice.text)
        if parsed is None:
            rows.append(
                ChoiceInput(NUMERIC_CATCH_ALL, choice.is_correct, choice.feedback, choice.weight)
            )
            continue
        value, tolerance = parsed
        rows.append(
            ChoiceInput(
                format(value.normalize(), "f"),
                choice.is_correct,
                choice.feedback,
                choice.weight,
                Decimal(format(tolerance.normalize(), "f")),
            )
        )
    return rows


def _short_text_rows(draft: QuestionDraft, warnings: list[str]) -> list[ChoiceInput]:
    """The answers in order; an answer that repeats an earlier one could never match, and is
    left out (with a warning: its feedback goes with it)."""
    moodle = any(c.weight is not None for c in draft.choices)
    rows: list[ChoiceInput] = []
    seen: set[str] = set()
    for choice in draft.choices:
        if moodle:
            key = unicodedata.normalize("NFC", choice.text.strip())
            key = key if draft.case_sensitive else key.casefold()
        else:
            key = grading.normalise_text(choice.text, case_sensitive=draft.case_sensitive)
        if key and key in seen:
            how = "" if draft.case_sensitive else " once case is ignored"
            if not moodle:
                how = " once case and punctuation are ignored"
            warnings.append(
                f"answer {choice.text!r} repeats an earlier one{how}, so it could never "
                "match; it was left out"
                + (f" with its feedback {choice.feedback!r}" if choice.feedback else "")
            )
            continue
        seen.add(key)
        rows.append(ChoiceInput(choice.text, choice.is_correct, choice.feedback, choice.weight))
    return rows


def _choice_warnings(draft: QuestionDraft, warnings: list[str]) -> None:
    if draft.kind == Question.Kind.SINGLE:
        for choice in draft.choices:
            if effective_weight(choice) < 0:
                warnings.append(
                    f"answer {choice.text[:40]!r} takes {_percent(-effective_weight(choice))} "
                    "away in Moodle; Pathwise scores it 0 (scores are never below 0)"
                )
    elif draft.kind == Question.Kind.MULTIPLE and all(c.weight is not None for c in draft.choices):
        positive = sum(
            (grading.fraction_of(c.weight) for c in draft.choices if c.weight and c.weight > 0),
            Fraction(0),
        )
        if round(positive, 2) > 1:
            warnings.append(
                f"the positive fractions add up to {_percent(positive)}; Moodle refuses a "
                "multiple-answer question unless they add up to 100%, Pathwise grades it "
                "(a score never exceeds 100%)"
            )


def draft_rows(draft: QuestionDraft) -> tuple[dict, list[ChoiceInput], list[str]]:
    """(extra Question fields, choice rows, warnings) for ``question_create``."""
    warnings: list[str] = []
    fields: dict = {"case_sensitive": draft.case_sensitive}
    if draft.kind == Question.Kind.NUMERIC:
        fields |= {"numeric_answer": draft.numeric_answer, "tolerance": draft.tolerance}
        return fields, _numeric_rows(draft), warnings
    if draft.kind == Question.Kind.SHORT_TEXT:
        return fields, _short_text_rows(draft, warnings), warnings
    _choice_warnings(draft, warnings)
    rows = [ChoiceInput(c.text, c.is_correct, c.feedback, c.weight) for c in draft.choices]
    return fields, rows, warnings
