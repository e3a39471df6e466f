"""Question-bank parsers and writers, checked against files written by others.

Third-party files live in shared/data/question-banks (see its README): the GIFT-grammar-PEG.js
corpus with its expected parses, Moodle's own fixtures and TU Berlin's moodle-tools output.
"""

from __future__ import annotations

import dataclasses
import json
import os
from decimal import Decimal
from pathlib import Path

import pytest

from learning.interchange import (
    ChoiceDraft,
    ParseError,
    QuestionDraft,
    parse_gift,
    parse_moodle_xml,
    parse_pathwise_json,
    write_gift,
    write_moodle_xml,
    write_pathwise_json,
)
from learning.interchange.types import category_from_moodle

PROJECT_ROOT = Path(__file__).resolve().parents[2]
BANKS = Path(os.environ.get("PATHWISE_SHARED_DATA", PROJECT_ROOT.parent / "shared" / "data"))
BANKS = BANKS / "question-banks"


def bank(relative: str) -> Path:
    """A shared data file; skipped when absent, a failure under CI=true."""
    path = BANKS / relative
    if not path.exists():
        message = f"shared question banks absent: {path} (set PATHWISE_SHARED_DATA)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


def norm(text: str | None) -> str:
    return " ".join((text or "").split())


def comparable(questions: list[QuestionDraft]) -> list[QuestionDraft]:
    return [dataclasses.replace(q, category=(), source_ref="") for q in questions]


# --- GIFT-grammar-PEG.js corpus -------------------------------------------------------------

PEG_FILES = sorted(path.name for path in (BANKS / "gift-peg").glob("*.gift")) or ["<absent>"]
SUPPORTED = {"MC", "TF", "Short", "Numerical"}
SKIPPED_TYPES = {"Matching": "matching", "Essay": "essay", "Description": "description"}

# Where the PEG corpus's expected parse differs from what Moodle itself imports, we follow
# Moodle (question/format/gift/format.php) and say why:
# - TFTwoFeedback: for {TRUE#a#b} Moodle shows the first feedback when the learner answers
#   wrong (i.e. on "False") and the second on the right answer; the PEG file puts the first
#   on "True". (For {FALSE#a#b} both agree.) Values: (True feedback, False feedback).
TF_FEEDBACK_DEVIATIONS = {
    ("TFTwoFeedback.gift", 1): ("", "feedback for true"),
    ("TFTwoFeedback.gift", 2): ("feedback for false", ""),
}
# - Moodle replaces an embedded answer block in place with "_____" and adds no space before
#   the following punctuation; the PEG parse has "_____ .".
PROMPT_DEVIATIONS = {("shortAnswer1.gift", 1): "Two plus two equals _____."}
# - An answer weight of 0 (e.g. "=%0%*#Completely wrong" in totara_moodle_shortanswer) earns
#   no credit, so it is not an accepted answer, though the PEG parse says isCorrect: true.
#   Hence a choice is correct when isCorrect holds and its weight (if any) is positive.


def expected_choices(
    item: dict, file: str, index: int
) -> list[tuple[str, bool, str, float | None]]:
    if item["type"] == "TF":
        true_fb, false_fb = TF_FEEDBACK_DEVIATIONS.get(
            (file, index),
            ((item["trueFeedback"] or {}).get("text"), (item["falseFeedback"] or {}).get("text")),
        )
        return [
            ("True", item["isTrue"], norm(true_fb), None),
            ("False", not item["isTrue"], norm(false_fb), None),
        ]
    return [
        (
            norm(choice["text"]["text"]),
            choice["isCorrect"] and (choice["weight"] is None or choice["weight"] > 0),
            norm((choice["feedback"] or {}).get("text")),
            None if choice["weight"] is None else choice["weight"] / 100,
        )
        for choice in item["choices"]
    ]


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
        if kind is None:  # MC: radio buttons when exactly one answer is right
            correct = sum(choice["isCorrect"] for choice in item["choices"])
            kind = "single" if correct == 1 else "multiple"
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


def test_moodle_core_xml_category_with_description():
    result = parse_moodle_xml(bank("moodle-core/category_with_description.xml").read_bytes())
    [question] = result.questions
    assert result.skipped == []
    assert question.category == ("Alpha",)
    assert (question.kind, question.title) == ("true_false", "Alpha Question")
    assert (question.prompt, question.prompt_format) == ("<p>Testing Alpha Question</p>", "html")
    assert question.choices == (ChoiceDraft("True", True), ChoiceDraft("False", False))
    assert question.source_ref == "question 2"


# --- TU Berlin moodle-tools reference XML --------------------------------------------------


def test_moodle_tools_multiple_choice():
    result = parse_moodle_xml(bank("moodle-tools/multiple-choiceRef.xml").read_bytes())
    simple, extended = result.questions
    assert result.skipped == []
    assert (simple.kind, simple.prompt, simple.explanation) == (
        "single",
        "<p>Simple format</p>",
        "",
    )
    assert [(c.text, c.is_correct) for c in simple.choices] == [
        ("<p>Correct answer 1</p>", True),
        ("<p>Wrong answer 1</p>", False),
        ("<p>Wrong answer 2</p>", False),
    ]
    assert extended.kind == "single"
    assert extended.explanation == "<p>General feedback</p>"
    # The partial answer (fraction 50) is not "the" answer of a single-answer question, but its
    # half credit is kept for grading.
    assert extended.choices == (
        ChoiceDraft("<p>Correct answer</p>", True, "Feedback for option 1", 1.0),
        ChoiceDraft("<p>Partial answer</p>", False, "Feedback for option 2", 0.5),
        ChoiceDraft("<p>Wrong answer</p>", False, "Feedback for option 3", 0.0),
    )


def test_moodle_tools_true_false():
    result = parse_moodle_xml(bank("moodle-tools/true-falseRef.xml").read_bytes())
    complete, minimal_true, minimal_false = result.questions
    assert all(q.kind == "true_false" and q.prompt_format == "html" for q in result.questions)
    assert complete.prompt == "<p>Complete question</p>"
    assert complete.explanation == "<p>General feedback</p>"
    assert complete.choices == (
        ChoiceDraft("True", False, "<p>Wrong feedback</p>"),
        ChoiceDraft("False", True, "<p>Correct feedback</p>"),
    )
    assert minimal_true.choices == (ChoiceDraft("True", True), ChoiceDraft("False", False))
    assert minimal_false.choices == (ChoiceDraft("True", False), ChoiceDraft("False", True))


@pytest.mark.parametrize(
    ("name", "qtype", "titles"),
    [
        ("essayRef.xml", "essay", ["Essay question", "Essay question without file upload"]),
        (
            "matchingRef.xml",
            "matching",
            ["Simple matching question", "Simple matching question with order"],
        ),
        ("orderingRef.xml", "ordering", ["Ordering question", "Ordering with subset"]),
        ("missing-wordsRef.xml", "gapselect", None),
    ],
)
def test_moodle_tools_unsupported_types_are_reported_skipped(name, qtype, titles):
    result = parse_moodle_xml(bank(f"moodle-tools/{name}").read_bytes())
    assert result.questions == []
    assert {s.qtype for s in result.skipped} == {qtype}
    refs = [s.source_ref for s in result.skipped]
    assert refs == [f"question {n}" for n in range(1, len(refs) + 1)]
    if titles:
        assert [s.title for s in result.skipped] == titles
    else:
        assert len(result.skipped) == 6
        assert result.skipped[0].title == "Missing words question"


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
    assert seasons.kind == "multiple"
    assert [c.is_correct for c in seasons.choices] == [True, True, False]


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


# --- Moodle XML: what no file shows -------------------------------------------------------

XML_SYNTHETIC = """<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="category"><category><text>$course$/top/Algebra/Linear</text></category></question>
  <question type="numerical">
    <name><text>Speed</text></name>
    <questiontext format="markdown"><text>How fast, in m/s?</text></questiontext>
    <generalfeedback format="markdown"><text>Distance over time.</text></generalfeedback>
    <answer fraction="100"><text>12.5</text><tolerance>0.5</tolerance>
      <feedback><text>Right.</text></feedback></answer>
    <answer fraction="50"><text>12.5</text><tolerance>2</tolerance>
      <feedback><text>Close.</text></feedback></answer>
    <answer fraction="0"><text>*</text><feedback><text>No.</text></feedback></answer>
    <hint format="markdown"><text>v = d / t</text></hint>
    <hint format="markdown"><text>d = 100 m</text></hint>
    <tags><tag><text>physics</text></tag><tag><text>units</text></tag></tags>
    <idnumber>SPD-1</idnumber>
  </question>
  <question type="multichoice">
    <name><text>Primes</text></name>
    <questiontext format="plain_text"><text>Which are prime?</text></questiontext>
    <single>false</single>
    <answer fraction="50"><text>2</text></answer>
    <answer fraction="50"><text>3</text></answer>
    <answer fraction="-100"><text>4</text><feedback><text>2 x 2</text></feedback></answer>
  </question>
  <question type="shortanswer">
    <name><text>Capital</text></name>
    <questiontext><text><![CDATA[<b>Capital</b> of France?]]></text></questiontext>
    <answer fraction="100"><text>Paris</text></answer>
    <answer fraction="100"><text>paris</text></answer>
    <answer fraction="0"><text>Lyon</text><feedback><text>Second city.</text></feedback></answer>
  </question>
  <question type="multianswer"><name><text>Cloze</text></name>
    <questiontext><text>{1:SHORTANSWER:=Paris}</text></questiontext></question>
  <question type="description"><name><text>Intro</text></name></question>
  <question type="calculated"><name><text>Calc</text></name></question>
</quiz>
"""


def test_xml_numeric_multichoice_shortanswer_hints_tags_and_category():
    result = parse_moodle_xml(XML_SYNTHETIC.encode())
    speed, primes, capital = result.questions
    assert {q.category for q in result.questions} == {("Algebra", "Linear")}
    assert (speed.kind, speed.prompt_format, speed.numeric_answer, speed.tolerance) == (
        "numeric",
        "markdown",
        Decimal("12.5"),
        Decimal("0.5"),
    )
    assert speed.explanation == "Distance over time."
    assert speed.hints == ("v = d / t", "d = 100 m")
    assert (speed.tags, speed.external_id) == (("physics", "units"), "SPD-1")
    assert [(c.text, c.is_correct, c.feedback) for c in speed.choices] == [
        ("12.5:0.5", True, "Right."),
        ("12.5:2", True, "Close."),
        ("*", False, "No."),
    ]
    assert (primes.kind, primes.prompt_format) == ("multiple", "plain")
    assert [(c.is_correct, c.weight) for c in primes.choices] == [
        (True, 0.5),
        (True, 0.5),
        (False, -1.0),
    ]
    assert (capital.kind, capital.prompt, capital.prompt_format) == (
        "short_text",
        "<b>Capital</b> of France?",
        "moodle",
    )
    assert [(c.text, c.is_correct, c.feedback) for c in capital.choices] == [
        ("Paris", True, ""),
        ("paris", True, ""),
        ("Lyon", False, "Second city."),
    ]
    assert [(s.source_ref, s.qtype, s.title) for s in result.skipped] == [
        ("question 5", "multianswer", "Cloze"),
        ("question 6", "description", "Intro"),
        ("question 7", "calculated", "Calc"),
    ]


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
]>
<quiz><question type="essay"><name><text>&lol2;</text></name></question></quiz>
"""
XXE = """<?xml version="1.0"?>
<!doctype quiz [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<quiz><question type="essay"><name><text>&xxe;</text></name></question></quiz>
"""


@pytest.mark.parametrize("document", [BILLION_LAUGHS, XXE], ids=["billion-laughs", "xxe"])
def test_xml_with_a_dtd_is_rejected_before_parsing(document):
    with pytest.raises(ParseError, match=r"^line 2: DOCTYPE declarations are not accepted"):
        parse_moodle_xml(document.encode())


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ("<quiz>\n<question type='essay'>\n</quiz>", r"^line 3, column 3: malformed XML"),
        ("<questions/>", "root element is <questions>"),
        (
            "<quiz><question type='truefalse'><answer fraction='100'><text>yes</text></answer>"
            "</question></quiz>",
            r"question 1 .*'true' and 'false'",
        ),
        (
            "<quiz><question type='numerical'><answer fraction='100'><text>abc</text></answer>"
            "</question></quiz>",
            "not a number",
        ),
        (
            "<quiz><question type='shortanswer'><answer fraction='200'><text>a</text></answer>"
            "</question></quiz>",
            "outside -100..100",
        ),
    ],
)
def test_xml_malformed_input_raises_with_position(document, message):
    with pytest.raises(ParseError, match=message):
        parse_moodle_xml(document)


def test_xml_declared_latin1_encoding_is_honoured():
    data = '<?xml version="1.0" encoding="ISO-8859-1"?><quiz><question type="truefalse">'
    data += "<questiontext><text>Café?</text></questiontext>"
    data += '<answer fraction="100"><text>true</text></answer>'
    data += '<answer fraction="0"><text>false</text></answer></question></quiz>'
    [question] = parse_moodle_xml(data.encode("latin-1")).questions
    assert question.prompt == "Café?"


# --- Pathwise JSON --------------------------------------------------------------------------


def pathwise(*questions: dict) -> str:
    return json.dumps({"format": "pathwise-questions", "version": 1, "questions": list(questions)})


def test_pathwise_json_reads_defaults_and_decimals():
    [question] = parse_pathwise_json(
        pathwise(
            {
                "kind": "numeric",
                "title": "g",
                "prompt": "Gravity at sea level, m/s²?",
                "numeric_answer": "9.81",
                "tolerance": "0.05",
                "hints": ["About ten."],
            }
        )
    ).questions
    assert (question.numeric_answer, question.tolerance) == (Decimal("9.81"), Decimal("0.05"))
    assert (question.prompt_format, question.choices, question.source_ref) == (
        "markdown",
        (),
        "question 1",
    )


VALID_SINGLE = {
    "kind": "single",
    "title": "t",
    "prompt": "p",
    "choices": [{"text": "a", "is_correct": True}, {"text": "b", "is_correct": False}],
}


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ('{"format": "pathwise-questions", "version": 1,\n "questions": [}', r"^line 2, column"),
        ('{"format": "gift", "version": 1, "questions": []}', '"format" must be'),
        ('{"format": "pathwise-questions", "version": 2, "questions": []}', "version"),
        (
            pathwise(VALID_SINGLE, {"kind": "single", "title": "t"}),
            r"questions\[1\]: missing.*prompt",
        ),
        (pathwise({**VALID_SINGLE, "kind": "essay"}), r"questions\[0\]\.kind: 'essay'"),
        (pathwise({**VALID_SINGLE, "dificulty": 3}), r"questions\[0\]: unknown keys: dificulty"),
        (
            pathwise({**VALID_SINGLE, "choices": [{"text": "a", "is_correct": "yes"}]}),
            r"questions\[0\]\.choices\[0\]\.is_correct: expected true or false",
        ),
        (
            pathwise({**VALID_SINGLE, "choices": [{"text": "a", "is_correct": True, "weight": 2}]}),
            r"questions\[0\]\.choices\[0\]\.weight: 2 is outside",
        ),
        (
            pathwise({**VALID_SINGLE, "choices": [{"text": "a", "is_correct": True}] * 2}),
            r"questions\[0\]: a single-answer question needs one correct choice, not 2",
        ),
        (
            pathwise({"kind": "numeric", "title": "t", "prompt": "p", "numeric_answer": 0.1}),
            r"questions\[0\]\.numeric_answer: expected a decimal string",
        ),
        (pathwise({**VALID_SINGLE, "hints": ["1", "2", "3", "4"]}), "4 hints, at most 3"),
        (pathwise({**VALID_SINGLE, "tags": "a,b"}), r"questions\[0\]\.tags: expected a list"),
    ],
)
def test_pathwise_json_errors_name_the_question_and_field(document, message):
    with pytest.raises(ParseError, match=message):
        parse_pathwise_json(document)


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
    assert comparable(result.questions) == comparable(HAND_MADE)
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
    broken = draft(choices=(ChoiceDraft("a", True), ChoiceDraft("b", True)))
    for write in (write_gift, write_moodle_xml, write_pathwise_json):
        with pytest.raises(ValueError, match="one correct choice"):
            write([broken])


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
        assert comparable(again.questions) == comparable(parsed.questions), write.__name__
