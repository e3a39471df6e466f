"""Importing question banks written by others: what lands in the database, what is reported."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.template import Context, Template
from django.urls import reverse

from core.templatetags.rich_text import rich, rich_inline
from learning import grading
from learning.forms import MAX_UPLOAD_BYTES
from learning.importing import questions_import
from learning.models import Concept, Question, Topic
from tests.conftest import require_shared_data
from tests.factories import ConceptFactory, QuestionFactory, SubjectFactory
from tests.learning.test_interchange import (
    PEG_FILES,
    PROMPT_DEVIATIONS,
    SKIPPED_TYPES,
    SUPPORTED,
    XML_SYNTHETIC,
    expected_choices,
    norm,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def concept():
    return ConceptFactory(slug="target", name="Target")


def import_file(relative: str, **kwargs):
    path = require_shared_data(f"question-banks/{relative}")
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
    path = require_shared_data(f"question-banks/gift-peg/{name}")
    expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    report = questions_import(data=path.read_bytes(), filename=name, concept=concept)

    supported = [item for item in expected if item["type"] in SUPPORTED]
    unsupported = [item for item in expected if item["type"] in SKIPPED_TYPES]
    assert [s.qtype for s in report.skipped] == [SKIPPED_TYPES[i["type"]] for i in unsupported]
    assert all(s.source_ref.startswith("line ") for s in report.skipped)
    questions = list(Question.objects.filter(concept=concept).order_by("order"))
    assert len(questions) == len(supported)
    for index, (item, question) in enumerate(zip(supported, questions, strict=True)):
        if item["type"] == "MC":
            correct = sum(choice["isCorrect"] for choice in item["choices"])
            assert question.kind == ("single" if correct == 1 else "multiple")
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
        # Pathwise has no catch-all short answer: '*' is left out (with a warning).
        wanted = [c[:3] for c in expected_choices(item, name, index) if c[0] != "*"]
        ours = [(norm(t), ok, norm(fb)) for t, ok, fb in db_choices(question)]
        assert ours == wanted
        assert question.answerability_errors() == []


def test_catch_all_short_answer_is_left_out_with_a_warning(concept):
    report = import_file("gift-peg/totara_moodle_shortanswer.gift", concept=concept)
    assert any("catch-all answer '*'" in w and "Completely wrong" in w for w in report.warnings)


# --- features no shared file shows ------------------------------------------------------


def test_xml_numeric_several_answers_keep_the_best_and_warn_and_categories_build_curriculum():
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
    assert list(speed.choices.all()) == []
    assert any(
        w.startswith("question 2: 2 numeric answers; kept the best one (12.5 ± 0.5)")
        for w in report.warnings
    )

    assert [(c.text, c.is_correct, c.weight) for c in primes.choices.all()] == [
        ("2", True, 0.5),
        ("3", True, 0.5),
        ("4", False, -1.0),
    ]
    # Weighted grading applies to the stored question.
    assert grading.grade(primes.to_spec(), {"choices": [primes.choices.all()[0].pk]}).score == 0.5

    # "Paris" and "paris" are one answer to Pathwise: the second is left out, with a warning.
    assert db_choices(capital) == [("Paris", True, ""), ("Lyon", False, "Second city.")]
    assert any("'paris' repeats an earlier one" in w for w in report.warnings)
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


def test_questions_failing_validation_are_skipped_with_the_reason(concept):
    text = "Q1{=a ~b}\n\n::Dup::Q2{=same ~same}\n\nQ3{#1.1234567}\n"
    report = questions_import(data=text.encode(), filename="x.gift", concept=concept)
    assert Question.objects.count() == 1
    assert [s.source_ref for s in report.skipped] == ["line 3", "line 5"]
    assert "same text" in report.skipped[0].reason
    assert "decimal places" in report.skipped[1].reason


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


# --- the command ------------------------------------------------------------------------


def test_import_command_reports_and_fails_cleanly(concept, tmp_path, capsys):
    bank = tmp_path / "bank.gift"
    bank.write_text("::T1::Q{T}\n\nDescribe{}\n", encoding="utf-8")
    call_command("import_questions", bank, "--concept", "target", "--publish")
    out = capsys.readouterr().out
    assert "skipped line 3 (essay)" in out
    assert "imported 1 question (published)" in out
    assert Question.objects.get().status == Question.Status.PUBLISHED

    call_command("import_questions", bank, "--concept", "target", "--dry-run")
    assert Question.objects.count() == 1

    bank.write_text("Q{T\n", encoding="utf-8")
    with pytest.raises(CommandError, match="line 1"):
        call_command("import_questions", bank, "--concept", "target")
    with pytest.raises(CommandError, match="No concept has the slug 'nope'"):
        call_command("import_questions", bank, "--concept", "nope")


# --- the admin: upload -> preview -> confirm --------------------------------------------


IMPORT_URL = "admin:learning_question_import"


def upload(client, concept, name="bank.gift", content=b"::T::Q?{T}\n\nEssay{}\n", **extra):
    data = {"file": SimpleUploadedFile(name, content), "concept": str(concept.pk), **extra}
    return client.post(reverse(IMPORT_URL), data)


def test_question_list_links_to_the_import_page(editor_client):
    page = editor_client.get(reverse("admin:learning_question_changelist"))
    assert reverse(IMPORT_URL) in page.text
    assert "Import questions" in page.text


def test_upload_previews_then_confirm_imports(editor_client, concept):
    preview = upload(editor_client, concept)
    assert preview.status_code == 200
    assert "would import 1 question (drafts), skipped 1" in preview.text
    assert "essay questions are not supported" in preview.text
    assert Question.objects.count() == 0  # the preview writes nothing

    done = editor_client.post(reverse("admin:learning_question_import_confirm"), {"confirm": "1"})
    assert done.status_code == 302
    assert done.url == reverse("admin:learning_question_changelist")
    question = Question.objects.get()
    assert (question.concept, question.title, question.kind) == (concept, "T", "true_false")

    again = editor_client.post(
        reverse("admin:learning_question_import_confirm"), {"confirm": "1"}, follow=True
    )
    assert "no previewed file to import" in again.text
    assert Question.objects.count() == 1


def test_preview_of_a_malformed_file_shows_the_line(editor_client, concept):
    page = upload(editor_client, concept, content=b"Q1{T}\n\nQ2{=a\n")
    assert page.status_code == 200
    assert "line 3" in page.text and "never closed" in page.text
    assert Question.objects.count() == 0


def test_upload_size_and_type_are_checked(editor_client, concept):
    big = upload(editor_client, concept, content=b"x" * (MAX_UPLOAD_BYTES + 1))
    assert "the limit is 2.0 MB" in big.text
    wrong = upload(editor_client, concept, name="bank.docx", content=b"PK")
    assert "is not a question-bank file" in wrong.text
    no_concept = editor_client.post(
        reverse(IMPORT_URL), {"file": SimpleUploadedFile("a.gift", b"Q{T}")}
    )
    assert "Choose the concept" in no_concept.text
    assert Question.objects.count() == 0


def test_only_editors_may_import(client, login, student, other_teacher):
    anonymous = client.get(reverse(IMPORT_URL))
    assert anonymous.status_code == 302 and "/login/" in anonymous.url
    assert login(student).get(reverse(IMPORT_URL)).status_code == 302  # not staff: to login
    # Staff outside the Content editors group may not add questions.
    assert login(other_teacher).get(reverse(IMPORT_URL)).status_code == 403


# --- rendering imported text ------------------------------------------------------------


def test_markdown_is_rendered_then_sanitised():
    html = str(rich("**Bold** and <script>alert(1)</script>\n\n* one\n* two", "markdown"))
    assert "<strong>Bold</strong>" in html
    assert "<li>one</li>" in html
    assert "<script" not in html
    link = str(rich_inline("[x](javascript:alert(1)) *em*", "markdown"))
    assert "javascript:" not in link
    assert link.endswith("<em>em</em>") and not link.startswith("<p>")


def test_plain_and_moodle_formats_render_as_before_and_html_is_sanitised():
    assert str(rich("Is 3 < 5?", "plain")) == "<p>Is 3 &lt; 5?</p>"
    assert str(rich("Is 3 < 5?", "moodle")) == str(rich("Is 3 < 5?"))
    assert str(rich('<p onclick="x()">Hi</p>', "html")) == "<p>Hi</p>"


def test_template_filter_takes_the_question_format():
    question = QuestionFactory.build(prompt="Use *this*", prompt_format="markdown")
    template = Template("{% load rich_text %}{{ q.prompt|rich:q.prompt_format }}")
    assert template.render(Context({"q": question})) == "<p>Use <em>this</em></p>"
