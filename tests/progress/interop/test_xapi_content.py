"""What xAPI statements say about the content: plain text, never the author's markup, and
the content's own language (issue 17: raw HTML reached LRS dashboards; every map said "en").
"""

import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from core.plaintext import ZERO_WIDTH_SPACE
from progress.interop import xapi
from progress.interop.statements import statements_for, statements_queryset
from progress.models import Attempt
from progress.practice.answers import attempt_record
from tests import factories
from tests.conftest import require_shared_data

BASE = "https://pathwise.example.org"
WHEN = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
HOSTILE = (
    '<p onclick="steal()">Which <b>gas</b> do plants take in?'
    "<script>alert('x')</script><img src=x onerror=alert(1) alt=\"a leaf\"></p>"
)


def facts(snapshot, **overrides):
    values = {
        "learner_id": 7,
        "client_token": uuid.UUID("11111111-2222-3333-4444-555555555555"),
        "question_id": 42,
        "snapshot": snapshot,
        "concept_slug": "plants",
        "concept_name": "Plants <3",
        "response": {"choices": [1]},
        "response_text": "",
        "score": 1.0,
        "is_correct": True,
        "time_taken_seconds": 3,
        "hints_used": 0,
        "created_at": WHEN,
        "language": "en",
    }
    return xapi.AttemptFacts(**(values | overrides))


def display_texts(statement) -> list[str]:
    """Every language-map value of the statement (names, descriptions, choices)."""
    found = []

    def walk(value):
        if isinstance(value, dict):
            for key, item in value.items():
                if key in ("name", "description") and isinstance(item, dict):
                    found.extend(item.values())
                else:
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(statement)
    return found


@pytest.fixture
def statement_validator():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(require_shared_data("xapi/statement.json").read_text())
    return jsonschema.Draft4Validator(schema)


def assert_valid(validator, statement):
    errors = sorted(validator.iter_errors(statement), key=str)
    assert not errors, [e.message for e in errors]


@pytest.mark.parametrize(
    ("prompt", "text_format", "expected"),
    [
        (HOSTILE, "html", "Which gas do plants take in? [a leaf]"),
        (HOSTILE, "plain", "Which gas do plants take in? [a leaf]"),  # tag-like: read as HTML
        (HOSTILE, None, "Which gas do plants take in? [a leaf]"),  # snapshots before formats
        ("Is **3 < 5**? <span onmouseover=x()>yes</span>", "markdown", "Is 3 < 5? yes"),
        ("3 < 5 and 7 > 2", "plain", "3 < 5 and 7 > 2"),  # not tag-like: kept as written
        ("<p>One</p><p>Two &amp; three</p>", "html", "One\nTwo & three"),
    ],
)
def test_names_and_descriptions_are_plain_text(prompt, text_format, expected):
    snapshot = {
        "kind": "single",
        "prompt": prompt,
        "prompt_format": text_format,
        "choices": [
            {"id": 1, "text": "<i onclick=x()>Carbon</i> dioxide", "is_correct": True},
            {"id": 2, "text": "Oxygen<script>x()</script>", "is_correct": False},
        ],
    }
    definition = xapi.attempt_statement(facts(snapshot), id_base=BASE)["object"]["definition"]
    assert definition["description"] == {"en": expected}
    assert definition["name"] == {"en": " ".join(expected.split())}
    assert [c["description"]["en"] for c in definition["choices"]] == ["Carbon dioxide", "Oxygen"]


def test_no_markup_survives_even_when_the_author_wrote_it_escaped():
    """``&lt;script&gt;`` is text an author meant to show; it stays readable but inert."""
    snapshot = {"kind": "single", "prompt": "Explain &lt;script&gt;x()&lt;/script&gt;"}
    snapshot |= {"prompt_format": "html", "choices": []}
    statement = xapi.attempt_statement(facts(snapshot), id_base=BASE)
    for text in display_texts(statement):
        assert "<script" not in text.lower() and "onclick" not in text and "<b>" not in text
    description = statement["object"]["definition"]["description"]["en"]
    assert description == f"Explain <{ZERO_WIDTH_SPACE}script>x()<{ZERO_WIDTH_SPACE}/script>"


def test_language_maps_and_context_carry_the_contents_language():
    snapshot = {"kind": "true_false", "prompt": "¿Verdadero?", "choices": []}
    statement = xapi.attempt_statement(
        facts(snapshot, language="es-419", concept_language="en"), id_base=BASE
    )
    assert statement["context"]["language"] == "es-419"
    definition = statement["object"]["definition"]
    assert list(definition["name"]) == list(definition["description"]) == ["es-419"]
    parent = statement["context"]["contextActivities"]["parent"][0]
    assert parent["definition"]["name"] == {"en": "Plants <3"}


# Through the database -------------------------------------------------------------------


@pytest.fixture
def content(db):
    """A Spanish subject with one question of its own and one written in French."""
    spanish = factories.SubjectFactory(name="Biología", slug="bio", language="es")
    concept = factories.ConceptFactory(name="Las plantas", topic__subject=spanish)
    own = factories.QuestionFactory(
        concept=concept, kind="single", prompt=HOSTILE, prompt_format="html"
    )
    french = factories.QuestionFactory(concept=concept, kind="numeric", language="fr")
    return {"own": own, "french": french}


def _record(learner, question, minutes=0):
    return attempt_record(
        learner=learner,
        question=question,
        response=factories.answer_for(question),
        client_token=uuid.uuid4(),
        now=timezone.now() - timedelta(minutes=60 - minutes),
    ).attempt


def test_exported_statements_carry_each_questions_language(student, content, statement_validator):
    _record(student, content["own"])
    _record(student, content["french"], minutes=1)
    statements = statements_for(statements_queryset(learners=[student]))
    assert [s["context"]["language"] for s in statements] == ["es", "fr"]
    first = statements[0]
    assert first["object"]["definition"]["description"] == {
        "es": "Which gas do plants take in? [a leaf]"
    }
    for statement in statements:
        assert_valid(statement_validator, statement)
        assert all("<" not in text for text in display_texts(statement))
        parent = statement["context"]["contextActivities"]["parent"][0]
        assert parent["definition"]["name"] == {"es": "Las plantas"}


def test_old_attempts_without_a_snapshotted_language_use_the_questions(student, content):
    attempt = _record(student, content["french"])
    snapshot = dict(attempt.question_snapshot)
    del snapshot["language"], snapshot["prompt_format"]
    Attempt.objects.filter(pk=attempt.pk).update(question_snapshot=snapshot)
    [statement] = statements_for(statements_queryset(learners=[student]))
    assert statement["context"]["language"] == "fr"


def test_the_snapshot_keeps_the_language_the_question_was_asked_in(student, content):
    """Changing a question's language later does not rewrite what was recorded."""
    attempt = _record(student, content["own"])
    assert attempt.question_snapshot["language"] == "es"
    assert attempt.question_snapshot["prompt_format"] == "html"
    content["own"].language = "ca"
    content["own"].save()
    [statement] = statements_for(statements_queryset(learners=[student]))
    assert statement["context"]["language"] == "es"


def test_session_and_badge_statements_validate(statement_validator):
    session = xapi.SessionFacts(
        learner_id=3,
        session_id=9,
        scope="activity",
        scope_ref="weekly-quiz",
        scope_name="Weekly <b>quiz</b>",
        mode="quiz",
        language="fr",
        question_count=4,
        correct_count=3,
        score_percent=75,
        passed=True,
        started_at=WHEN,
        ended_at=WHEN + timedelta(minutes=6),
    )
    statement = xapi.session_statement(session, id_base=BASE)
    assert_valid(statement_validator, statement)
    assert statement["result"]["score"] == {"scaled": 0.75}
    assert statement["result"]["success"] is True
    assert statement["result"]["duration"] == "PT6M"
    assert statement["object"]["definition"]["name"] == {"fr": "Quiz: Weekly quiz"}
    assert statement["id"] == xapi.session_statement_id(learner_id=3, session_id=9)
    earned = xapi.EarnedFacts(
        learner_id=3,
        badge_id=5,
        badge_slug="streak-7",
        badge_name="Seven days",
        badge_description="Practise seven days in a row.",
        occurrence=2,
        earned_at=WHEN,
        language="en",
    )
    statement = xapi.earned_statement(earned, id_base=BASE)
    assert_valid(statement_validator, statement)
    assert statement["verb"]["id"] == "http://id.tincanapi.com/verb/earned"
    assert (
        statement["id"]
        != xapi.earned_statement(
            earned.__class__(**{**earned.__dict__, "occurrence": 3}), id_base=BASE
        )["id"]
    ), "each time a repeatable badge is earned is its own statement"
