"""Import rules no shared file shows: fractions, duplicates, categories, errors and dry runs."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from learning import grading
from learning.exporting import questions_export, questions_for_export
from learning.importing import questions_import
from learning.models import Concept, Question, Topic
from tests.factories import ConceptFactory, QuestionFactory, SubjectFactory
from tests.learning.banks import bank
from tests.learning.interchange_cases import (
    XML_SYNTHETIC,
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


# --- features no shared file shows ------------------------------------------------------


def test_xml_numeric_answers_are_all_kept_and_categories_build_curriculum():
    subject = SubjectFactory(slug="physics")
    report = questions_import(
        data=XML_SYNTHETIC.encode(), filename="bank.xml", subject=subject, create_categories=True
    )
    topic = Topic.objects.get(subject=subject, name="Algebra")
    linear = Concept.objects.get(topic=topic, name="Linear")
    assert (report.created_topics, report.created_concepts) == (["Algebra"], ["Algebra › Linear"])

    speed, primes, capital = Question.objects.filter(concept=linear).order_by("order")
    assert (speed.kind, speed.numeric_answer, speed.tolerance) == (
        "numeric",
        Decimal("12.5"),
        Decimal("0.5"),
    )
    assert (speed.prompt_format, speed.explanation) == ("markdown", "Distance over time.")
    assert speed.hints == ["v = d / t", "d = 100 m"]
    assert (speed.tags, speed.external_id) == (["physics", "units"], "SPD-1")
    # Every answer is kept, in order, with its own tolerance, fraction and feedback.
    assert [(c.text, c.tolerance, c.weight, c.feedback) for c in speed.choices.all()] == [
        ("12.5", Decimal("0.5"), 1.0, "Right."),
        ("12.5", Decimal("2"), 0.5, "Close."),
        ("*", None, 0.0, "No."),
    ]
    spec = speed.to_spec()
    assert grading.grade(spec, {"value": "13.9"}).score == 0.5
    assert grading.grade(spec, {"value": "13.9"}).feedback == ("Close.",)
    assert grading.grade(spec, {"value": "99"}).feedback == ("No.",)
    assert not any("numeric answers" in w for w in report.warnings)

    assert [(c.text, c.is_correct, c.weight) for c in primes.choices.all()] == [
        ("2", True, 0.5),
        ("3", True, 0.5),
        ("4", False, -1.0),
    ]
    # Weighted grading applies to the stored question.
    assert grading.grade(primes.to_spec(), {"choices": [primes.choices.all()[0].pk]}).score == 0.5

    # "paris" after "Paris" could never match (case is ignored, the first match wins): it is
    # left out, with a warning.
    assert db_choices(capital) == [("Paris", True, ""), ("Lyon", False, "Second city.")]
    assert any("'paris' repeats an earlier one once case is ignored" in w for w in report.warnings)
    assert [(s.source_ref, s.qtype) for s in report.skipped] == [
        ("question 5", "multianswer"),
        ("question 6", "description"),
        ("question 7", "calculated"),
    ]


def test_gift_weighted_multiple_choice_is_graded_by_its_weights(concept):
    text = "Which are primes?{\n~%50%2#yes\n~%50%3\n~%-100%4#no\n~%-100%9\n####2 and 3.}\n"
    questions_import(data=text.encode(), filename="primes.gift", concept=concept, publish=True)
    question = Question.objects.get()
    assert question.status == Question.Status.PUBLISHED
    assert question.explanation == "2 and 3."
    two, three, four, _ = question.choices.all()
    spec = question.to_spec()
    assert grading.grade(spec, {"choices": [two.pk, three.pk]}).is_correct
    assert grading.grade(spec, {"choices": [two.pk]}).score == 0.5
    assert grading.grade(spec, {"choices": [two.pk, three.pk, four.pk]}).score == 0.0


def test_questions_failing_validation_are_skipped_with_the_reason_naming_the_field(concept):
    long_choice = "x" * 501
    text = (
        "Q1{=a ~b}\n\n::Dup::Q2{=same ~same}\n\nQ3{#1.1234567}\n\n"
        f"Q4{{={long_choice} ~b}}\n\nQ5{{#=%50%3}}\n"
    )
    report = questions_import(data=text.encode(), filename="x.gift", concept=concept)
    assert Question.objects.count() == 1
    assert [s.source_ref for s in report.skipped] == ["line 3", "line 5", "line 7", "line 9"]
    reasons = [s.reason for s in report.skipped]
    assert "Choices 1 and 2 have the same text ('same')" in reasons[0]
    assert reasons[1].startswith("numeric answer: Ensure that there are no more than 6 decimal")
    assert reasons[2].startswith("Choice 1 text: Ensure this value has at most 500 characters")
    assert "no numeric answer earns full marks" in reasons[3]


def test_reimporting_a_question_with_an_external_id_is_reported_not_duplicated(concept):
    text = "// [id:Q-1]\nFirst?{T}\n"
    questions_import(data=text.encode(), filename="a.gift", concept=concept)
    report = questions_import(data=text.encode(), filename="a.gift", concept=concept)
    assert Question.objects.count() == 1
    [skipped] = report.skipped
    assert "already imported" in skipped.reason


def test_imported_questions_go_after_those_already_in_the_concept(concept):
    existing = QuestionFactory(concept=concept, order=7)
    questions_import(data=b"Q{T}\n\nR{F}\n", filename="a.gift", concept=concept)
    assert list(Question.objects.filter(concept=concept).values_list("order", flat=True)) == [
        existing.order,
        8,
        9,
    ]


# --- errors and dry runs ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        ("bank.gift", b"Fine{T}\n\n// c\nWho?{\n=a\n~b\n", r"bank\.gift.*line 4: .*never closed"),
        ("bank.xml", b"<quiz>\n<question type='essay'>\n</quiz>", r"line 3, column 3"),
        ("bank.json", b'{"format": "pathwise-questions",\n "version": 1, ', r"line 2, column"),
        ("bank.gift", "Q{T}\n\nCaf\xe9?{T}\n".encode("latin-1"), r"line 3: .*not UTF-8"),
        ("bank.docx", b"PK\x03\x04", r"Cannot tell the format"),
        ("bank.gift", b"\x00\x01binary", r"not a text file"),
    ],
)
def test_a_malformed_file_names_the_line_and_writes_nothing(filename, data, message):
    subject = SubjectFactory()
    with pytest.raises(ValidationError, match=message) as caught:
        questions_import(data=data, filename=filename, subject=subject, create_categories=True)
    assert (Question.objects.count(), Topic.objects.count(), Concept.objects.count()) == (0, 0, 0)
    if "line" in message:
        assert "Nothing was imported" in caught.value.messages[0]


def test_dry_run_reports_everything_and_writes_nothing():
    subject = SubjectFactory()
    report = questions_import(
        data=XML_SYNTHETIC.encode(),
        filename="bank.xml",
        subject=subject,
        create_categories=True,
        dry_run=True,
    )
    assert [q.kind for q in report.imported] == ["numeric", "multiple", "short_text"]
    assert all(q.pk is None for q in report.imported)
    assert report.created_concepts == ["Algebra › Linear"]
    assert len(report.skipped) == 3
    assert report.summary().startswith("bank.xml: would import 3 questions (drafts), skipped 3")
    assert (Question.objects.count(), Topic.objects.count(), Concept.objects.count()) == (0, 0, 0)


def test_a_target_is_required(concept):
    with pytest.raises(ValidationError, match="Choose the concept"):
        questions_import(data=b"Q{T}", filename="a.gift")
    with pytest.raises(ValidationError, match="Choose the subject"):
        questions_import(data=b"Q{T}", filename="a.gift", create_categories=True)


def test_uncategorised_questions_need_a_concept_when_creating_categories():
    report = questions_import(
        data=b"Q{T}\n", filename="a.gift", subject=SubjectFactory(), create_categories=True
    )
    assert Question.objects.count() == 0
    assert "no category" in report.skipped[0].reason


# --- duplicates ---------------------------------------------------------------------------


def test_reimporting_a_moodle_xml_file_without_idnumbers_skips_every_duplicate(concept):
    data = bank("moodle-tools/multiple-choiceRef.xml").read_bytes()  # <idnumber></idnumber>
    questions_import(data=data, filename="mc.xml", concept=concept)
    report = questions_import(data=data, filename="mc.xml", concept=concept)
    assert Question.objects.filter(concept=concept).count() == 2
    assert report.imported == []
    assert [s.source_ref for s in report.duplicates] == ["question 1", "question 2"]
    assert all(f"concept “{concept}” already has this question" in s.reason for s in report.skipped)
    assert report.summary().endswith("skipped 2 (2 duplicates).")


def test_duplicates_within_a_file_are_skipped_but_a_changed_feedback_is_not_a_duplicate(concept):
    text = "Q?{=a#yes ~b}\n\nQ?{=a#yes ~b}\n\nQ?{=a#well done ~b}\n"
    report = questions_import(data=text.encode(), filename="d.gift", concept=concept)
    assert [q.source_ref for q in report.imported] == ["line 1", "line 5"]
    assert [(s.source_ref, s.reason.split(":")[0]) for s in report.skipped] == [
        ("line 3", "duplicate")
    ]


@pytest.mark.parametrize("fmt", ["gift", "xml", "json"])
def test_an_export_imported_back_into_its_concept_is_all_duplicates(concept, fmt):
    QuestionFactory(concept=concept)  # single choice, Pathwise's own rules
    QuestionFactory(
        concept=concept,
        kind="multiple",
        prompt="Which?",
        choices=[("a", True, ""), ("b", True, ""), ("c", False, "")],
    )
    text = questions_export(queryset=questions_for_export(concept=concept), fmt=fmt)
    report = questions_import(data=text.encode(), filename=f"back.{fmt}", concept=concept)
    assert (len(report.imported), len(report.duplicates)) == (0, 2)


# --- categories ---------------------------------------------------------------------------

NESTED = """\
$CATEGORY: $course$/Iota/Kappa

Kappa's own?{T}

$CATEGORY: $course$/Iota/Kappa/Lambda

Lambda's?{F}

$CATEGORY: $course$/Iota/Mu

Mu's?{T}
"""


def test_a_category_with_questions_and_children_is_a_topic_with_a_concept_of_its_name():
    subject = SubjectFactory()
    report = questions_import(
        data=NESTED.encode(), filename="n.gift", subject=subject, create_categories=True
    )
    assert report.created_topics == ["Iota", "Iota › Kappa"]
    assert report.created_concepts == ["Iota › Kappa › Kappa", "Iota › Kappa › Lambda", "Iota › Mu"]
    kappa = Topic.objects.get(subject=subject, name="Kappa")
    assert kappa.parent.name == "Iota"
    assert not Concept.objects.filter(topic__name="Iota", name="Kappa").exists()  # not both
    placed = {q.prompt: f"{q.concept.topic.name}/{q.concept.name}" for q in Question.objects.all()}
    assert placed == {
        "Kappa's own?": "Kappa/Kappa",
        "Lambda's?": "Kappa/Lambda",
        "Mu's?": "Iota/Mu",
    }


# --- malformed files ----------------------------------------------------------------------


def test_a_malformed_file_reports_every_problem_with_its_line_and_writes_nothing(concept):
    text = b"Fine{T}\n\nBad{=a {b}\n\nFine too{F}\n\nWorse{~%150%a =b}\n\nAlso{#x}\n"
    with pytest.raises(ValidationError) as caught:
        questions_import(data=text, filename="bank.gift", concept=concept)
    messages = caught.value.messages
    assert messages[0] == "bank.gift is not a valid GIFT file (3 problems). Nothing was imported:"
    assert [m.split(":")[0] for m in messages[1:]] == ["line 3", "line 7", "line 9"]
    assert Question.objects.count() == 0
