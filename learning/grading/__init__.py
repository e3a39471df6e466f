"""Grading of one answer to one question (pure: no ORM, no request, no clock).

Callers copy the question into a :class:`QuestionSpec` and pass the raw response; ``grade``
returns a :class:`GradeResult` or raises :class:`InvalidResponse`, whose message is shown to
the student as is. A malformed response is never graded as wrong.

A choice's ``weight`` is its fraction of the mark (Moodle's ``fraction``, GIFT's ``%50%``).
A question whose choices carry no weight grades exactly as Pathwise always has; weights
switch on Moodle's rules, followed from Moodle's own code (``question/type/multichoice``,
``shortanswer`` and ``numerical``, ``question.php``). Scores are clipped to 0..1, and a
score within ``FULL_CREDIT_SLACK`` (10⁻⁶) of 1 is 1, because Moodle stores fractions with
seven decimals (3 × 33.33333 % = 99.99999 %). The rules a teacher may ask about:

Single choice and true/false
    The score is the picked choice's fraction: its weight, else 1 when it is ticked correct
    and 0 when not (Moodle ``qtype_multichoice_single_question::grade_response``). Without
    weights: 1 for the one correct choice, 0 otherwise, as always. With weights, several
    choices may be worth 100 % (they are the correct ones) and a wrong choice may earn part
    of the mark. Difference: Moodle lets a single-choice answer take marks away (a negative
    fraction); Pathwise scores it 0 (the importer and exporter say so).

Multiple choice, Pathwise's rule (no correct choice has a weight)
    ``score = max(0, correct_picked / total_correct - wrong_picked / total_wrong)``; the
    penalty is 0 when the question has no wrong choices. Every wrong pick costs, so ticking
    every box scores 0. Correct only when all correct and no wrong choices were picked.

Multiple choice, Moodle's rule (every correct choice has a weight)
    ``score = clip(sum of the picked choices' weights, 0, 1)``
    (``qtype_multichoice_multi_question::grade_response``). A wrong choice without a weight
    counts 0, as Moodle reads a plain GIFT ``~``. The correct choices are exactly those with
    a positive weight, and the positive weights must add up to at least 1.

Numbers (:func:`parse_number`, rules in :mod:`learning.grading.numbers`)
    Without answer rows a number is correct when ``|value - answer| <= tolerance``
    (Decimal arithmetic). With answer rows (``QuestionSpec.numeric_answers``, Moodle's
    answers in order) the first row whose interval ``value ± tolerance`` holds the number
    decides: its fraction is the score and its feedback is shown; ``*`` matches any number;
    no match scores 0 (``qtype_numerical_question::get_matching_answer``). Moodle widens
    each interval by 10⁻¹⁴ × max(1, |answer|) for float rounding; Pathwise compares exactly.

Short text, Pathwise's rule (no answer has a weight)
    The answer and the accepted answers are compared after Unicode NFKC (full-width
    letters, ligatures, composed accents), case folding (unless the question is
    case-sensitive), dropping invisible formatting characters, deleting punctuation
    (``"don't"`` = ``"dont"``) except between two digits, so that ``3.5``, ``1/2`` and
    ``3,5`` keep their meaning, and collapsing runs of whitespace. Accents are kept: "café"
    and "cafe" are different words in many languages. Accepted answers are tried first,
    then anticipated wrong ones (for their feedback); score 1 or 0.

Short text, Moodle's rule (any answer has a weight)
    The answers are tried in order and the first that matches wins
    (``question_first_matching_answer_grading_strategy``): its fraction is the score (a
    weightless answer counts 1 when ticked correct, else 0) and its feedback is shown; no
    match scores 0. Matching is Moodle's ``compare_string_with_wildcard``: both sides NFC,
    the response trimmed of spaces, tabs and line breaks (PHP ``trim``), the whole response
    against the whole answer, ``*`` matching any text (``\\*`` a literal star), case ignored
    unless the question is case-sensitive (Moodle's ``usecase``). Nothing else is ignored.
"""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from learning.grading.choice import (
    grade_choices,
    grade_multiple_choice,
    grade_single_choice,
    grade_true_false,
    is_weighted,
)
from learning.grading.numbers import (
    DECIMAL_MARKS,
    MAX_EXPONENT,
    MINUS,
    ambiguous_mark,
    parse_number,
)
from learning.grading.numeric import answer_value, first_full_answer, grade_numeric
from learning.grading.specs import (
    CATCH_ALL,
    CHOICE_KINDS,
    FULL_CREDIT_SLACK,
    KIND_NAMES,
    MAX_TEXT_LENGTH,
    MULTIPLE,
    NUMERIC,
    SHORT_TEXT,
    SINGLE,
    TRUE_FALSE,
    WEIGHT_SUM_SLACK,
    ChoiceSpec,
    GradeResult,
    InvalidResponse,
    NumericAnswerSpec,
    QuestionSpec,
    effective_fraction,
    fraction_of,
)
from learning.grading.text import (
    grade_short_text,
    moodle_matches,
    normalise_text,
    uses_moodle_matching,
)
from learning.grading.validation import Problem, question_problems, validate_question

__all__ = [
    "CATCH_ALL",
    "CHOICE_KINDS",
    "DECIMAL_MARKS",
    "FULL_CREDIT_SLACK",
    "KIND_NAMES",
    "MAX_EXPONENT",
    "MAX_TEXT_LENGTH",
    "MINUS",
    "MULTIPLE",
    "NUMERIC",
    "SHORT_TEXT",
    "SINGLE",
    "TRUE_FALSE",
    "WEIGHT_SUM_SLACK",
    "ChoiceSpec",
    "GradeResult",
    "InvalidResponse",
    "NumericAnswerSpec",
    "Problem",
    "QuestionSpec",
    "ambiguous_mark",
    "answer_value",
    "effective_fraction",
    "first_full_answer",
    "fraction_of",
    "grade",
    "grade_multiple_choice",
    "grade_numeric",
    "grade_short_text",
    "grade_single_choice",
    "grade_true_false",
    "is_weighted",
    "moodle_matches",
    "normalise_text",
    "parse_number",
    "question_problems",
    "uses_moodle_matching",
    "validate_question",
]


def grade(q: QuestionSpec, response: Mapping[str, Any], *, decimal_mark: str = ".") -> GradeResult:
    """Grade ``{"choices": [ids]}`` (choice kinds) or ``{"value": "text"}`` (the others).

    Ids may be ints or digit strings as posted by a form. ``decimal_mark`` is the learner's
    locale's decimal separator, for numbers (learning.grading.numbers). Raises
    InvalidResponse for a malformed response and ValueError for a question of unknown kind.
    """
    if q.kind not in KIND_NAMES:
        raise ValueError(f"Unknown question kind {q.kind!r}.")
    if not isinstance(response, Mapping):
        raise InvalidResponse(_("Your answer could not be read; please answer again."))
    if q.kind in CHOICE_KINDS:
        return grade_choices(q, response.get("choices", []))
    value = response.get("value", "")
    if q.kind == NUMERIC:
        return grade_numeric(q, value, decimal_mark=decimal_mark)
    return grade_short_text(q, value)
