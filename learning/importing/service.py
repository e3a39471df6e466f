"""Question-bank import: GIFT, Moodle XML and Pathwise JSON files into the curriculum.

The parsers in :mod:`learning.interchange` read a file into drafts (pure, no ORM); this
service places each draft in a concept and creates it through
:func:`learning.services.question_create`, so every imported question is answerable.

- All or nothing for what it accepts: one transaction. A malformed file raises
  ``ValidationError`` listing every problem found (line, or question number) and writes
  nothing.
- Nothing is dropped silently: a question Pathwise cannot represent (essay, matching,
  cloze...) or that fails validation is listed in ``ImportReport.skipped`` with its type,
  its line or question number and the reason, which names the field; a question already in
  the target concept (same external id, or same kind, prompt and answers) is skipped as a
  duplicate; anything Pathwise still treats differently from the source is listed in
  ``ImportReport.warnings`` (:mod:`learning.importing.rows`).
- GIFT and Moodle XML questions keep every answer's fraction as Moodle reads it, and are
  graded by Moodle's rules (:mod:`learning.grading`); Pathwise JSON is taken as written.
- ``dry_run`` does the whole import inside the transaction and rolls it back, so the
  preview reports exactly what a real import would do.
- Questions are created as drafts unless ``publish=True``.
- ``create_categories`` turns the file's categories into topics and concepts under
  ``subject`` (:mod:`learning.importing.placing`); questions outside any category go to
  ``concept`` when one is given.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from learning import services
from learning.interchange import (
    ParseError,
    ParseResult,
    QuestionDraft,
    Skipped,
    parse_gift,
    parse_moodle_xml,
    parse_pathwise_json,
)
from learning.interchange.types import moodle_fractions
from learning.models import Concept, Question, Subject

from .placing import Placer, fingerprint
from .report import (
    ALREADY_IMPORTED,
    DUPLICATE,
    EXTENSIONS,
    FORMAT_NAMES,
    ImportedQuestion,
    ImportReport,
    plural,
)
from .rows import draft_rows

_PARSERS = {"gift": parse_gift, "xml": parse_moodle_xml, "json": parse_pathwise_json}
_MOODLE_FORMATS = frozenset({"gift", "xml"})


def import_format_for(*, filename: str, fmt: str | None = None) -> str:
    """The format key ("gift", "xml", "json"): ``fmt`` if given, else from the file name."""
    if fmt:
        if fmt not in FORMAT_NAMES:
            raise ValidationError(
                _("Unknown format %(fmt)s; use one of: %(value)s.")
                % {"fmt": repr(fmt), "value": ", ".join(FORMAT_NAMES)},
                code="format",
            )
        return fmt
    suffix = PurePath(filename).suffix.lower()
    if suffix not in EXTENSIONS:
        known = ", ".join(EXTENSIONS)
        raise ValidationError(
            _(
                "Cannot tell the format of %(filename)s from its name; the file should end "
                "in %(known)s (GIFT, Moodle XML or Pathwise JSON), or name the format."
            )
            % {"filename": repr(filename), "known": known},
            code="format",
        )
    return EXTENSIONS[suffix]


def _parse(data: bytes, fmt: str, filename: str) -> ParseResult:
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ValidationError(
            _(
                "%(filename)s is not a text file (is it a Word or PDF document?). Export the "
                "questions as %(value)s first."
            )
            % {"filename": filename, "value": FORMAT_NAMES[fmt]},
            code="binary",
        )
    source: bytes | str = data
    if fmt != "xml":  # XML files declare their own encoding
        try:
            source = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            raise ValidationError(
                _(
                    "%(filename)s, line %(line)s: the file is not UTF-8 text; save it as UTF-8 "
                    "and upload it again. Nothing was imported."
                )
                % {"filename": filename, "line": line},
                code="encoding",
            ) from None
    try:
        return _PARSERS[fmt](source)
    except ParseError as error:
        problems = error.errors
        if len(problems) == 1:
            message = f"{filename} is not a valid {FORMAT_NAMES[fmt]} file: {problems[0]}."
            raise ValidationError(
                _("%(message)s Nothing was imported.") % {"message": message}, code="parse_error"
            ) from None
        head = (
            f"{filename} is not a valid {FORMAT_NAMES[fmt]} file "
            f"({plural(len(problems), 'problem')}). Nothing was imported:"
        )
        raise ValidationError([head, *problems], code="parse_error") from None


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
            _("Choose the subject under which the file's categories become topics."),
            code="subject",
        )
    if not create_categories and concept is None:
        raise ValidationError(_("Choose the concept to import the questions into."), code="concept")
    parsed = _parse(data, fmt, filename)
    status = Question.Status.PUBLISHED if publish else Question.Status.DRAFT
    report = ImportReport(filename=filename, format=fmt, dry_run=dry_run, status=status)
    report.skipped.extend(parsed.skipped)
    report.warnings.extend(parsed.warnings)
    with transaction.atomic(durable=True):
        placer = Placer(
            subject=subject,
            concept=concept,
            create_categories=create_categories,
            report=report,
            categories=[draft.category for draft in parsed.questions],
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
            if fmt in _MOODLE_FORMATS:
                draft = moodle_fractions(draft)
            _import_one(draft, concept=target, status=status, placer=placer, report=report)
        if dry_run:
            transaction.set_rollback(True)
    report.skipped.sort(key=_source_order)
    return report


def _source_order(skipped: Skipped) -> tuple[int, str]:
    number = skipped.source_ref.rsplit(" ", 1)[-1]
    return (int(number) if number.isdigit() else 0, skipped.source_ref)


# --- one question -------------------------------------------------------------------------


def _import_one(
    draft: QuestionDraft,
    *,
    concept: Concept,
    status: str,
    placer: Placer,
    report: ImportReport,
) -> None:
    def skip(reason: str) -> None:
        report.skipped.append(Skipped(draft.source_ref, draft.kind, draft.title, reason))

    if (
        draft.external_id
        and Question.objects.filter(concept=concept, external_id=draft.external_id).exists()
    ):
        skip(
            f"{ALREADY_IMPORTED}: concept “{concept}” has a question with id {draft.external_id!r}"
        )
        return
    warnings = []
    title_max = Question._meta.get_field("title").max_length
    if len(draft.title) > title_max:
        warnings.append(f"the title was shortened to {title_max} characters")
        draft = replace(draft, title=draft.title[: title_max - 1] + "…")
    fields, rows, differences = draft_rows(draft)
    key = fingerprint(
        kind=draft.kind,
        title=draft.title,
        prompt=draft.prompt,
        explanation=draft.explanation,
        choices=rows,
        numeric_answer=fields.get("numeric_answer"),
        tolerance=fields.get("tolerance"),
    )
    if (same := placer.duplicate_of(concept, key)) is not None:
        label = f" (question {same.pk}{', ' + repr(same.title) if same.title else ''})"
        skip(
            f"{DUPLICATE}: concept “{concept}” already has this question{label if same.pk else ''}"
            ": same kind, title, prompt, answers and feedback"
        )
        return
    hints = [*draft.hints, "", "", ""]
    try:
        with transaction.atomic():
            question = services.question_create(
                concept=concept,
                kind=draft.kind,
                prompt=draft.prompt,
                choices=rows,
                title=draft.title,
                explanation=draft.explanation,
                hint_1=hints[0],
                hint_2=hints[1],
                hint_3=hints[2],
                status=status,
                order=placer.next_order(concept),
                prompt_format=draft.prompt_format,
                external_id=draft.external_id,
                tags=list(draft.tags),
                # Kept only where it differs from the subject's: blank follows the subject.
                language="" if draft.language == concept.topic.subject.language else draft.language,
                **fields,
            )
    except ValidationError as error:
        skip(" ".join(error.messages))
        return
    placer.remember(concept, key, question)
    report.warnings.extend(f"{draft.source_ref}: {w}" for w in [*warnings, *differences])
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
