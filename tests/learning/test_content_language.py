"""The language content is written in: a BCP 47 tag on the subject, an optional override on
the question; validated in the admin, carried by Pathwise JSON question banks."""

import json

import pytest
from django.urls import reverse

from core.languages import canonical_language_tag
from learning.exporting import questions_export
from learning.importing import questions_import
from learning.interchange.pathwise_json import parse_pathwise_json
from learning.interchange.types import ParseError
from learning.models import Question, Subject
from tests import factories


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("en", "en"),
        ("EN-gb", "en-GB"),
        (" es-419 ", "es-419"),
        ("zh-hant-tw", "zh-Hant-TW"),
        ("sr-latn-rs", "sr-Latn-RS"),
        ("de-CH-1996", "de-CH-1996"),
        ("zh-yue-hk", "zh-yue-HK"),
        ("en-a-bbb-x-ccc", "en-a-bbb-x-ccc"),
        ("english", None),
        ("en_GB", None),
        ("e", None),
        ("", None),
        ("x-klingon", None),
        ("en-", None),
        ("a" * 2 + "-" + "b" * 40, None),
    ],
)
def test_language_tags_are_checked_and_put_in_canonical_case(value, expected):
    assert canonical_language_tag(value) == expected


@pytest.mark.django_db
def test_new_subjects_take_the_configured_language(settings):
    settings.PATHWISE_CONTENT_LANGUAGE = "cy"
    assert Subject.objects.create(name="Hanes", slug="hanes").language == "cy"


@pytest.mark.django_db
def test_the_admin_refuses_a_bad_tag_and_canonicalises_a_good_one(login, admin_user):
    client = login(admin_user)
    data = {"name": "Français", "slug": "francais", "description": "", "order": 0}
    response = client.post(reverse("admin:learning_subject_add"), data | {"language": "french"})
    assert response.status_code == 200
    assert "is not a language tag" in response.content.decode()
    assert not Subject.objects.exists()
    client.post(reverse("admin:learning_subject_add"), data | {"language": "FR-ca"})
    assert Subject.objects.get().language == "fr-CA"


@pytest.mark.django_db
def test_a_question_follows_its_subject_unless_it_says_otherwise():
    subject = factories.SubjectFactory(language="es")
    question = factories.QuestionFactory(concept__topic__subject=subject)
    assert question.content_language == "es"
    question.language = "ca"
    assert question.content_language == "ca"


@pytest.fixture
def bank(db):
    """A Spanish subject with a Spanish question and a French one, exported as JSON."""
    spanish = factories.SubjectFactory(name="Español", slug="es-subject", language="es")
    concept = factories.ConceptFactory(topic__subject=spanish)
    factories.QuestionFactory(concept=concept, title="Hola", prompt="¿Qué tal?")
    factories.QuestionFactory(concept=concept, title="Bonjour", prompt="Ça va ?", language="fr")
    text = questions_export(queryset=Question.objects.filter(concept=concept), fmt="json")
    return text


def test_pathwise_json_writes_each_questions_language(bank):
    written = {q["title"]: q["language"] for q in json.loads(bank)["questions"]}
    assert written == {"Hola": "es", "Bonjour": "fr"}


def test_importing_keeps_a_language_only_where_it_differs_from_the_subjects(bank):
    english = factories.ConceptFactory(topic__subject=factories.SubjectFactory(language="en"))
    questions_import(data=bank.encode(), filename="bank.json", concept=english)
    assert dict(english.questions.values_list("title", "language")) == {
        "Hola": "es",
        "Bonjour": "fr",
    }
    spanish = factories.ConceptFactory(topic__subject=factories.SubjectFactory(language="es"))
    questions_import(data=bank.encode(), filename="bank.json", concept=spanish)
    imported = {q.title: (q.language, q.content_language) for q in spanish.questions.all()}
    assert imported == {"Hola": ("", "es"), "Bonjour": ("fr", "fr")}


def test_a_bad_language_in_a_bank_names_the_question_and_field(bank):
    document = json.loads(bank)
    document["questions"][1]["language"] = "français"
    with pytest.raises(ParseError, match=r"questions\[1\]\.language: 'français' is not a BCP"):
        parse_pathwise_json(json.dumps(document))
    document["questions"][1]["language"] = "FR-fr"
    assert parse_pathwise_json(json.dumps(document)).questions[1].language == "fr-FR"
    del document["questions"][1]["language"]  # banks written before languages existed
    assert parse_pathwise_json(json.dumps(document)).questions[1].language == ""


@pytest.mark.django_db
def test_formats_without_a_language_follow_the_target_subject():
    concept = factories.ConceptFactory(topic__subject=factories.SubjectFactory(language="it"))
    questions_import(data=b"::Ciao:: Come stai? {=Bene ~Male}", filename="b.gift", concept=concept)
    question = concept.questions.get()
    assert (question.language, question.content_language) == ("", "it")
