"""Exporting question banks, and importing them back: equivalent questions every time."""

from __future__ import annotations

import itertools
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from learning import grading, services
from learning.exporting import questions_export, questions_export_report, questions_for_export
from learning.importing import questions_import
from learning.models import Choice, Concept, Question, Topic
from learning.permissions import content_editors_group_ensure
from learning.services import ChoiceInput
from tests.factories import ConceptFactory, QuestionFactory, SubjectFactory, TopicFactory

pytestmark = pytest.mark.django_db

FORMATS = ["gift", "xml", "json"]


def make(concept, kind, prompt, choices=(), weights=None, **fields) -> Question:
    question = services.question_create(
        concept=concept, kind=kind, prompt=prompt, choices=choices, **fields
    )
    if weights is not None:
        rows = list(question.choices.order_by("order"))
        for row, weight in zip(rows, weights, strict=True):
            row.weight = weight
        Choice.objects.bulk_update(rows, ["weight"])
    return question


@pytest.fixture
def bank():
    """One concept holding every kind, with feedback, weights, hints, tags and ids."""
    concept = ConceptFactory(slug="source", name="Fractions", topic__name="Number")
    common = {"explanation": "Because: {it} = so #1", "tags": ["maths", "y7"]}
    make(
        concept,
        "single",
        "Which is **half**?",
        [("1/2", True, "Yes"), ("1/3", False, "No, a third"), ("2/3", False, "")],
        title="Half",
        prompt_format="markdown",
        external_id="F-1",
        hint_1="Split in two.",
        hint_2="Equal parts.",
        **common,
    )
    make(
        concept,
        "multiple",
        "<p>Which are primes?</p>",
        [("2", True, "yes"), ("3", True, ""), ("4", False, "2 x 2"), ("9", False, "")],
        weights=[0.5, 0.5, -1.0, -1.0],
        prompt_format="html",
        external_id="F-2",
        **common,
    )
    make(
        concept,
        "multiple",
        "Which are even?",
        [("2", True, ""), ("4", True, ""), ("6", True, ""), ("7", False, "odd")],
        prompt_format="plain",
    )
    make(
        concept,
        "true_false",
        "A fraction can be bigger than 1.",
        [("True", True, "Like 3/2."), ("False", False, "Think of 3/2.")],
        title="Improper",
    )
    make(
        concept,
        "short_text",
        "Another word for a fraction's bottom number?",
        [("denominator", True, ""), ("divisor", True, "Close enough"), ("numerator", False, "Top")],
        weights=[1.0, 0.5, 0.0],
        hint_1="It starts with d.",
    )
    make(
        concept,
        "numeric",
        "What is 1/8 as a decimal?",
        numeric_answer=Decimal("0.125"),
        tolerance=Decimal("0.001"),
        external_id="F-6",
        **common,
    )
    return concept


def snapshot(question: Question, *, fmt: str) -> tuple:
    """What a round trip must keep (hints only where the format carries them)."""
    choices = []
    for c in question.choices.order_by("order"):
        weight = c.weight
        if fmt != "json" and question.kind not in ("multiple", "true_false") and weight is None:
            weight = 1.0 if c.is_correct else 0.0  # the fraction Moodle reads, now explicit
        choices.append((c.text, c.is_correct, c.feedback, weight))
    if fmt != "json" and question.kind == "multiple":
        choices = [(text, ok, fb) for text, ok, fb, _ in choices]  # compared by grading below
    return (
        question.kind,
        question.title,
        question.prompt,
        question.prompt_format,
        question.explanation,
        choices,
        question.numeric_answer,
        question.tolerance,
        question.hints if fmt != "gift" else None,
        question.tags,
        question.external_id,
    )


def scores(question: Question) -> list[float]:
    """The score of every possible selection, in choice order."""
    spec = question.to_spec()
    ids = [c.id for c in spec.choices]
    return [
        grading.grade(spec, {"choices": list(picked)}).score
        for size in range(1, len(ids) + 1)
        for picked in itertools.combinations(ids, size)
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_import_of_an_export_gives_equivalent_questions(bank, fmt):
    text = questions_export(queryset=questions_for_export(concept=bank), fmt=fmt)
    target = ConceptFactory(slug="copy")
    report = questions_import(data=text.encode(), filename=f"bank.{fmt}", concept=target)
    assert report.skipped == []
    assert report.warnings == []  # the half-credit short answer is graded at 50 %, as in Moodle

    originals = list(Question.objects.filter(concept=bank).order_by("order", "pk"))
    copies = list(Question.objects.filter(concept=target).order_by("order", "pk"))
    assert [snapshot(q, fmt=fmt) for q in copies] == [snapshot(q, fmt=fmt) for q in originals]
    for original, copy in zip(originals, copies, strict=True):
        if original.kind == "multiple":
            assert scores(copy) == pytest.approx(scores(original))


def test_xml_gives_unweighted_multiple_choice_the_weights_that_grade_it_the_same(bank):
    even = Question.objects.get(concept=bank, prompt="Which are even?")
    text = questions_export(queryset=Question.objects.filter(pk=even.pk), fmt="xml")
    assert 'fraction="-100"' in text
    target = ConceptFactory()
    questions_import(data=text.encode(), filename="even.xml", concept=target)
    copy = Question.objects.get(concept=target)
    assert grading.is_weighted(copy.to_spec())
    assert scores(copy) == pytest.approx(scores(even))


def test_categories_rebuild_topics_and_concepts_in_another_subject():
    subject = SubjectFactory(slug="maths")
    algebra = TopicFactory(subject=subject, name="Algebra", slug="algebra")
    linear = TopicFactory(subject=subject, name="Linear", slug="linear", parent=algebra)
    QuestionFactory(concept=ConceptFactory(topic=linear, name="Slopes"), kind="true_false")
    QuestionFactory(concept=ConceptFactory(topic=algebra, name="Terms"))
    text = questions_export(queryset=questions_for_export(subject=subject), fmt="gift")
    assert "$CATEGORY: $course$/top/Algebra/Linear/Slopes" in text

    other = SubjectFactory(slug="copy")
    questions_import(data=text.encode(), filename="m.gift", subject=other, create_categories=True)
    copied = Topic.objects.get(subject=other, name="Linear")
    assert copied.parent.name == "Algebra"
    assert Concept.objects.get(topic=copied, name="Slopes").questions.count() == 1
    assert Concept.objects.get(topic__subject=other, name="Terms").questions.count() == 1


def test_scopes_include_sub_topics_and_nothing_else():
    algebra = TopicFactory(slug="algebra")
    inner = TopicFactory(subject=algebra.subject, parent=algebra)
    a = QuestionFactory(concept__topic=algebra)
    b = QuestionFactory(concept__topic=inner)
    QuestionFactory()  # another subject
    assert set(questions_for_export(topic=algebra)) == {a, b}
    assert set(questions_for_export(topic=inner)) == {b}
    assert set(questions_for_export(subject=algebra.subject)) == {a, b}
    assert list(questions_for_export(concept=b.concept)) == [b]


def test_an_unanswerable_question_stops_the_export_with_its_name(bank):
    broken = QuestionFactory(concept=bank, status="draft", title="Broken", choices=[])
    with pytest.raises(ValidationError, match="Broken"):
        questions_export(queryset=Question.objects.filter(pk=broken.pk), fmt="json")


def test_export_command_writes_a_file_or_stdout(bank, tmp_path, capsys):
    out = tmp_path / "bank.xml"
    call_command("export_questions", "--concept", "source", "--format", "xml", "-o", str(out))
    assert out.read_text(encoding="utf-8").count('<question type="') == 7  # category + 6
    call_command("export_questions", "--topic", bank.topic.slug, "--format", "gift")
    assert "::Half::[markdown]Which is **half**?" in capsys.readouterr().out
    with pytest.raises(CommandError, match="No subject has the slug 'nope'"):
        call_command("export_questions", "--subject", "nope", "--format", "json")


def test_admin_export_action_downloads_the_selected_questions(login, teacher, bank):
    teacher.groups.add(content_editors_group_ensure())
    client = login(teacher)
    picked = Question.objects.filter(concept=bank, kind="true_false")
    response = client.post(
        reverse("admin:learning_question_changelist"),
        {"action": "export_json", "_selected_action": [str(q.pk) for q in picked]},
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="questions.json"'
    document = response.json()
    assert [q["prompt"] for q in document["questions"]] == ["A fraction can be bigger than 1."]


# --- what each format leaves different: the export report ---------------------------------


def test_the_export_report_says_what_each_format_cannot_hold(bank):
    make(
        bank,
        "short_text",
        "SQL keyword that reads rows?",
        [("SELECT", True, "")],
        weights=[1.0],
        case_sensitive=True,
        hint_1="Four letters... no, six.",
    )
    gift = questions_export_report(queryset=questions_for_export(concept=bank), fmt="gift")
    xml = questions_export_report(queryset=questions_for_export(concept=bank), fmt="xml")
    as_json = questions_export_report(queryset=questions_for_export(concept=bank), fmt="json")

    assert sum("GIFT has no syntax for hints" in n for n in gift.notes) == 3  # every hinted one
    assert any("SQL keyword" in n and "GIFT cannot say so" in n for n in gift.notes)
    assert not any("hints" in n or "case-sensitive" in n for n in xml.notes)
    assert "<usecase>1</usecase>" in xml.text
    assert as_json.notes == []
    # The Moodle-rule short answer keeps its case in XML, loses it through GIFT (as noted).
    for report, fmt, expected in ((xml, "xml", True), (gift, "gift", False)):
        target = ConceptFactory()
        questions_import(data=report.text.encode(), filename=f"b.{fmt}", concept=target)
        copy = Question.objects.get(concept=target, prompt="SQL keyword that reads rows?")
        assert copy.case_sensitive is expected


def test_lenient_short_text_and_single_choice_penalties_are_noted():
    concept = ConceptFactory()
    make(concept, "short_text", "Capital of France?", [("Paris", True, "")])
    make(
        concept,
        "single",
        "Pick one",
        [("good", True, ""), ("bad", False, "")],
        weights=[1.0, -0.5],
    )
    report = questions_export_report(queryset=questions_for_export(concept=concept), fmt="xml")
    assert any(
        "Capital of France?" in n and "matches its answers leniently" in n for n in report.notes
    )
    assert any("'bad' weighs -0.5" in n and "Pathwise scores it 0" in n for n in report.notes)


def test_numeric_answer_rows_are_exported_in_order_with_their_feedback():
    concept = ConceptFactory()
    make(
        concept,
        "numeric",
        "When was Grant born?",
        [
            ChoiceInput("1822", True, "Right", 1.0, Decimal(0)),
            ChoiceInput("1822", True, "Close", 0.5, Decimal(2)),
            ChoiceInput("*", False, "Wrong year", 0.0),
        ],
        numeric_answer=Decimal(1822),
        tolerance=Decimal(0),
    )
    gift = questions_export(queryset=questions_for_export(concept=concept), fmt="gift")
    assert "=%100%1822:0#Right\n\t=%50%1822:2#Close\n\t=%0%*#Wrong year" in gift
    xml = questions_export(queryset=questions_for_export(concept=concept), fmt="xml")
    assert xml.count("<answer ") == 3 and "<tolerance>2</tolerance>" in xml


def test_admin_export_shows_the_notes(login, teacher, bank):
    teacher.groups.add(content_editors_group_ensure())
    client = login(teacher)
    hinted = Question.objects.filter(concept=bank, title="Half")
    response = client.post(
        reverse("admin:learning_question_changelist"),
        {"action": "export_gift", "_selected_action": [str(q.pk) for q in hinted]},
    )
    assert response.status_code == 200
    page = client.get(reverse("admin:learning_question_changelist"))
    assert "Export note: “Half”" in page.text
    assert "GIFT has no syntax for hints" in page.text
