"""CSV that spreadsheets open safely and correctly: the one cell rule every CSV uses.

Spreadsheet programs run a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return as a formula ("CSV injection"): names, prompts, topic names and answers are
typed by people, so such text is prefixed with an apostrophe, which spreadsheets show as
text. A value that is a plain number (``-5.25``, ``+44``, ``1e3``) is left alone: it cannot
run, and mangling it would turn a learner's answer into a different string. Headers go
through the same rule. Files start with a UTF-8 byte-order mark so Excel reads non-ASCII
prompts and names correctly (other programs ignore it).
"""

import csv
import re
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import Any

from django.http import StreamingHttpResponse
from django.utils.functional import Promise

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def safe_cell(value: Any) -> Any:
    """``value`` as a CSV cell: None empty, dates ISO 8601, formula-like text neutralised."""
    if value is None:
        return ""
    if isinstance(value, Promise):  # a translated label (gettext_lazy): its text now
        value = str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        if _PLAIN_NUMBER.fullmatch(value):
            return value
        return "'" + value
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    return [safe_cell(v) for v in values]


class _Echo:
    """A file-like object whose write() returns the line, for streaming csv.writer output."""

    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[Iterable[Any]], *, bom: bool = True) -> Iterator[str]:
    """Encoded-as-text CSV lines (the first one starting with the BOM), every cell safe:
    for ``StreamingHttpResponse`` or for writing to a text file."""
    writer = csv.writer(_Echo())
    first = True
    for row in rows:
        line = writer.writerow(safe_row(row))
        if first and bom:
            line = BOM + line
        first = False
        yield line


def csv_download(rows: Iterable[Iterable[Any]], *, filename: str) -> StreamingHttpResponse:
    """A streamed CSV attachment (BOM first, every cell safe); ``rows`` may be a generator,
    so memory does not grow with the file."""
    response = StreamingHttpResponse(csv_lines(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
