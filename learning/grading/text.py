"""Grading short-text answers: Pathwise's lenient matching, or Moodle's first matching answer."""

import re
import unicodedata
from fractions import Fraction

from django.utils.translation import gettext as _

from learning.grading.specs import (
    ChoiceSpec,
    GradeResult,
    InvalidResponse,
    QuestionSpec,
    check_length,
    clip_score,
    effective_fraction,
)

PHP_TRIM = " \t\n\r\0\x0b"
"""What PHP's ``trim()`` strips (and so Moodle's PARAM_RAW_TRIMMED): not other Unicode spaces."""

_STARS = re.compile(r"(?<!\\)\*+")


def normalise_text(text: str, *, case_sensitive: bool = False) -> str:
    """The comparison form of a short-text answer under Pathwise's rule (package docstring)."""
    s = unicodedata.normalize("NFKC", text)
    if not case_sensitive:
        s = s.casefold()
    s = unicodedata.normalize("NFKC", s)
    kept = []
    for i, ch in enumerate(s):
        category = unicodedata.category(ch)
        if category == "Cf":
            continue
        if category.startswith("P") and not (
            0 < i < len(s) - 1 and s[i - 1].isdigit() and s[i + 1].isdigit()
        ):
            continue
        kept.append(ch)
    return " ".join("".join(kept).split())


def uses_moodle_matching(q: QuestionSpec) -> bool:
    """Short text is matched the Moodle way as soon as any answer carries a weight."""
    return any(c.weight is not None for c in q.choices)


def wildcard_pattern(pattern: str, *, case_sensitive: bool) -> re.Pattern[str]:
    """Moodle's ``compare_string_with_wildcard`` as a regular expression.

    The answer is NFC-normalised and split on unescaped runs of ``*`` (each run matches any
    text); ``\\*`` is a literal star; the whole response must match; case is ignored
    unless the question is case-sensitive.
    """
    bits = _STARS.split(unicodedata.normalize("NFC", pattern))
    regex = ".*".join(re.escape(bit.replace("\\*", "*")) for bit in bits)
    return re.compile(regex, 0 if case_sensitive else re.IGNORECASE)


def moodle_matches(response: str, pattern: str, *, case_sensitive: bool) -> bool:
    candidate = unicodedata.normalize("NFC", response).strip(PHP_TRIM)
    compiled = wildcard_pattern(pattern, case_sensitive=case_sensitive)
    return compiled.fullmatch(candidate) is not None


def _pathwise_match(q: QuestionSpec, answer: str) -> ChoiceSpec | None:
    key = normalise_text(answer, case_sensitive=q.case_sensitive)
    ordered = sorted(q.choices, key=lambda c: not c.is_correct)  # stable: accepted first
    return next(
        (
            c
            for c in ordered
            if key and normalise_text(c.text, case_sensitive=q.case_sensitive) == key
        ),
        None,
    )


def grade_short_text(q: QuestionSpec, text: str) -> GradeResult:
    """Score as described in the package docstring; the matched answer's feedback is returned."""
    raw = check_length(text)
    if uses_moodle_matching(q):
        shown_text = raw.strip(PHP_TRIM)
        if not shown_text:
            raise InvalidResponse(_("Please type an answer."))
        matched = next(
            (
                c
                for c in q.choices
                if moodle_matches(shown_text, c.text, case_sensitive=q.case_sensitive)
            ),
            None,
        )
        score = Fraction(0) if matched is None else clip_score(effective_fraction(matched))
    else:
        shown_text = raw.strip()
        if not shown_text:
            raise InvalidResponse(_("Please type an answer."))
        matched = _pathwise_match(q, shown_text)
        score = Fraction(int(matched is not None and matched.is_correct))
    return GradeResult(
        score=float(score),
        is_correct=score == 1,
        feedback=(matched.feedback,) if matched and matched.feedback else (),
        response={"text": shown_text},
        response_text=shown_text,
        matched=None if matched is None else matched.id,
    )
