"""The one CSV cell rule: formulas neutralised, numbers untouched, a BOM for Excel."""

import pytest

from core.spreadsheet import BOM, csv_lines, safe_cell


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=HYPERLINK(1)", "'=HYPERLINK(1)"),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tleading tab", "'\tleading tab"),
        ("-5.25", "-5.25"),  # a learner's answer: a number, left as it is
        ("+44", "+44"),
        ("-1e3", "-1e3"),
        ("plain text", "plain text"),
        (3, 3),
        (None, ""),
    ],
)
def test_safe_cell(value, cell):
    assert safe_cell(value) == cell


def test_headers_go_through_the_same_rule_and_the_file_starts_with_a_bom():
    lines = list(csv_lines([["=Topic › Halves %", "Student"], ["-5.25", "Sam"]]))
    assert lines[0] == BOM + "'=Topic › Halves %,Student\r\n"
    assert lines[1] == "-5.25,Sam\r\n"
