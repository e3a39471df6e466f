"""The third-party question banks the tests read, named here so collection never needs them.

The files live in ``../shared/data/question-banks`` (see its README). Tests parametrised over
these fixed lists are always collected: each one skips with a reason when the data is
absent, and fails under ``CI=true`` (:func:`tests.conftest.require_shared_data`), so a
missing checkout never makes a test vanish. ``test_bank_lists_match_the_shared_directory``
fails when a file is added to or removed from the directory without updating the lists.
"""

from pathlib import Path

from tests.conftest import require_shared_data

PEG_FILES = [
    "TFTwoFeedback.gift",
    "category1.gift",
    "categorySpecialCharacter.gift",
    "description1.gift",
    "descriptionWithID.gift",
    "escapeColon.gift",
    "escapeEquals.gift",
    "essay1.gift",
    "formatExamples.gift",
    "markdown.gift",
    "matching1.gift",
    "mc1.gift",
    "mc2.gift",
    "mc4.gift",
    "mc5.gift",
    "multiLineFeedback1.gift",
    "shortAnswer1.gift",
    "shortAnswer2.gift",
    "shortAnswerNotMatching.gift",
    "shortFirstEmbedded.gift",
    "shortFirstEmbeddedUnderline.gift",
    "symbolsAll.gift",
    "tag_id.gift",
    "tag_id_and_two_tags.gift",
    "tag_two_tags.gift",
    "tf1.gift",
    "tf1_html.gift",
    "tf2.gift",
    "totara_moodle_backslash.gift",
    "totara_moodle_essay.gift",
    "totara_moodle_match.gift",
    "totara_moodle_multichoice.gift",
    "totara_moodle_pre_content.gift",
    "totara_moodle_shortanswer.gift",
    "totara_moodle_truefalse.gift",
    "totara_moodle_truefalse_true_answer1.gift",
    "type_inferred_multiline_markdown.gift",
]
"""GIFT-grammar-PEG.js's test corpus (each with a ``.json`` file holding its expected parse)."""

CORE_GIFT = "moodle-core/questions_in_category.gift.txt"
CORE_XML = "moodle-core/category_with_description.xml"
TOOLS_XML = [
    "moodle-tools/essayRef.xml",
    "moodle-tools/matchingRef.xml",
    "moodle-tools/missing-wordsRef.xml",
    "moodle-tools/multiple-choiceRef.xml",
    "moodle-tools/orderingRef.xml",
    "moodle-tools/true-falseRef.xml",
]
BANK_FILES = [f"gift-peg/{name}" for name in PEG_FILES] + [CORE_GIFT, CORE_XML, *TOOLS_XML]
"""Every question-bank file in the shared directory, relative to it."""


def bank(relative: str) -> Path:
    """A shared question-bank file; skipped when absent, a failure under CI=true."""
    return require_shared_data(f"question-banks/{relative}")


def bank_files_on_disk() -> list[str]:
    root = bank(".")
    suffixes = (".gift", ".xml", ".txt")
    return sorted(
        str(path.relative_to(root))
        for path in root.rglob("*")
        if path.is_file() and path.name.endswith(suffixes) and path.name != "README.md"
    )
