"""The tables an export holds and the file formats they are written in (JSON, CSV zip, xAPI).

A class export is :func:`class_tables`; a learner's own export is ``exports.personal``.

Builders stream rows with ``.iterator()``, so memory does not grow with the export's size.
"""

import csv
import io
import json
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from core.spreadsheet import safe_row
from progress.interop.statements import attempt_statement, statements_queryset
from progress.mastery.status import LABELS, status_at
from progress.models import Attempt, ConceptMastery

CHUNK = 2000


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[str, ...]
    rows: Callable[[], Iterable[tuple]]  # called once, when the table is written
    # For the privacy page (``exports.personal``): what the table holds, in a sentence, and
    # the models ("app.Model") its rows come from.
    description: str = ""
    sources: tuple[str, ...] = ()


# Apps above progress add their tables to a learner's personal export by registering a
# provider (achievements does, for badges and points, in its AppConfig.ready): progress never
# imports them or looks their models up by name.
LearnerTableProvider = Callable[[QuerySet], list[Table]]
_learner_table_providers: list[LearnerTableProvider] = []


def learner_tables_register(provider: LearnerTableProvider) -> None:
    """Add ``provider(learner_ids)`` -> tables to every personal ("my data") export."""
    if provider not in _learner_table_providers:
        _learner_table_providers.append(provider)


ATTEMPT_COLUMNS = (
    "attempt_id",
    "learner_id",
    "username",
    "answered_at",
    "local_date",
    "concept",
    "question_id",
    "question_kind",
    "question_prompt",
    "response",
    "score",
    "is_correct",
    "time_taken_seconds",
    "hints_used",
    "confidence",
    "session_id",
    "mastery_before",
    "mastery_after",
    "client_token",
)


def attempt_rows(learners: QuerySet[User]) -> Iterator[tuple]:
    rows = (
        Attempt.objects.filter(learner__in=learners)
        .order_by("learner_id", "created_at", "pk")
        .values_list(
            "pk",
            "learner_id",
            "learner__username",
            "created_at",
            "local_date",
            "concept__slug",
            "question_id",
            "question_snapshot",
            "response_text",
            "score",
            "is_correct",
            "time_taken_seconds",
            "hints_used",
            "confidence",
            "session_id",
            "mastery_before",
            "mastery_after",
            "client_token",
        )
        .iterator(chunk_size=CHUNK)
    )
    for row in rows:
        snapshot = row[7] or {}
        yield (*row[:7], snapshot.get("kind", ""), snapshot.get("prompt", ""), *row[8:])


MASTERY_COLUMNS = (
    "learner_id",
    "username",
    "concept",
    "concept_name",
    "p_known",
    "status",
    "attempts",
    "correct",
    "mastered_at",
    "last_attempt_at",
    "review_due_at",
    "status_label",
)


def mastery_rows(learners: QuerySet[User], *, extra: tuple[str, ...] = ()) -> Iterator[tuple]:
    """One row per concept; ``status`` is the status when the export is made (the one status
    function, as every page shows it) and ``status_label`` its plain-language label; then the
    ``extra`` fields of each row, as stored."""
    now = timezone.now()
    rows = (
        ConceptMastery.objects.filter(learner__in=learners)
        .order_by("learner_id", "concept_id")
        .values_list(
            "learner_id",
            "learner__username",
            "concept__slug",
            "concept__name",
            "p_known",
            "status",
            "attempts",
            "correct",
            "mastered_at",
            "last_attempt_at",
            "review_due_at",
            "was_mastered",
            *extra,
        )
        .iterator(chunk_size=CHUNK)
    )
    for row in rows:
        base, was_mastered, rest = row[:11], row[11], row[12:]
        status = status_at(
            stored=base[5], was_mastered=was_mastered, review_due_at=base[10], now=now
        )
        yield (*base[:5], status, *base[6:], LABELS[status], *rest)


def class_tables(learners: QuerySet[User]) -> list[Table]:
    """A class or everything: the learners' attempts and mastery."""
    return [
        Table("attempts", ATTEMPT_COLUMNS, lambda: attempt_rows(learners)),
        Table("mastery", MASTERY_COLUMNS, lambda: mastery_rows(learners)),
    ]


def learner_table_providers() -> list[LearnerTableProvider]:
    return list(_learner_table_providers)


def write_csv_zip(tables: list[Table], fh: IO[bytes]) -> int:
    """A zip with one UTF-8 CSV per table (with a BOM, cells spreadsheet-safe: see
    ``core.spreadsheet``); returns the number of rows written."""
    records = 0
    with zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for table in tables:
            with (
                archive.open(f"{table.name}.csv", "w", force_zip64=True) as raw,
                io.TextIOWrapper(raw, encoding="utf-8-sig", newline="") as text,
            ):
                writer = csv.writer(text)
                writer.writerow(safe_row(table.columns))
                for row in table.rows():
                    writer.writerow(safe_row(_flat(value) for value in row))
                    records += 1
    return records


def _flat(value: Any) -> Any:
    """A JSON value (a plan's left-out list, an event's data) as JSON text in its CSV cell."""
    if isinstance(value, dict | list):
        return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)
    return value


def write_json(tables: list[Table], fh: IO[bytes], *, meta: dict) -> int:
    """One JSON object: ``meta`` plus a list of row objects per table (streamed)."""
    records = 0

    def dump(value: Any) -> bytes:
        return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False).encode()

    fh.write(b'{"export": ' + dump(meta))
    for table in tables:
        fh.write(b", " + dump(table.name) + b": [")
        for i, row in enumerate(table.rows()):
            fh.write((b", " if i else b"") + dump(dict(zip(table.columns, row, strict=True))))
            records += 1
        fh.write(b"]")
    fh.write(b"}\n")
    return records


def write_xapi_lines(learners: QuerySet[User], fh: IO[bytes]) -> int:
    records = 0
    for attempt in statements_queryset(learners=learners).iterator(chunk_size=CHUNK):
        statement = attempt_statement(attempt, concept=attempt.concept)
        fh.write(json.dumps(statement, ensure_ascii=False).encode() + b"\n")
        records += 1
    return records
