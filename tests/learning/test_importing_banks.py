"""Importing question banks written by others: what lands in the database, what is reported."""

from __future__ import annotations

import json

import pytest

from learning import grading
from learning.importing import questions_import
from learning.models import Question
from tests.factories import ConceptFactory
from tests.learning.banks import PEG_FILES, bank
from tests.learning.interchange_cases import (
    PROMPT_DEVIATIONS,
    SKIPPED_TYPES,
    SUPPORTED,
    expected_choices,
    norm,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def concept():
    return ConceptFactory(slug="target", name="Target")


def import_file(relative: str, **kwargs):
    path = bank(relative)
    return questions_import(data=path.read_bytes(), filename=path.name, **kwargs)


def db_choices(question: Question) -> list[tuple[str, bool, str]]:
    return [(c.text, c.is_correct, c.feedback) for c in question.choices.order_by("order")]


# --- third-party files ------------------------------------------------------------------


def test_moodle_core_gift_file_lands_in_the_concept_and_reports_the_matching_question(concept):
    report = import_file("moodle-core/questions_in_category.gift.txt", concept=concept)

    greeting, user, acronym = Question.objects.filter(concept=concept).order_by("order")
    assert (greeting.kind, greeting.title, greeting.prompt_format) == ("single", "Greeting", "html")
    assert greeting.prompt.endswith("What language is being spoken?")
    assert greeting.status == Question.Status.DRAFT  # drafts unless asked to publish
    assert db_choices(greeting) == [
        ("English", False, "Sorry, listen again."),
        ("French", True, "Yes, well done!"),
        ("German", False, "Sorry, listen again."),
        ("Spanish", False, "Sorry, listen again."),
    ]
    assert (user.kind, user.prompt) == ("short_text", "Anyone who uses Moodle is a ...")
    assert db_choices(user) == [("Moodler", True, "")]
    assert acronym.kind == "true_false"
    assert db_choices(acronym) == [("True", True, ""), ("False", False, "")]

    assert [(s.source_ref, s.qtype, s.title) for s in report.skipped] == [
        ("line 5", "matching", "Moodle activities")
    ]
    assert [q.pk for q in report.imported] == [greeting.pk, user.pk, acronym.pk]


def test_moodle_tools_xml_keeps_partial_weights_and_general_feedback(concept):
    import_file("moodle-tools/multiple-choiceRef.xml", concept=concept)
    simple, extended = Question.objects.filter(concept=concept).order_by("order")
    assert (simple.kind, simple.prompt, simple.prompt_format) == (
        "single",
        "<p>Simple format</p>",
        "html",
    )
    assert extended.explanation == "<p>General feedback</p>"
    assert [(c.text, c.is_correct, c.feedback, c.weight) for c in extended.choices.all()] == [
        ("<p>Correct answer</p>", True, "Feedback for option 1", 1.0),
        ("<p>Partial answer</p>", False, "Feedback for option 2", 0.5),
        ("<p>Wrong answer</p>", False, "Feedback for option 3", 0.0),
    ]


def test_moodle_tools_true_false_feedback_is_kept_on_each_choice(concept):
    import_file("moodle-tools/true-falseRef.xml", concept=concept)
    complete, minimal_true, minimal_false = Question.objects.filter(concept=concept)
    assert complete.explanation == "<p>General feedback</p>"
    assert db_choices(complete) == [
        ("True", False, "<p>Wrong feedback</p>"),
        ("False", True, "<p>Correct feedback</p>"),
    ]
    assert db_choices(minimal_true) == [("True", True, ""), ("False", False, "")]
    assert db_choices(minimal_false) == [("True", False, ""), ("False", True, "")]


@pytest.mark.parametrize(
    ("name", "qtype", "count"),
    [
        ("essayRef.xml", "essay", 2),
        ("matchingRef.xml", "matching", 2),
        ("orderingRef.xml", "ordering", 2),
        ("missing-wordsRef.xml", "gapselect", 6),
    ],
)
def test_unsupported_xml_types_are_each_reported_and_nothing_is_written(
    concept, name, qtype, count
):
    report = import_file(f"moodle-tools/{name}", concept=concept)
    assert Question.objects.count() == 0
    assert [(s.source_ref, s.qtype) for s in report.skipped] == [
        (f"question {n}", qtype) for n in range(1, count + 1)
    ]
    assert all(s.title and "not supported" in s.reason for s in report.skipped)


@pytest.mark.parametrize("name", PEG_FILES)
def test_gift_peg_corpus_lands_in_the_database_as_expected(concept, name):
    path = bank(f"gift-peg/{name}")
    expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    report = questions_import(data=path.read_bytes(), filename=name, concept=concept)

    supported = [item for item in expected if item["type"] in SUPPORTED]
    unsupported = [item for item in expected if item["type"] in SKIPPED_TYPES]
    assert [s.qtype for s in report.skipped] == [SKIPPED_TYPES[i["type"]] for i in unsupported]
    assert all(s.source_ref.startswith("line ") for s in report.skipped)
    questions = list(Question.objects.filter(concept=concept).order_by("order"))
    assert len(questions) == len(supported)
    for index, (item, question) in enumerate(zip(supported, questions, strict=True)):
        if item["type"] == "MC":  # as Moodle: any "=" answer (isCorrect) makes radio buttons
            correct = sum(choice["isCorrect"] for choice in item["choices"])
            assert question.kind == ("single" if correct else "multiple")
        else:
            kind = {"TF": "true_false", "Short": "short_text"}[item["type"]]
            assert question.kind == kind
        assert norm(question.prompt) == PROMPT_DEVIATIONS.get(
            (name, index), norm(item["stem"]["text"])
        )
        assert question.prompt_format == item["stem"]["format"]
        assert question.external_id == (item.get("id") or "")
        assert question.tags == list(item.get("tags") or [])
        assert norm(question.explanation) == norm((item["globalFeedback"] or {}).get("text"))
        wanted = [c[:3] for c in expected_choices(item, name, index)]
        ours = [(norm(t), ok, norm(fb)) for t, ok, fb in db_choices(question)]
        assert ours == wanted
        assert question.answerability_errors() == []
    # No difference from Moodle remains to warn about (only the file's own quirks).
    quirks = ("differs from the question's", "no questions found")
    assert [w for w in report.warnings if not any(q in w for q in quirks)] == []


def test_catch_all_short_answer_is_kept_with_its_fraction_and_feedback(concept):
    report = import_file("gift-peg/totara_moodle_shortanswer.gift", concept=concept)
    question = Question.objects.get(concept=concept)
    assert [(c.text, c.weight, c.feedback) for c in question.choices.all()] == [
        ("Frog", 1.0, "Good!"),
        ("Cat", 0.5, "What is it with Moodlers and cats?"),
        ("*", 0.0, "Completely wrong"),
    ]
    spec = question.to_spec()
    assert grading.grade(spec, {"value": "Dog"}).feedback == ("Completely wrong",)
    assert grading.grade(spec, {"value": "cat"}).score == 0.5  # the 50 % answer, as in Moodle
    assert report.warnings == []


def test_several_equals_answers_import_as_one_answer_questions_worth_100_each(concept):
    import_file("gift-peg/escapeColon.gift", concept=concept)
    seasons = Question.objects.get(concept=concept)
    assert seasons.kind == "single"
    assert [(c.text, c.weight) for c in seasons.choices.all()] == [
        ("spring", 1.0),
        ("summer", 1.0),
        ("winter", 1.0),
        ("autumn", 1.0),
        ("easter", 0.0),
    ]
    spec = seasons.to_spec()
    assert [grading.grade(spec, {"choices": [c.id]}).score for c in spec.choices] == [
        1.0,
        1.0,
        1.0,
        1.0,
        0.0,
    ]
