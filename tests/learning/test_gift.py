"""GIFT parsing, checked against the GIFT-grammar-PEG.js corpus and Moodle's own reading."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from learning.interchange import (
    ChoiceDraft,
    ParseError,
    parse_gift,
    parse_moodle_xml,
    parse_pathwise_json,
)
from learning.interchange.types import category_from_moodle, effective_weight
from tests.learning.banks import PEG_FILES, bank
from tests.learning.interchange_cases import (
    PROMPT_DEVIATIONS,
    SKIPPED_TYPES,
    SUPPORTED,
    expected_choices,
    norm,
)

# --- GIFT-grammar-PEG.js corpus -------------------------------------------------------------


@pytest.mark.parametrize("name", PEG_FILES)
def test_gift_peg_corpus_matches_expected_parse(name):
    gift = bank(f"gift-peg/{name}")
    expected = json.loads(gift.with_suffix(".json").read_text(encoding="utf-8"))
    result = parse_gift(gift.read_text(encoding="utf-8"))

    supported = [item for item in expected if item["type"] in SUPPORTED]
    unsupported = [item for item in expected if item["type"] in SKIPPED_TYPES]
    assert len(result.questions) == len(supported)
    assert [s.qtype for s in result.skipped] == [SKIPPED_TYPES[i["type"]] for i in unsupported]
    assert [s.title for s in result.skipped] == [i["title"] or "" for i in unsupported]
    assert all(s.source_ref.startswith("line ") for s in result.skipped)

    for index, (item, draft) in enumerate(zip(supported, result.questions, strict=True)):
        kind = {"TF": "true_false", "Short": "short_text", "Numerical": "numeric"}.get(item["type"])
        if kind is None:  # MC: as Moodle, any "=" answer (isCorrect) makes radio buttons
            correct = sum(choice["isCorrect"] for choice in item["choices"])
            kind = "single" if correct else "multiple"
        assert draft.kind == kind
        assert draft.prompt_format == item["stem"]["format"]
        assert norm(draft.prompt) == PROMPT_DEVIATIONS.get(
            (name, index), norm(item["stem"]["text"])
        )
        assert draft.title == (item["title"] or "")
        assert draft.external_id == (item.get("id") or "")
        assert draft.tags == tuple(item.get("tags") or ())
        assert norm(draft.explanation) == norm((item["globalFeedback"] or {}).get("text"))
        ours = [(norm(c.text), c.is_correct, norm(c.feedback), c.weight) for c in draft.choices]
        assert ours == expected_choices(item, name, index)

    # A category line applies to the questions after it; these files hold only the line.
    for item in (item for item in expected if item["type"] == "Category"):
        probe = parse_gift(gift.read_text(encoding="utf-8") + "\n\nProbe?{T}\n")
        assert probe.questions[-1].category == category_from_moodle(item["title"])
        assert probe.questions[-1].category[-1].startswith("Default for")


def test_gift_peg_escaped_html_is_kept_as_html():
    result = parse_gift(bank("gift-peg/multiLineFeedback1.gift").read_text(encoding="utf-8"))
    html = result.questions[1]
    assert html.prompt_format == "html"
    assert 'style="margin-left:18.0pt;text-indent:\n-18.0pt' in html.prompt  # \= \: \n escapes
    assert html.explanation.startswith('<p><img src="@@PLUGINFILE@@/3.png"')
    assert [c.is_correct for c in html.choices] == [False, False, False, False, True, False]


def test_gift_peg_format_of_a_choice_differing_from_the_question_is_warned():
    text = bank("gift-peg/totara_moodle_multichoice.gift").read_text(encoding="utf-8")
    result = parse_gift(text)
    assert [c.text for c in result.questions[0].choices] == ["yellow", "red", "blue"]
    assert any("[plain]" in warning for warning in result.warnings)
    assert any("[html]" in warning for warning in result.warnings)


# --- Moodle's own fixtures --------------------------------------------------------------------


def test_moodle_core_gift_questions_in_category():
    result = parse_gift(bank("moodle-core/questions_in_category.gift.txt").read_text("utf-8"))
    greeting, user, acronym = result.questions
    assert {q.category for q in result.questions} == {("Default for New Features",)}

    assert (greeting.kind, greeting.title, greeting.prompt_format) == ("single", "Greeting", "html")
    assert greeting.prompt == (
        '<a href="http://demo.moodle.net/file.php/5/media/bonjour.mp3">Listen to this greeting:'
        "</a><br /><br />What language is being spoken?"
    )
    assert [(c.text, c.is_correct, c.feedback) for c in greeting.choices] == [
        ("English", False, "Sorry, listen again."),
        ("French", True, "Yes, well done!"),
        ("German", False, "Sorry, listen again."),
        ("Spanish", False, "Sorry, listen again."),
    ]
    assert (user.kind, user.title, user.prompt) == (
        "short_text",
        "Moodle user",
        "Anyone who uses Moodle is a ...",
    )
    assert user.choices == (ChoiceDraft("Moodler", True, "", 1.0),)
    assert acronym.kind == "true_false"
    assert acronym.prompt == (
        'Moodle is an acronym for <span style="font-style: italic;">Modular Object-Oriented '
        "Dynamic Learning Environment</span>."
    )
    assert [(c.text, c.is_correct) for c in acronym.choices] == [("True", True), ("False", False)]

    [matching] = result.skipped
    assert (matching.qtype, matching.title, matching.source_ref) == (
        "matching",
        "Moodle activities",
        "line 5",
    )


# --- GIFT: what no file shows -------------------------------------------------------------


def test_gift_numeric_tolerance_range_and_several_answers():
    result = parse_gift(
        "::pi::What is pi?{#3.14:0.01}\n\n"
        "Pick a number from 1 to 5.{#1..5}\n\n"
        "Below zero{#-5..-1}\n\n"
        "When was Grant born?{#\n=1822:0#Right\n=%50%1822:2#Close\n~#Wrong year}\n"
    )
    pi, range_, negative, grant = result.questions
    assert (pi.kind, pi.title, pi.numeric_answer, pi.tolerance) == (
        "numeric",
        "pi",
        Decimal("3.14"),
        Decimal("0.01"),
    )
    assert (range_.numeric_answer, range_.tolerance) == (Decimal(3), Decimal(2))
    assert (negative.numeric_answer, negative.tolerance) == (Decimal(-3), Decimal(2))
    assert (grant.numeric_answer, grant.tolerance) == (Decimal(1822), Decimal(0))
    assert grant.choices == (
        ChoiceDraft("1822:0", True, "Right"),
        ChoiceDraft("1822:2", True, "Close", 0.5),
        ChoiceDraft("*", False, "Wrong year"),
    )


def test_gift_weighted_multiple_answers_with_negative_weights():
    result = parse_gift(
        "Which are primes?{\n~%50%2#yes\n~%50%3\n~%-100%4#no, 2×2\n~%-100%9\n####2 and 3.}\n\n"
        "One best, one half right{=best ~%50%half ~wrong}\n\n"
        "Several right{=spring =summer ~easter}\n"
    )
    primes, best, seasons = result.questions
    assert primes.kind == "multiple"
    assert primes.explanation == "2 and 3."
    assert primes.choices == (
        ChoiceDraft("2", True, "yes", 0.5),
        ChoiceDraft("3", True, "", 0.5),
        ChoiceDraft("4", False, "no, 2×2", -1.0),
        ChoiceDraft("9", False, "", -1.0),
    )
    # As in Moodle, one "=" answer makes a radio-button question; the half credit is kept.
    assert best.kind == "single"
    assert [(c.is_correct, c.weight) for c in best.choices] == [
        (True, None),
        (False, 0.5),
        (False, None),
    ]
    # Several "=" answers: still radio buttons in Moodle, each "=" answer worth 100 %.
    assert seasons.kind == "single"
    assert [(c.is_correct, effective_weight(c)) for c in seasons.choices] == [
        (True, 1.0),
        (True, 1.0),
        (False, 0.0),
    ]


def test_gift_weight_after_equals_is_text_as_in_moodle_with_a_warning():
    result = parse_gift("Q{=%50%half ~wrong}\n")
    [question] = result.questions
    assert question.kind == "single"
    assert question.choices[0] == ChoiceDraft("%50%half", True, "", None)
    assert "a weight after '=' is not read as one" in result.warnings[0]


def test_gift_every_malformed_question_is_reported_with_its_line():
    text = "Q1{T}\n\nQ2{=a {b}\n\nQ3{T}\n\nQ4{~%150%a =b}\n\nQ5{#abc}\n"
    with pytest.raises(ParseError) as caught:
        parse_gift(text)
    assert [e.split(":", 1)[0] for e in caught.value.errors] == ["line 3", "line 7", "line 9"]
    assert "inside an answer block" in caught.value.errors[0]
    assert "outside -100..100" in caught.value.errors[1]
    assert "not a number" in caught.value.errors[2]


def test_gift_escapes_title_id_and_tags():
    text = (
        "// [id:Q-7] [tag:sets] [tag:math\\]s]\n"
        "::Braces \\{ and \\}::Is \\{1\\} \\= \\{1, 1\\}\\: a \\~ b \\# c \\\\ d\\ne?{\n"
        "=yes\\#really#right \\= correct\n"
        "~no\n"
        "}\n"
    )
    [question] = parse_gift(text).questions
    assert question.title == "Braces { and }"
    assert question.prompt == "Is {1} = {1, 1}: a ~ b # c \\ d\ne?"
    assert question.choices[0] == ChoiceDraft("yes#really", True, "right = correct")
    assert (question.external_id, question.tags) == ("Q-7", ("sets", "math]s"))


def test_gift_embedded_blank_and_unsupported_kinds_are_reported():
    result = parse_gift(
        "Grant is {~buried =entombed} in Grant's tomb.\n\n"
        "The {=cat} sat on the {=mat}.\n\n"
        "Describe it.{}\n\n"
        "Just some text.\n"
    )
    [grant] = result.questions
    assert grant.prompt == "Grant is _____ in Grant's tomb."
    assert [(s.qtype, s.source_ref) for s in result.skipped] == [
        ("cloze", "line 3"),
        ("essay", "line 5"),
        ("description", "line 7"),
    ]


def test_gift_multichoice_without_any_credited_answer_is_skipped():
    result = parse_gift("Nothing right{~a ~b}\n")
    assert result.questions == []
    [skipped] = result.skipped
    assert skipped.qtype == "multichoice"
    assert "correct" in skipped.reason


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("Fine{T}\n\n// c\nWho?{\n=a\n~b\n", 4, "never closed"),
        ("Fine{T}\n\nWho? a} b\n", 3, "without a matching"),
        ("Q1{T}\n\nQ2{=a {b}\n", 3, "inside an answer block"),
        ("Q{~%150%a =b}\n", 1, "outside -100..100"),
        ("\n\nHow many?{\n#three}\n", 3, "not a number"),
        ("Q{#5..1}\n", 1, "backwards"),
        ("Only one{~a}\n", 1, "at least two answers"),
        ("Empty choice{~a ~ ~b}\n", 1, "empty answer"),
    ],
)
def test_gift_malformed_input_raises_with_the_line(text, line, words):
    with pytest.raises(ParseError, match=rf"^line {line}: .*{words}"):
        parse_gift(text)


def test_gift_lower_case_true_is_a_short_answer_with_a_warning():
    result = parse_gift("Is it?{true}\n")
    assert result.questions[0].kind == "short_text"
    assert "upper case" in result.warnings[0]


@pytest.mark.parametrize(
    "parse", [parse_gift, parse_moodle_xml, parse_pathwise_json], ids=["gift", "xml", "json"]
)
def test_empty_file_gives_no_questions_and_a_warning(parse):
    text = {
        parse_gift: "// only a comment\n\n",
        parse_moodle_xml: "<?xml version='1.0'?><quiz></quiz>",
        parse_pathwise_json: '{"format": "pathwise-questions", "version": 1, "questions": []}',
    }[parse]
    result = parse(text)
    assert (result.questions, result.skipped) == ([], [])
    assert result.warnings == ["no questions found"]
