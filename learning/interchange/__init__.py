"""Question-bank interchange: pure parsers and writers, no ORM.

GIFT and Moodle XML (what Moodle and most LMSs export) and Pathwise's own JSON all read into
:class:`QuestionDraft` lists; questions Pathwise cannot represent come back in
``ParseResult.skipped`` with their type and position, never dropped silently.
"""

from learning.interchange.gift import parse_gift
from learning.interchange.gift_writer import write_gift
from learning.interchange.moodle_xml import parse_moodle_xml
from learning.interchange.moodle_xml_writer import write_moodle_xml
from learning.interchange.pathwise_json import parse_pathwise_json, write_pathwise_json
from learning.interchange.types import (
    KINDS,
    PROMPT_FORMATS,
    ChoiceDraft,
    ParseError,
    ParseResult,
    QuestionDraft,
    Skipped,
    draft_problems,
)

__all__ = [
    "KINDS",
    "PROMPT_FORMATS",
    "ChoiceDraft",
    "ParseError",
    "ParseResult",
    "QuestionDraft",
    "Skipped",
    "draft_problems",
    "parse_gift",
    "parse_moodle_xml",
    "parse_pathwise_json",
    "write_gift",
    "write_moodle_xml",
    "write_pathwise_json",
]
