"""xAPI statements: the pure builder (table-driven) and a realistic class export validated
against the xAPI 1.0.2 JSON Schema (Draft 4)."""

import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from progress.interop import xapi
from progress.interop.models import ExportJob
from progress.practice.answers import attempt_record
from tests import factories
from tests.conftest import require_shared_data

BASE = "https://pathwise.example.org"
WHEN = datetime(2026, 3, 1, 9, 30, 15, 250000, tzinfo=UTC)


def facts(kind: str, snapshot_extra: dict, response: dict, **overrides) -> xapi.AttemptFacts:
    values = {
        "learner_id": 7,
        "client_token": uuid.UUID("11111111-2222-3333-4444-555555555555"),
        "question_id": 42,
        "snapshot": {"kind": kind, "prompt": "What is 2 + 2?", "choices": [], **snapshot_extra},
        "concept_slug": "addition",
        "concept_name": "Addition",
        "response": response,
        "response_text": "4",
        "score": 1.0,
        "is_correct": True,
        "time_taken_seconds": 12.5,
        "hints_used": 1,
        "created_at": WHEN,
        "language": "en",
    }
    values.update(overrides)
    return xapi.AttemptFacts(**values)


CHOICES = [
    {"id": 1, "text": "4", "is_correct": True},
    {"id": 2, "text": "5", "is_correct": False},
    {"id": 3, "text": "22", "is_correct": True},
]
TF = [
    {"id": 8, "text": "True", "is_correct": False},
    {"id": 9, "text": "False", "is_correct": True},
]


@pytest.mark.parametrize(
    ("kind", "extra", "response", "interaction", "pattern", "answer"),
    [
        ("single", {"choices": CHOICES[:2]}, {"choices": [2]}, "choice", ["choice-1"], "choice-2"),
        (
            "multiple",
            {"choices": CHOICES},
            {"choices": [1, 3]},
            "choice",
            ["choice-1[,]choice-3"],
            "choice-1[,]choice-3",
        ),
        ("true_false", {"choices": TF}, {"choices": [8]}, "true-false", ["false"], "true"),
        (
            "numeric",
            {"numeric_answer": "3.500000", "tolerance": "0.010000"},
            {"value": "3,5", "number": "3.5"},
            "numeric",
            ["3.49[:]3.51"],
            "3.5",
        ),
        (
            "numeric",
            {"numeric_answer": "12.000000", "tolerance": "0.000000"},
            {"value": "12", "number": "12"},
            "numeric",
            ["12"],
            "12",
        ),
        (
            "short_text",
            {"choices": [{"id": 5, "text": "photosynthesis", "is_correct": True}]},
            {"text": "Photosynthesis"},
            "fill-in",
            ["photosynthesis"],
            "Photosynthesis",
        ),
    ],
)
def test_each_kind_maps_to_an_interaction(kind, extra, response, interaction, pattern, answer):
    statement = xapi.attempt_statement(facts(kind, extra, response), id_base=BASE)
    definition = statement["object"]["definition"]
    assert definition["interactionType"] == interaction
    assert definition["correctResponsesPattern"] == pattern
    assert statement["result"]["response"] == answer
    assert ("choices" in definition) == (interaction == "choice")


def test_statement_shape_and_privacy():
    statement = xapi.attempt_statement(
        facts("single", {"choices": CHOICES[:2]}, {"choices": [1]}), id_base=BASE
    )
    assert statement["verb"]["id"] == "http://adlnet.gov/expapi/verbs/answered"
    assert statement["version"] == "1.0.2"
    assert statement["actor"] == {"objectType": "Agent", "account": {"homePage": BASE, "name": "7"}}
    assert statement["object"]["id"] == f"{BASE}/xapi/questions/42"
    parent = statement["context"]["contextActivities"]["parent"]
    assert parent[0]["id"] == f"{BASE}/xapi/concepts/addition"
    assert statement["result"]["score"] == {"scaled": 1.0, "raw": 1.0, "min": 0, "max": 1}
    assert statement["result"]["duration"] == "PT12.5S"
    assert statement["timestamp"] == "2026-03-01T09:30:15.250Z"


def test_statement_id_is_stable_per_attempt_and_distinct_per_learner():
    token = uuid.uuid4()
    first = xapi.statement_id(learner_id=1, client_token=token)
    assert first == xapi.statement_id(learner_id=1, client_token=token)
    assert first != xapi.statement_id(learner_id=2, client_token=token)
    assert uuid.UUID(first).version == 5


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [(0, "PT0S"), (12.5, "PT12.5S"), (59.999, "PT1M"), (75, "PT1M15S"), (3600.25, "PT1H0.25S")],
)
def test_iso_duration(seconds, expected):
    assert xapi.iso_duration(seconds) == expected


def test_naive_timestamps_are_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        xapi.iso_timestamp(datetime(2026, 1, 1))


# A realistic class export, validated against the schema --------------------------------


@pytest.fixture
def statement_validator():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(require_shared_data("xapi/statement.json").read_text())
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema)


@pytest.mark.django_db
def test_class_export_statements_validate_against_the_xapi_schema(
    login,
    teacher,
    classroom,
    student,
    other_student,
    settings,
    tmp_path,
    statement_validator,
    django_capture_on_commit_callbacks,
):
    settings.MEDIA_ROOT = tmp_path
    classroom.students.add(other_student)
    concept = factories.ConceptFactory(name="Fractions: halves & “quarters”")
    questions = [
        factories.QuestionFactory(concept=concept, kind=kind, prompt=f"Prompt {kind} ü ✓")
        for kind in ("single", "multiple", "true_false", "numeric", "short_text")
    ]
    start = timezone.now() - timedelta(days=2)
    for n, learner in enumerate([student, other_student]):
        for i, question in enumerate(questions * 2):
            attempt_record(
                learner=learner,
                question=question,
                response=factories.answer_for(question, correct=(i + n) % 3 != 0),
                client_token=uuid.uuid4(),
                now=start + timedelta(minutes=7 * i + n),
                time_taken_seconds=5 + i * 13.37,
            )
    outsider = factories.StudentFactory(username="outsider")
    attempt_record(
        learner=outsider,
        question=questions[0],
        response=factories.answer_for(questions[0]),
        client_token=uuid.uuid4(),
        now=start,
    )

    client = login(teacher)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("exports:list"),
            {"kind": "class", "format": "xapi", "classroom": classroom.pk},
        )
    job = ExportJob.objects.get(owner=teacher)
    assert job.status == ExportJob.Status.SUCCEEDED, job.error
    lines = job.path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == job.records == 20  # the class's attempts, not the outsider's
    statements = [json.loads(line) for line in lines]
    for statement in statements:
        errors = sorted(statement_validator.iter_errors(statement), key=str)
        assert not errors, [e.message for e in errors]
    kinds = {s["object"]["definition"]["interactionType"] for s in statements}
    assert kinds == {"choice", "true-false", "numeric", "fill-in"}
    assert {s["actor"]["account"]["name"] for s in statements} == {
        str(student.pk),
        str(other_student.pk),
    }
    assert len({s["id"] for s in statements}) == 20
    exported = "\n".join(lines)
    assert student.email not in exported and student.last_name not in exported
