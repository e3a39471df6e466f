"""Question-bank import: GIFT, Moodle XML and Pathwise JSON files into the curriculum.

The parsers in :mod:`learning.interchange` read a file into drafts (pure, no ORM); this
service places each draft in a concept and creates it through
:func:`learning.services.question_create`, so every imported question is answerable.

- All or nothing for what it accepts: one transaction. A malformed file raises
  ``ValidationError`` naming the line (or question) and writes nothing.
- Nothing is dropped silently: a question Pathwise cannot represent (essay, matching,
  cloze...) or that fails validation is listed in ``ImportReport.skipped`` with its type,
  the reason and its line or question number; anything simplified on the way (several
  numeric answers, a catch-all short answer, partial credit Pathwise does not grade) is
  listed in ``ImportReport.warnings``.
- ``dry_run`` does the whole import inside the transaction and rolls it back, so the
  preview reports exactly what a real import would do.
- Questions are created as drafts unless ``publish=True``.
- With ``create_categories`` the file's categories become curriculum under ``subject``:
  the last name of a category path is the concept, the names before it are topics (the
  first a top-level topic of the subject, each next one a sub-topic); a path of one name
  makes a topic and a concept of that name. Existing topics and concepts are reused by name.
  Questions outside any category go to ``concept`` when one is given.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Model
from django.utils.text import slugify

from learning import grading, services
from learning.interchange import (
    ParseError,
    ParseResult,
    QuestionDraft,
    Skipped,
    parse_gift,
    parse_moodle_xml,
    parse_pathwise_json,
)
from learning.interchange.types import (
    NUMERIC_CATCH_ALL,
    best_numeric_choice,
    effective_weight,
    split_numeric_choice_text,
)
from learning.models import Choice, Concept, Question, Subject, Topic

FORMAT_NAMES = {"gift": "GIFT", "xml": "Moodle XML", "json": "Pathwise JSON"}
EXTENSIONS = {".gift": "gift", ".txt": "gift", ".xml": "xml", ".json": "json"}
_PARSERS = {"gift": parse_gift, "xml": parse_moodle_xml, "json": parse_pathwise_json}


@dataclass(frozen=True)
class ImportedQuestion:
    """One question the import created (``pk`` is None in a dry run)."""

    source_ref: str
    title: str
    prompt: str
    kind: str
    concept: str
    pk: int | None

    @property
    def kind_label(self) -> str:
        return Question.Kind(self.kind).label


@dataclass
class ImportReport:
    filename: str
    format: str
    dry_run: bool
    status: str
    imported: list[ImportedQuestion] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    created_topics: list[str] = field(default_factory=list)
    created_concepts: list[str] = field(default_factory=list)

    @property
    def format_name(self) -> str:
        return FORMAT_NAMES[self.format]

    def summary(self) -> str:
        verb = "would import" if self.dry_run else "imported"
        status = "published" if self.status == Question.Status.PUBLISHED else "drafts"
        text = f"{self.filename}: {verb} {_plural(len(self.imported), 'question')} ({status})"
        if self.skipped:
            text += f", skipped {len(self.skipped)}"
        if self.created_topics or self.created_concepts:
            text += (
                f"; {'would create' if self.dry_run else 'created'} "
                f"{_plural(len(self.created_topics), 'topic')} and "
                f"{_plural(len(self.created_concepts), 'concept')}"
            )
        return text + "."


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def import_format_for(*, filename: str, fmt: str | None = None) -> str:
    """The format key ("gift", "xml", "json"): ``fmt`` if given, else from the file name."""
    if fmt:
        if fmt not in FORMAT_NAMES:
            raise ValidationError(
                f"Unknown format {fmt!r}; use one of: {', '.join(FORMAT_NAMES)}.", code="format"
            )
        return fmt
    suffix = PurePath(filename).suffix.lower()
    if suffix not in EXTENSIONS:
        known = ", ".join(EXTENSIONS)
        raise ValidationError(
            f"Cannot tell the format of {filename!r} from its name; the file should end in "
            f"{known} (GIFT, Moodle XML or Pathwise JSON), or name the format.",
            code="format",
        )
    return EXTENSIONS[suffix]


def _parse(data: bytes, fmt: str, filename: str) -> ParseResult:
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ValidationError(
            f"{filename} is not a text file (is it a Word or PDF document?). Export the "
            f"questions as {FORMAT_NAMES[fmt]} first.",
            code="binary",
        )
    source: bytes | str = data
    if fmt != "xml":  # XML files declare their own encoding
        try:
            source = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            raise ValidationError(
                f"{filename}, line {line}: the file is not UTF-8 text; save it as UTF-8 "
                "and upload it again. Nothing was imported.",
                code="encoding",
            ) from None
    try:
        return _PARSERS[fmt](source)
    except ParseError as error:
        raise ValidationError(
            f"{filename} is not a valid {FORMAT_NAMES[fmt]} file: {error}. Nothing was imported.",
            code="parse_error",
        ) from None


def questions_import(
    *,
    data: bytes,
    filename: str,
    fmt: str | None = None,
    concept: Concept | None = None,
    subject: Subject | None = None,
    create_categories: bool = False,
    publish: bool = False,
    dry_run: bool = False,
) -> ImportReport:
    """Import a question bank file; see the module docstring for the rules."""
    fmt = import_format_for(filename=filename, fmt=fmt)
    if create_categories and subject is None:
        raise ValidationError(
            "Choose the subject under which the file's categories become topics.",
            code="subject",
        )
    if not create_categories and concept is None:
        raise ValidationError("Choose the concept to import the questions into.", code="concept")
    parsed = _parse(data, fmt, filename)
    status = Question.Status.PUBLISHED if publish else Question.Status.DRAFT
    report = ImportReport(filename=filename, format=fmt, dry_run=dry_run, status=status)
    report.skipped.extend(parsed.skipped)
    report.warnings.extend(parsed.warnings)
    with transaction.atomic(durable=True):
        placer = _Placer(
            subject=subject, concept=concept, create_categories=create_categories, report=report
        )
        for draft in parsed.questions:
            target = placer.concept_for(draft.category)
            if target is None:
                report.skipped.append(
                    Skipped(
                        draft.source_ref,
                        draft.kind,
                        draft.title,
                        "the question is in no category and no concept was chosen for it",
                    )
                )
                continue
            _import_one(draft, concept=target, status=status, placer=placer, report=report)
        if dry_run:
            transaction.set_rollback(True)
    report.skipped.sort(key=_source_order)
    return report


def _source_order(skipped: Skipped) -> tuple[int, str]:
    number = skipped.source_ref.rsplit(" ", 1)[-1]
    return (int(number) if number.isdigit() else 0, skipped.source_ref)


# --- placing questions in the curriculum ------------------------------------------------


def _unique_slug(model: type[Model], name: str, fallback: str) -> str:
    base = slugify(name)[:120].strip("-") or fallback
    slug, number = base, 1
    while model.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


class _Placer:
    """Finds (or creates) the concept of each category path, and the next order in it."""

    def __init__(
        self,
        *,
        subject: Subject | None,
        concept: Concept | None,
        create_categories: bool,
        report: ImportReport,
    ) -> None:
        self.subject = subject
        self.concept = concept
        self.create_categories = create_categories
        self.report = report
        self.concepts: dict[tuple[str, ...], Concept] = {}
        self.orders: dict[int, int] = {}

    def concept_for(self, category: tuple[str, ...]) -> Concept | None:
        if not self.create_categories or not category:
            return self.concept
        names = tuple(name[:120] for name in category)
        if names not in self.concepts:
            self.concepts[names] = self._concept(names)
        return self.concepts[names]

    def _concept(self, names: tuple[str, ...]) -> Concept:
        topic_names, concept_name = (names[:-1] or names), names[-1]
        parent: Topic | None = None
        path: list[str] = []
        for name in topic_names:
            path.append(name)
            topic = Topic.objects.filter(subject=self.subject, name=name).first()
            if topic is None:
                topic = Topic.objects.create(
                    subject=self.subject,
                    parent=parent,
                    name=name,
                    slug=_unique_slug(Topic, name, "topic"),
                )
                self.report.created_topics.append(" › ".join(path))
            parent = topic
        concept = Concept.objects.filter(topic=parent, name=concept_name).first()
        if concept is None:
            concept = Concept.objects.create(
                topic=parent, name=concept_name, slug=_unique_slug(Concept, concept_name, "concept")
            )
            self.report.created_concepts.append(" › ".join([*path, concept_name]))
        return concept

    def next_order(self, concept: Concept) -> int:
        if concept.pk not in self.orders:
            highest = concept.questions.aggregate(highest=Max("order"))["highest"]
            self.orders[concept.pk] = -1 if highest is None else highest
        self.orders[concept.pk] += 1
        return self.orders[concept.pk]


# --- one question -------------------------------------------------------------------------

ChoiceRow = tuple[str, bool, str, float | None]


def _warn_numeric(draft: QuestionDraft, report: ImportReport) -> None:
    """Pathwise keeps one numeric answer, the best one; say what else was left behind."""
    graded = [c for c in draft.choices if c.text != NUMERIC_CATCH_ALL and effective_weight(c) > 0]
    best = best_numeric_choice(draft.choices)
    left = []
    if len(graded) > 1 and best is not None:
        others = [
            f"{value} ± {tolerance} ({effective_weight(c):.0%})"
            for c in graded
            if c is not best
            for value, tolerance in [split_numeric_choice_text(c.text)]
        ]
        left.append(
            f"{len(graded)} numeric answers; kept the best one ({draft.numeric_answer} ± "
            f"{draft.tolerance}), dropped {', '.join(others)}"
        )
    if any(c.feedback.strip() for c in draft.choices):
        left.append("feedback on numeric answers is not kept")
    if left:
        report.warnings.append(f"{draft.source_ref}: {'; '.join(left)}")


def _short_text_choices(draft: QuestionDraft, report: ImportReport) -> list[ChoiceRow]:
    rows: list[ChoiceRow] = []
    seen: set[str] = set()
    for choice in draft.choices:
        if choice.text.strip() == NUMERIC_CATCH_ALL:
            report.warnings.append(
                f"{draft.source_ref}: the catch-all answer '*' was left out (Pathwise has "
                "no 'anything else' answer)"
                + (f"; its feedback was {choice.feedback!r}" if choice.feedback else "")
            )
            continue
        key = grading.normalise_text(choice.text)
        if key and key in seen:
            report.warnings.append(
                f"{draft.source_ref}: answer {choice.text!r} repeats an earlier one once case "
                "and punctuation are ignored, and was left out"
            )
            continue
        seen.add(key)
        if choice.is_correct and choice.weight is not None and choice.weight < 1:
            report.warnings.append(
                f"{draft.source_ref}: answer {choice.text!r} earns {choice.weight:.0%} in the "
                "source; Pathwise accepts it as fully correct (the weight is kept for export)"
            )
        rows.append((choice.text, choice.is_correct, choice.feedback, choice.weight))
    return rows


def _choice_rows(draft: QuestionDraft, report: ImportReport) -> list[ChoiceRow]:
    if draft.kind == Question.Kind.NUMERIC:
        return []
    if draft.kind == Question.Kind.SHORT_TEXT:
        return _short_text_choices(draft, report)
    weights = [c.weight for c in draft.choices]
    if draft.kind == Question.Kind.SINGLE and any(0 < (w or 0) < 1 for w in weights):
        report.warnings.append(
            f"{draft.source_ref}: partial credit on a single-answer question is kept for "
            "export, but Pathwise grades single-answer questions right or wrong"
        )
    if (
        draft.kind == Question.Kind.MULTIPLE
        and None in weights
        and any(w is not None for w in weights)
    ):
        report.warnings.append(
            f"{draft.source_ref}: only some answers have a weight, so the weights are "
            "ignored and Pathwise's partial-credit rule applies"
        )
    return [(c.text, c.is_correct, c.feedback, c.weight) for c in draft.choices]


def _create(
    draft: QuestionDraft, *, concept: Concept, status: str, order: int, rows: Sequence[ChoiceRow]
) -> Question:
    """Create the question through the service, then give its choices their weights."""
    hints = [*draft.hints, "", "", ""]
    question = services.question_create(
        concept=concept,
        kind=draft.kind,
        prompt=draft.prompt,
        choices=[(text, correct, feedback) for text, correct, feedback, _ in rows],
        title=draft.title,
        explanation=draft.explanation,
        hint_1=hints[0],
        hint_2=hints[1],
        hint_3=hints[2],
        status=status,
        order=order,
        prompt_format=draft.prompt_format,
        external_id=draft.external_id,
        tags=list(draft.tags),
        # Kept only where it differs from the subject's: blank follows the subject.
        language="" if draft.language == concept.topic.subject.language else draft.language,
        **(
            {"numeric_answer": draft.numeric_answer, "tolerance": draft.tolerance}
            if draft.kind == Question.Kind.NUMERIC
            else {}
        ),
    )
    if any(weight is not None for *_, weight in rows):
        choices = list(question.choices.order_by("order", "pk"))
        for choice, (*_, weight) in zip(choices, rows, strict=True):
            choice.weight = weight
        Choice.objects.bulk_update(choices, ["weight"])
        if errors := question.answerability_errors(choices):
            raise ValidationError(errors)
    return question


def _import_one(
    draft: QuestionDraft,
    *,
    concept: Concept,
    status: str,
    placer: _Placer,
    report: ImportReport,
) -> None:
    def skip(reason: str) -> None:
        report.skipped.append(Skipped(draft.source_ref, draft.kind, draft.title, reason))

    if (
        draft.external_id
        and Question.objects.filter(concept=concept, external_id=draft.external_id).exists()
    ):
        skip(f"already imported: concept “{concept}” has a question with id {draft.external_id!r}")
        return
    title_max = Question._meta.get_field("title").max_length
    if len(draft.title) > title_max:
        report.warnings.append(
            f"{draft.source_ref}: the title was shortened to {title_max} characters"
        )
        draft = replace(draft, title=draft.title[: title_max - 1] + "…")
    if draft.kind == Question.Kind.NUMERIC:
        _warn_numeric(draft, report)
    rows = _choice_rows(draft, report)
    try:
        with transaction.atomic():
            question = _create(
                draft, concept=concept, status=status, order=placer.next_order(concept), rows=rows
            )
    except ValidationError as error:
        skip(" ".join(error.messages))
        return
    report.imported.append(
        ImportedQuestion(
            source_ref=draft.source_ref,
            title=draft.title,
            prompt=draft.prompt,
            kind=draft.kind,
            concept=f"{concept.topic} › {concept}",
            pk=None if report.dry_run else question.pk,
        )
    )
