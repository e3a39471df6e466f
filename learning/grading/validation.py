"""Authoring checks: everything that stops a question from being answerable, as sentences.

:func:`question_problems` returns :class:`Problem` items that say which choice (by position)
and which field they are about, so a form can put each message next to its field;
:func:`validate_question` returns the messages alone.
"""

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from learning.grading.choice import is_weighted
from learning.grading.numeric import answer_value
from learning.grading.specs import (
    CHOICE_KINDS,
    FULL_CREDIT_SLACK,
    KIND_NAMES,
    MULTIPLE,
    NUMERIC,
    SHORT_TEXT,
    SINGLE,
    TRUE_FALSE,
    QuestionSpec,
    effective_fraction,
    fraction_of,
    is_full_credit,
    percent,
    shown,
)
from learning.grading.text import normalise_text, uses_moodle_matching

ANSWER_PLACES = 6
"""Decimal places of ``Question.numeric_answer``, which holds the first full-credit answer."""


@dataclass(frozen=True)
class Problem:
    """One reason a question cannot be answered.

    ``choice`` is the 0-based position of the choice (or numeric answer) concerned, and
    ``field`` the field to fix (``weight``, ``text``, ``is_correct``, ``tolerance`` on a
    choice; ``numeric_answer``, ``tolerance``, ``case_sensitive`` on the question), when
    the problem belongs to one.
    """

    message: str
    field: str | None = None
    choice: int | None = None


def validate_question(q: QuestionSpec) -> list[str]:
    """The messages of :func:`question_problems`; an empty list means it can be graded."""
    return [p.message for p in question_problems(q)]


def question_problems(q: QuestionSpec) -> list[Problem]:
    name = KIND_NAMES.get(q.kind)
    if name is None:
        kinds = ", ".join(KIND_NAMES)
        return [Problem(f"'{shown(q.kind)}' is not a question kind; use one of: {kinds}.", "kind")]
    problems: list[Problem] = []
    if q.case_sensitive and q.kind != SHORT_TEXT:
        problems.append(
            Problem(
                f"Only short-text questions can be case-sensitive (this is a {name} question).",
                "case_sensitive",
            )
        )
    if q.kind == NUMERIC:
        return problems + _numeric_problems(q)
    if q.kind in CHOICE_KINDS:
        problems += _choice_problems(q, name)
    elif uses_moodle_matching(q):
        problems += _weighted_answer_problems(q, name)
    elif not any(c.is_correct and c.text.strip() for c in q.choices):
        problems.append(Problem("A short-text question needs at least one accepted answer."))
    return problems + _text_problems(q)


# --- choice kinds -------------------------------------------------------------------------


def _choice_problems(q: QuestionSpec, name: str) -> list[Problem]:
    problems = []
    correct = sum(c.is_correct for c in q.choices)
    count = len(q.choices)
    if q.kind == TRUE_FALSE:
        if count != 2:
            problems.append(
                Problem(f"A {name} question needs exactly two choices (it has {count}).")
            )
        elif sorted(c.text.strip().casefold() for c in q.choices) != ["false", "true"]:
            problems.append(Problem(f'A {name} question\'s choices must be "True" and "False".'))
    elif count < 2:
        problems.append(Problem(f"A {name} question needs at least two choices (it has {count})."))
    if q.kind == MULTIPLE:
        if not correct:
            problems.append(
                Problem(f"A {name} question needs at least one correct choice (it has none).")
            )
        elif any(c.weight is not None for c in q.choices):
            problems += _multiple_weight_problems(q, name)
    elif q.kind == SINGLE and any(c.weight is not None for c in q.choices):
        problems += _weighted_answer_problems(q, name)
    elif correct != 1:
        problems.append(
            Problem(f"A {name} question needs exactly one correct choice (it has {correct}).")
        )
    elif q.kind == TRUE_FALSE:
        for n, c in enumerate(q.choices):
            if c.weight is not None and fraction_of(c.weight) != int(c.is_correct):
                problems.append(
                    Problem(
                        f"Choice {n + 1} of a {name} question cannot earn {percent(c.weight)}: "
                        "its answers are right (100%) or wrong (0%); clear the weight.",
                        "weight",
                        n,
                    )
                )
    return problems


def _range_problem(n: int, weight: float, low: int) -> Problem | None:
    if not low <= weight <= 1:
        return Problem(
            f"Choice {n + 1}'s weight must be between {low} and 1 (it is {weight}).", "weight", n
        )
    return None


def _multiple_weight_problems(q: QuestionSpec, name: str) -> list[Problem]:
    if not is_weighted(q):
        missing = [n + 1 for n, c in enumerate(q.choices) if c.is_correct and c.weight is None]
        listed = ", ".join(map(str, missing))
        return [
            Problem(
                f"Choice{'s' if len(missing) > 1 else ''} {listed} "
                f"{'are' if len(missing) > 1 else 'is'} ticked correct but "
                f"{'have' if len(missing) > 1 else 'has'} no weight while other choices have "
                "one: give every correct choice a weight, or clear all the weights.",
                "weight",
                missing[0] - 1,
            )
        ]
    problems = []
    for n, c in enumerate(q.choices):
        if c.weight is None:
            continue
        if (problem := _range_problem(n, c.weight, -1)) is not None:
            problems.append(problem)
        elif c.is_correct != (c.weight > 0):
            problems.append(
                Problem(
                    f"Choice {n + 1} is {'ticked' if c.is_correct else 'not ticked'} correct but "
                    f"weighs {c.weight}: in a weighted {name} question the correct choices are "
                    "exactly those with a positive weight.",
                    "is_correct",
                    n,
                )
            )
    positive = sum(
        (fraction_of(c.weight) for c in q.choices if c.weight is not None and 0 < c.weight <= 1),
        Fraction(0),
    )
    if not problems and positive < 1 - FULL_CREDIT_SLACK:
        best = max(range(len(q.choices)), key=lambda n: q.choices[n].weight or -2)
        problems.append(
            Problem(
                f"The positive weights of this {name} question add up to {float(positive):g}; "
                "they must add up to at least 1 so that a full answer earns full credit.",
                "weight",
                best,
            )
        )
    return problems


def _weighted_answer_problems(q: QuestionSpec, name: str) -> list[Problem]:
    """Single choice and short text with fractions: the best answer must earn full marks.

    Single choice: the correct choices are those worth 100 %. Short text (and numeric
    answers): the correct answers are those earning any credit; fractions are 0..1.
    """
    problems: list[Problem] = []
    single = q.kind == SINGLE
    for n, c in enumerate(q.choices):
        if c.weight is not None:
            problem = _range_problem(n, c.weight, -1 if single else 0)
            if problem is not None:
                problems.append(problem)
                continue
        fraction = effective_fraction(c)
        should = is_full_credit(fraction) if single else fraction > 0
        if c.is_correct != should:
            rule = "worth 100%" if single else "earning credit"
            problems.append(
                Problem(
                    f"Choice {n + 1} is {'ticked' if c.is_correct else 'not ticked'} correct but "
                    f"earns {percent(fraction)}: in a {name} question with weights the correct "
                    f"choices are those {rule}.",
                    "is_correct",
                    n,
                )
            )
    if q.choices and not problems:
        best = max(range(len(q.choices)), key=lambda n: effective_fraction(q.choices[n]))
        top = effective_fraction(q.choices[best])
        if not is_full_credit(top):
            problems.append(
                Problem(
                    f"No answer of this {name} question earns full marks (the best, choice "
                    f"{best + 1}, earns {percent(top)}): give one a weight of 1 (100%).",
                    "weight",
                    best,
                )
            )
    return problems


def _text_problems(q: QuestionSpec) -> list[Problem]:
    problems = []
    seen_ids: dict[int, int] = {}
    seen_texts: dict[str, int] = {}
    moodle = q.kind == SHORT_TEXT and uses_moodle_matching(q)
    for n, c in enumerate(q.choices, start=1):
        if c.id in seen_ids:
            problems.append(Problem(f"Choices {seen_ids[c.id]} and {n} have the same id ({c.id})."))
        seen_ids.setdefault(c.id, n)
        if not c.text.strip():
            problems.append(Problem(f"Choice {n} has no text.", "text", n - 1))
            continue
        if moodle:
            key = c.text.strip() if q.case_sensitive else c.text.strip().casefold()
        elif q.kind == SHORT_TEXT:
            key = normalise_text(c.text, case_sensitive=q.case_sensitive)
            if not key:
                problems.append(
                    Problem(
                        f"Choice {n} ('{shown(c.text)}') has no letters or digits, "
                        "so no answer could match it.",
                        "text",
                        n - 1,
                    )
                )
                continue
        else:
            key = " ".join(c.text.split()).casefold()
        if key in seen_texts:
            if moodle:
                message = (
                    f"Choices {seen_texts[key]} and {n} are the same answer "
                    f"('{shown(c.text)}'): the second could never match."
                )
            elif q.kind == SHORT_TEXT:
                message = (
                    f"Choices {seen_texts[key]} and {n} are the same answer once case, spacing "
                    f"and punctuation are ignored ('{shown(c.text)}')."
                )
            else:
                message = (
                    f"Choices {seen_texts[key]} and {n} have the same text ('{shown(c.text)}')."
                )
            problems.append(Problem(message, "text", n - 1))
        seen_texts.setdefault(key, n)
    return problems


# --- numeric ------------------------------------------------------------------------------


def _numeric_problems(q: QuestionSpec) -> list[Problem]:
    problems = []
    answer, tolerance = q.numeric_answer, q.tolerance
    if answer is None:
        problems.append(Problem("A numeric question needs a correct answer.", "numeric_answer"))
    elif not isinstance(answer, Decimal) or not answer.is_finite():
        problems.append(
            Problem(
                f"The correct answer must be a finite number (it is {answer}).", "numeric_answer"
            )
        )
    if not isinstance(tolerance, Decimal) or not tolerance.is_finite() or tolerance < 0:
        problems.append(
            Problem(f"The tolerance must be zero or more (it is {tolerance}).", "tolerance")
        )
    if q.choices:
        problems.append(
            Problem(f"A numeric question does not use choices (it has {len(q.choices)}).")
        )
    if q.numeric_answers:
        problems += _numeric_answer_problems(q)
    return problems


def _numeric_answer_problems(q: QuestionSpec) -> list[Problem]:
    problems = []
    first_full = None
    for n, a in enumerate(q.numeric_answers):
        try:
            value = answer_value(a)
        except ValueError:
            problems.append(
                Problem(
                    f"Answer {n + 1} ('{shown(a.text)}') is not a number; write a number such "
                    "as 3.14, or * for any other number.",
                    "text",
                    n,
                )
            )
            continue
        if a.tolerance is not None and (not a.tolerance.is_finite() or a.tolerance < 0):
            problems.append(
                Problem(
                    f"Answer {n + 1}'s tolerance must be zero or more (it is {a.tolerance}).",
                    "tolerance",
                    n,
                )
            )
        if a.weight is not None and not 0 <= a.weight <= 1:
            problems.append(
                Problem(
                    f"Answer {n + 1}'s weight must be between 0 and 1 (it is {a.weight}).",
                    "weight",
                    n,
                )
            )
            continue
        fraction = effective_fraction(a)
        if a.is_correct != (fraction > 0):
            problems.append(
                Problem(
                    f"Answer {n + 1} is {'ticked' if a.is_correct else 'not ticked'} correct but "
                    f"earns {percent(fraction)}: the correct answers are those earning credit.",
                    "is_correct",
                    n,
                )
            )
        if first_full is None and value is not None and is_full_credit(fraction):
            first_full = (value, a.tolerance or Decimal(0))
            if value.as_tuple().exponent < -ANSWER_PLACES:
                problems.append(
                    Problem(
                        f"Answer {n + 1} ({value}) has more than {ANSWER_PLACES} decimal "
                        f"places; the correct answer is kept to {ANSWER_PLACES}: round it.",
                        "text",
                        n,
                    )
                )
    if problems:
        return problems
    if first_full is None:
        return [
            Problem(
                "No numeric answer earns full marks: give one answer (not *) a weight of 1.",
                "weight",
                0,
            )
        ]
    if q.numeric_answer is not None and (q.numeric_answer, q.tolerance) != first_full:
        value, tolerance = first_full
        return [
            Problem(
                f"The correct answer ({q.numeric_answer} ± {q.tolerance}) must be the first "
                f"answer below that earns full marks ({value} ± {tolerance}); clear it and "
                "it is filled in from the answers.",
                "numeric_answer",
            )
        ]
    return []
