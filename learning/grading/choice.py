"""Grading single-choice, true/false and multiple-choice answers (rules: package docstring)."""

import re
from collections.abc import Sequence
from fractions import Fraction

from django.utils.translation import gettext as _

from learning.grading.specs import (
    MULTIPLE,
    ChoiceSpec,
    GradeResult,
    InvalidResponse,
    QuestionSpec,
    clip_score,
    effective_fraction,
    fraction_of,
    shown,
)

_ID_RE = re.compile(r"\s*([0-9]{1,18})\s*")


def _picked(q: QuestionSpec, choice_ids: object, *, one: bool) -> list[ChoiceSpec]:
    """Validate the selected ids and return the picked choices in choice order."""
    if not isinstance(choice_ids, (list, tuple)):
        raise InvalidResponse(_("Your selection could not be read; please choose again."))
    if not choice_ids:
        raise InvalidResponse(
            _("Please select an answer.") if one else _("Please select at least one answer.")
        )
    if one and len(choice_ids) > 1:
        raise InvalidResponse(_("Please select only one answer."))
    if len(choice_ids) > len(q.choices):
        raise InvalidResponse(_("You selected more answers than there are; please choose again."))
    by_id = {c.id: c for c in q.choices}
    seen: set[int] = set()
    for raw in choice_ids:
        match = _ID_RE.fullmatch(raw) if isinstance(raw, str) and len(raw) < 40 else None
        if isinstance(raw, int) and not isinstance(raw, bool):
            choice_id = raw
        elif match:
            choice_id = int(match.group(1))
        else:
            raise InvalidResponse(
                _("'%(raw)s' is not one of the answers; please choose again.") % {"raw": shown(raw)}
            )
        if choice_id not in by_id:
            raise InvalidResponse(
                _(
                    "Answer %(choice_id)s is not one of this question's answers; please choose "
                    "again."
                )
                % {"choice_id": choice_id}
            )
        if choice_id in seen:
            raise InvalidResponse(
                _("Answer %(choice_id)s was selected more than once.") % {"choice_id": choice_id}
            )
        seen.add(choice_id)
    return [c for c in q.choices if c.id in seen]


def _choice_result(picked: list[ChoiceSpec], score: Fraction) -> GradeResult:
    return GradeResult(
        score=float(score),
        is_correct=score == 1,
        feedback=tuple(c.feedback for c in picked if c.feedback),
        response={"choices": [c.id for c in picked]},
        response_text="; ".join(c.text for c in picked),
    )


def grade_single_choice(q: QuestionSpec, choice_ids: Sequence[int | str]) -> GradeResult:
    """Exactly one id must be given; the score is that choice's fraction, clipped to 0..1.

    Without weights that is 1 for the correct choice and 0 for the others (Moodle's
    ``qtype_multichoice_single_question::grade_response`` with fractions 100 % and 0 %).
    """
    picked = _picked(q, choice_ids, one=True)
    return _choice_result(picked, clip_score(effective_fraction(picked[0])))


def grade_true_false(q: QuestionSpec, choice_ids: Sequence[int | str]) -> GradeResult:
    """Graded like a single-choice question over its "True" and "False" choices."""
    return grade_single_choice(q, choice_ids)


def is_weighted(q: QuestionSpec) -> bool:
    """True when a multiple-choice question is graded by its weights (Moodle's rule).

    That is when every choice ticked correct carries a weight; a wrong choice without one
    counts 0, as Moodle reads a plain GIFT ``~``. Otherwise Pathwise's own rule applies.
    """
    correct = [c for c in q.choices if c.is_correct]
    return bool(correct) and all(c.weight is not None for c in correct)


def grade_multiple_choice(q: QuestionSpec, choice_ids: Sequence[int | str]) -> GradeResult:
    """Partial credit as described in the package docstring; at least one id is needed."""
    picked = _picked(q, choice_ids, one=False)
    if is_weighted(q):
        total = sum((fraction_of(c.weight) for c in picked if c.weight is not None), Fraction(0))
        return _choice_result(picked, clip_score(total))
    total_correct = sum(c.is_correct for c in q.choices)
    total_wrong = len(q.choices) - total_correct
    correct_picked = sum(c.is_correct for c in picked)
    wrong_picked = len(picked) - correct_picked
    gained = Fraction(correct_picked, total_correct) if total_correct else Fraction(1)
    lost = Fraction(wrong_picked, total_wrong) if total_wrong else Fraction(0)
    return _choice_result(picked, max(Fraction(0), gained - lost))


def grade_choices(q: QuestionSpec, choice_ids: object) -> GradeResult:
    if q.kind == MULTIPLE:
        return grade_multiple_choice(q, choice_ids)
    return grade_single_choice(q, choice_ids)
