"""Reading CSV downloads in tests the way a spreadsheet program would."""

import csv
import io

from core.spreadsheet import BOM


def csv_text(response) -> str:
    """The body of a CSV response (streamed or not) as text, checking it starts with the
    UTF-8 byte-order mark that makes Excel read non-ASCII text correctly."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8")
    assert text.startswith(BOM), "CSV downloads start with a UTF-8 BOM"
    return text[len(BOM) :]


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(csv_text(response))))
