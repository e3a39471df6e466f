"""Question-bank export: questions to GIFT, Moodle XML or Pathwise JSON.

Each question becomes a :class:`~learning.interchange.QuestionDraft` and the pure writers in
:mod:`learning.interchange` do the rest. A question's category is its topic path and concept
name, which is what ``import_questions --create-categories`` turns back into topics and a
concept. What each format carries:

- Pathwise JSON: everything.
- Moodle XML: everything; Moodle needs a fraction on every answer, so a multiple-choice
  question graded by Pathwise's default rule gets the weights that grade it the same way
  (each correct choice ``1/correct``, each wrong one ``-1/wrong``).
- GIFT: the same, but no hints and no case sensitivity, which GIFT has no syntax for.

:func:`questions_export_report` returns the text with the notes an author should read:
every question that the format, or Moodle reading it, treats differently from Pathwise
(hints left out, case sensitivity lost, Pathwise's lenient short-text matching, a
single-choice penalty that Pathwise does not apply). Pathwise JSON needs no notes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from learning import grading
from learning.interchange import (
    ChoiceDraft,
    QuestionDraft,
    draft_problems,
    write_gift,
    write_moodle_xml,
    write_pathwise_json,
)
from learning.interchange.types import TRUE_FALSE_TEXTS, numeric_choice_text
from learning.models import Choice, Concept, Question, Subject, Topic

WRITERS: dict[str, Callable[[Iterable[QuestionDraft]], str]] = {
    "gift": write_gift,
    "xml": write_moodle_xml,
    "json": write_pathwise_json,
}
FILE_EXTENSIONS = {"gift": "gift", "xml": "xml", "json": "json"}
CONTENT_TYPES = {
    "gift": "text/plain; charset=utf-8",
    "xml": "application/xml; charset=utf-8",
    "json": "application/json; charset=utf-8",
}


def questions_for_export(
    *,
    concept: Concept | None = None,
    topic: Topic | None = None,
    subject: Subject | None = None,
) -> QuerySet[Question]:
    """The questions of a concept, a topic (with its sub-topics) or a subject, in order."""
    questions = Question.objects.all()
    if concept is not None:
        questions = questions.filter(concept=concept)
    elif topic is not None:
        questions = questions.filter(concept__topic_id__in=_topic_and_descendants(topic))
    elif subject is not None:
        questions = questions.filter(concept__topic__subject=subject)
    else:
        raise ValueError("name a concept, a topic or a subject")
    return questions.order_by(
        "concept__topic__subject__order",
        "concept__topic__order",
        "concept__topic__name",
        "concept__order",
        "concept__name",
        "order",
        "pk",
    )


def _topic_and_descendants(topic: Topic) -> set[int]:
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in Topic.objects.filter(subject_id=topic.subject_id).values_list(
        "pk", "parent_id"
    ):
        children.setdefault(parent_id, []).append(pk)
    found, stack = set(), [topic.pk]
    while stack:
        pk = stack.pop()
        if pk not in found:
            found.add(pk)
            stack.extend(children.get(pk, []))
    return found


def _plain_decimal(value: Decimal) -> Decimal:
    """3.140000 -> 3.14 and 10.000000 -> 10 (never 1E+1)."""
    return Decimal(format(value.normalize(), "f"))


def question_to_draft(question: Question, category: tuple[str, ...] = ()) -> QuestionDraft:
    """The format-neutral draft of a saved question (choices from its prefetch, if any)."""
    rows = list(question.choices.all())
    choices = [
        ChoiceDraft(text=c.text, is_correct=c.is_correct, feedback=c.feedback, weight=c.weight)
        for c in rows
    ]
    numeric_answer, tolerance = None, Decimal(0)
    if question.kind == Question.Kind.NUMERIC:
        choices = [_numeric_choice(c) for c in rows]
        if question.numeric_answer is not None:
            numeric_answer = _plain_decimal(question.numeric_answer)
        tolerance = _plain_decimal(question.tolerance)
    elif question.kind == Question.Kind.TRUE_FALSE:
        by_text = {c.text.strip().casefold(): c for c in choices}
        choices = [
            replace(by_text[text.casefold()], text=text)
            for text in TRUE_FALSE_TEXTS
            if text.casefold() in by_text
        ]
    return QuestionDraft(
        kind=question.kind,
        title=question.title,
        prompt=question.prompt,
        prompt_format=question.prompt_format,
        explanation=question.explanation,
        choices=tuple(choices),
        numeric_answer=numeric_answer,
        tolerance=tolerance,
        external_id=question.external_id,
        tags=tuple(str(tag) for tag in (question.tags or ()) if str(tag).strip()),
        category=category,
        source_ref=f"question {question.pk}",
        hints=tuple(question.hints),
        case_sensitive=question.case_sensitive,
        language=question.content_language,
    )


def _numeric_choice(row: Choice) -> ChoiceDraft:
    """A numeric answer row as the drafts write it: "<value>:<tolerance>" or "*"."""
    text = row.text.strip()
    if text != grading.CATCH_ALL:
        try:
            value = _plain_decimal(Decimal(text))
        except ArithmeticError:
            value = None  # not a number: answerability says so, and stops the export
        if value is not None:
            text = numeric_choice_text(value, _plain_decimal(row.tolerance or Decimal(0)))
    return ChoiceDraft(
        text=text, is_correct=row.is_correct, feedback=row.feedback, weight=row.weight
    )


def _categories(questions: list[Question]) -> dict[int, tuple[str, ...]]:
    """Concept pk -> (topic, sub-topic..., concept) names, in two queries whatever the size."""
    subject_ids = {q.concept.topic.subject_id for q in questions}
    topics = {
        pk: (name, parent_id)
        for pk, name, parent_id in Topic.objects.filter(subject_id__in=subject_ids).values_list(
            "pk", "name", "parent_id"
        )
    }

    def path(topic_id: int | None) -> tuple[str, ...]:
        names: list[str] = []
        seen: set[int] = set()
        while topic_id is not None and topic_id not in seen:
            seen.add(topic_id)
            name, topic_id = topics[topic_id]
            names.append(name)
        return tuple(reversed(names))

    return {q.concept_id: (*path(q.concept.topic_id), q.concept.name) for q in questions}


@dataclass
class ExportReport:
    """The exported document and, per question, what the format leaves different."""

    text: str
    count: int
    notes: list[str] = field(default_factory=list)


def _notes(question: Question, draft: QuestionDraft, fmt: str) -> list[str]:
    """What a Moodle format, or Moodle reading it, will treat differently from Pathwise."""
    if fmt == "json":
        return []
    notes = []
    if fmt == "gift" and draft.hints:
        notes.append(f"{len(draft.hints)} hint(s) left out: GIFT has no syntax for hints")
    if fmt == "gift" and draft.case_sensitive:
        notes.append(
            "case-sensitive here, but GIFT cannot say so: Moodle (and Pathwise) will "
            "import it as case-insensitive"
        )
    spec = question.to_spec(list(question.choices.all()))
    if draft.kind == Question.Kind.SHORT_TEXT and not grading.uses_moodle_matching(spec):
        notes.append(
            "Pathwise matches its answers leniently (ignoring punctuation and repeated "
            "spaces); Moodle compares them exactly. Give its answers weights to grade it "
            "the Moodle way here too"
        )
    if draft.kind == Question.Kind.SINGLE:
        notes += [
            f"answer {c.text[:40]!r} weighs {c.weight:g}: Moodle takes those marks away, "
            "Pathwise scores it 0"
            for c in draft.choices
            if c.weight is not None and c.weight < 0
        ]
    return notes


def questions_export_report(*, queryset: QuerySet[Question], fmt: str) -> ExportReport:
    """The questions in ``queryset`` as a GIFT, Moodle XML or Pathwise JSON document.

    Raises ``ValidationError`` naming any question that cannot be written (a draft that
    is not answerable yet), so an export never leaves a question out silently. The
    report's notes list, per question, every difference the format leaves.
    """
    if fmt not in WRITERS:
        raise ValidationError(
            _("Unknown format %(fmt)s; use one of: %(value)s.")
            % {"fmt": repr(fmt), "value": ", ".join(WRITERS)}
        )
    questions = list(
        queryset.select_related("concept__topic__subject").prefetch_related(
            Prefetch("choices", queryset=Choice.objects.order_by("order", "pk"))
        )
    )
    categories = _categories(questions)
    drafts, problems, notes = [], [], []
    for question in questions:
        draft = question_to_draft(question, categories[question.concept_id])
        if found := draft_problems(draft) or question.answerability_errors(
            list(question.choices.all())
        ):
            problems.append(f"“{question}” (id {question.pk}): {' '.join(found)}")
        notes += [f"“{question}” (id {question.pk}): {n}" for n in _notes(question, draft, fmt)]
        drafts.append(draft)
    if problems:
        raise ValidationError(
            ["These questions cannot be exported until they are fixed:", *problems]
        )
    return ExportReport(text=WRITERS[fmt](drafts), count=len(drafts), notes=notes)


def questions_export(*, queryset: QuerySet[Question], fmt: str) -> str:
    """The document alone (:func:`questions_export_report` has the notes too)."""
    return questions_export_report(queryset=queryset, fmt=fmt).text
