"""Moodle XML parsing: Moodle's fixtures, TU Berlin's moodle-tools output, and the rest."""

from __future__ import annotations

from decimal import Decimal

import pytest

from learning.interchange import (
    ChoiceDraft,
    ParseError,
    parse_moodle_xml,
    write_moodle_xml,
)
from tests.learning.banks import bank
from tests.learning.interchange_cases import (
    XML_SYNTHETIC,
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


# --- Moodle XML: what no file shows -------------------------------------------------------


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


def shortanswer(usecase: str | None) -> str:
    case = "" if usecase is None else f"<usecase>{usecase}</usecase>"
    return (
        f"<quiz><question type='shortanswer'><name><text>Q</text></name>{case}"
        "<answer fraction='100'><text>SELECT</text></answer></question></quiz>"
    )


@pytest.mark.parametrize(
    ("usecase", "expected"),
    [("1", True), ("0", False), (None, False), ("", False), ("true", False), (" 2", True)],
)
def test_xml_usecase_is_read_as_moodle_stores_it(usecase, expected):
    # Moodle keeps <usecase> in an integer column: PHP's (int) "true" is 0.
    [question] = parse_moodle_xml(shortanswer(usecase)).questions
    assert question.case_sensitive is expected


def test_xml_case_sensitivity_is_written_back():
    [question] = parse_moodle_xml(shortanswer("1")).questions
    assert "<usecase>1</usecase>" in write_moodle_xml([question])
    assert parse_moodle_xml(write_moodle_xml([question])).questions[0].case_sensitive


@pytest.mark.parametrize(
    ("single", "kind"),
    [
        ("true", "single"),
        ("1", "single"),
        (None, "single"),
        ("false", "multiple"),
        ("0", "multiple"),
        ("", "multiple"),
        ("FALSE", "single"),
    ],
)
def test_xml_single_is_read_as_moodles_trans_single(single, kind):
    element = "" if single is None else f"<single>{single}</single>"
    document = (
        f"<quiz><question type='multichoice'>{element}"
        "<answer fraction='100'><text>a</text></answer>"
        "<answer fraction='0'><text>b</text></answer></question></quiz>"
    )
    assert parse_moodle_xml(document).questions[0].kind == kind


def test_xml_every_malformed_question_is_reported():
    document = (
        "<quiz>"
        "<question type='numerical'><answer fraction='100'><text>abc</text></answer></question>"
        "<question type='truefalse'><answer fraction='100'><text>true</text></answer></question>"
        "<question type='shortanswer'><answer fraction='200'><text>a</text></answer></question>"
        "</quiz>"
    )
    with pytest.raises(ParseError) as caught:
        parse_moodle_xml(document)
    assert [e.split(" (", 1)[0] for e in caught.value.errors] == [
        "question 1",
        "question 2",
        "question 3",
    ]
