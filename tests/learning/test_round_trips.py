"""Writers and parsers together: what is written reads back as the same question."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from learning.interchange import (
    ChoiceDraft,
    QuestionDraft,
    parse_gift,
    parse_moodle_xml,
    parse_pathwise_json,
    write_gift,
    write_moodle_xml,
    write_pathwise_json,
)
from tests.learning.banks import PEG_FILES, bank
from tests.learning.interchange_cases import (
    comparable,
    meaning,
)

# --- round trips ----------------------------------------------------------------------------


def draft(**overrides) -> QuestionDraft:
    base = {
        "kind": "single",
        "title": "A title: with {braces} & = ~ # \\ signs",
        "prompt": "Line one\n\nLine two with <b>html</b> and 50% of [brackets]",
        "prompt_format": "html",
        "explanation": "Because.\nReally.",
        "choices": (ChoiceDraft("right", True, "yes!"), ChoiceDraft("wrong", False, "no")),
        "numeric_answer": None,
        "tolerance": Decimal(0),
        "external_id": "ext-1",
        "tags": ("alpha", "beta"),
        "category": ("Unit 1", "Part/A"),
        "source_ref": "",
    }
    return QuestionDraft(**{**base, **overrides})


HAND_MADE = [
    draft(),
    draft(prompt_format="moodle", prompt="[html] looks like a format", title="", tags=()),
    draft(
        kind="multiple",
        prompt_format="markdown",
        choices=(
            ChoiceDraft("a", True, "", 0.5),
            ChoiceDraft("b", True, "", 0.5),
            ChoiceDraft("c", False, "bad", -1.0),
            ChoiceDraft("%5% of it", False, "", 0.0),
        ),
    ),
    draft(
        kind="multiple",
        choices=(ChoiceDraft("x", True), ChoiceDraft("y", True), ChoiceDraft("z", False)),
    ),
    draft(
        kind="single",
        choices=(
            ChoiceDraft("best", True, "", 1.0),
            ChoiceDraft("half", False, "", 0.5),
            ChoiceDraft("none", False, "", 0.0),
        ),
    ),
    draft(
        kind="true_false",
        choices=(ChoiceDraft("True", False, "Think again"), ChoiceDraft("False", True, "Yes")),
    ),
    draft(
        kind="true_false",
        choices=(ChoiceDraft("True", True, "Well done"), ChoiceDraft("False", False, "")),
    ),
    draft(
        kind="short_text",
        prompt_format="plain",
        choices=(
            ChoiceDraft("Paris", True, "", None),
            ChoiceDraft("Lutèce", True, "Old name", 0.5),
            ChoiceDraft("Lyon", False, "No", 0.0),
        ),
    ),
    draft(
        kind="numeric",
        numeric_answer=Decimal("3.14"),
        tolerance=Decimal("0.01"),
        choices=(
            ChoiceDraft("3.14:0.01", True, "Yes"),
            ChoiceDraft("3:0.2", True, "Roughly", 0.333333),
            ChoiceDraft("*", False, "No"),
        ),
    ),
]


def test_hand_made_drafts_round_trip_through_gift():
    written = write_gift(HAND_MADE)
    result = parse_gift(written)
    assert (result.skipped, result.warnings) == ([], [])
    assert meaning(result.questions) == meaning(HAND_MADE)
    assert [q.category for q in result.questions] == [("Unit 1", "Part/A")] * len(HAND_MADE)


def test_hand_made_drafts_round_trip_through_moodle_xml():
    hinted = [dataclasses.replace(q, hints=("First hint", "Second")) for q in HAND_MADE]
    result = parse_moodle_xml(write_moodle_xml(hinted))
    assert result.skipped == []
    # XML always states fractions, so a weight left implicit comes back explicit.
    again = parse_moodle_xml(write_moodle_xml(result.questions))
    assert comparable(again.questions) == comparable(result.questions)
    assert [(q.kind, q.prompt, q.hints) for q in result.questions] == [
        (q.kind, q.prompt.strip(), q.hints) for q in hinted
    ]
    assert [q.category for q in result.questions] == [("Unit 1", "Part/A")] * len(HAND_MADE)


def test_hand_made_drafts_round_trip_through_pathwise_json():
    hinted = [dataclasses.replace(q, hints=("One hint",)) for q in HAND_MADE]
    result = parse_pathwise_json(write_pathwise_json(hinted))
    assert [dataclasses.replace(q, source_ref="") for q in result.questions] == hinted


def test_numeric_draft_without_choices_writes_its_answer():
    bare = draft(kind="numeric", choices=(), numeric_answer=Decimal("-2.5"), tolerance=Decimal(1))
    for write, parse in ((write_gift, parse_gift), (write_moodle_xml, parse_moodle_xml)):
        [question] = parse(write([bare])).questions
        assert (question.numeric_answer, question.tolerance) == (Decimal("-2.5"), Decimal(1))


def test_writers_refuse_invalid_drafts():
    broken = draft(choices=(ChoiceDraft("a", False), ChoiceDraft("b", False)))
    for write in (write_gift, write_moodle_xml, write_pathwise_json):
        with pytest.raises(ValueError, match="needs a correct choice"):
            write([broken])


def test_a_multiple_choice_question_is_never_written_with_an_equals_sign():
    # Moodle makes any question with an "=" answer a single-answer one (radio buttons).
    default_rule = draft(
        kind="multiple",
        choices=(ChoiceDraft("x", True), ChoiceDraft("y", True), ChoiceDraft("z", False)),
    )
    body = write_gift([default_rule]).split("{", 1)[1]
    assert "\t=" not in body
    assert "~%50%x" in body and "~%-100%z" in body


def test_gift_keeps_the_short_answer_catch_all_and_numeric_order():
    short = draft(
        kind="short_text",
        prompt_format="moodle",
        choices=(ChoiceDraft("Frog", True, "Good!", 1.0), ChoiceDraft("*", False, "No", 0.0)),
    )
    numeric = draft(
        kind="numeric",
        numeric_answer=Decimal(10),
        choices=(
            ChoiceDraft("10:5", True, "near", 0.5),
            ChoiceDraft("10:0", True, "exact", 1.0),
            ChoiceDraft("*", False, "far", 0.0),
        ),
    )
    text = write_gift([short, numeric])
    assert "=%0%*#No" in text
    assert text.index("=%50%10:5#near") < text.index("=%100%10:0#exact") < text.index("=%0%*#far")
    assert meaning(parse_gift(text).questions) == meaning([short, numeric])


PEG_AND_CORE_GIFT = [f"gift-peg/{name}" for name in PEG_FILES] + [
    "moodle-core/questions_in_category.gift.txt"
]
XML_FILES = [
    "moodle-core/category_with_description.xml",
    "moodle-tools/multiple-choiceRef.xml",
    "moodle-tools/true-falseRef.xml",
]


@pytest.mark.parametrize("relative", PEG_AND_CORE_GIFT)
def test_real_gift_files_round_trip(relative):
    parsed = parse_gift(bank(relative).read_text(encoding="utf-8"))
    again = parse_gift(write_gift(parsed.questions))
    assert comparable(again.questions) == comparable(parsed.questions)
    as_json = parse_pathwise_json(write_pathwise_json(parsed.questions))
    assert comparable(as_json.questions) == comparable(parsed.questions)


@pytest.mark.parametrize("relative", XML_FILES)
def test_real_xml_files_round_trip_in_every_format(relative):
    parsed = parse_moodle_xml(bank(relative).read_bytes())
    assert parsed.questions
    for write, parse in (
        (write_moodle_xml, parse_moodle_xml),
        (write_gift, parse_gift),  # nothing these files hold is beyond GIFT
        (write_pathwise_json, parse_pathwise_json),
    ):
        again = parse(write(parsed.questions))
        assert meaning(again.questions) == meaning(parsed.questions), write.__name__
