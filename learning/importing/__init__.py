"""Question-bank import (GIFT, Moodle XML, Pathwise JSON); see :mod:`.service` for the rules."""

from learning.importing.report import (
    EXTENSIONS,
    FORMAT_NAMES,
    ImportedQuestion,
    ImportReport,
)
from learning.importing.service import import_format_for, questions_import

__all__ = [
    "EXTENSIONS",
    "FORMAT_NAMES",
    "ImportReport",
    "ImportedQuestion",
    "import_format_for",
    "questions_import",
]
