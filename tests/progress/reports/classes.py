"""Helpers for the teacher's class reports tests: answering, reading the grid."""

import uuid
from datetime import UTC, datetime
from html.parser import HTMLParser

from progress.practice.answers import attempt_record

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
URLS = ["teach:class_dashboard", "teach:class_grid_csv", "teach:item_analysis"]


def answer(learner, question, *, correct=True, now=NOW, choice=None):
    if choice is None:
        choice = question.choices.filter(is_correct=correct).first()
    return attempt_record(
        learner=learner,
        question=question,
        response={"choices": [choice.pk]},
        client_token=uuid.uuid4(),
        now=now,
    )


class RowCells(HTMLParser):
    """Text of every cell of each <tr id="student-N"> in the page (hidden cells skipped:
    the summary a folded topic shows)."""

    def __init__(self):
        super().__init__()
        self.rows: dict[str, list[str]] = {}
        self._row = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "tr" and (attrs.get("id") or "").startswith("student-"):
            self._row = attrs["id"]
            self.rows[self._row] = []
        elif tag in ("td", "th") and self._row and "hidden" not in attrs:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._row and self._cell is not None:
            self.rows[self._row].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr":
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def page_rows(content: bytes) -> dict[str, list[str]]:
    parser = RowCells()
    parser.feed(content.decode())
    return parser.rows
