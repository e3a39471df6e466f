"""The curriculum's version token, and the process-local caches keyed by it."""

import importlib
import uuid
from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from learning import services, versioning
from learning.models import ContentVersion, Question
from progress.metrics.recompute import recompute_progress
from progress.models import ConceptMastery, ProgressMetric
from progress.practice.answers import attempt_record
from tests.factories import (
    ConceptFactory,
    QuestionFactory,
    StudentFactory,
    SubjectFactory,
    TopicFactory,
    answer_for,
)

pytestmark = pytest.mark.django_db


def token() -> str | None:
    return (
        ContentVersion.objects.filter(pk=versioning.SINGLETON_PK)
        .values_list("token", flat=True)
        .first()
    )


def test_the_migration_creates_the_version_row():
    # Run the migration's own step on an empty table (a flush by an earlier transactional
    # test may have emptied it): it must create the one row with a fresh token.
    migration = importlib.import_module("learning.migrations.0003_content_version_and_id_ordering")
    ContentVersion.objects.all().delete()
    # The step uses only the editor's connection: pass the test's own.
    migration.create_version_row(django_apps, SimpleNamespace(connection=connection))
    assert token() is not None and len(token()) == 32


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda: SubjectFactory(), id="subject created"),
        pytest.param(lambda: TopicFactory(), id="topic created"),
        pytest.param(lambda: ConceptFactory(), id="concept created"),
        pytest.param(lambda: QuestionFactory(), id="question created"),
    ],
)
def test_every_curriculum_save_gives_a_new_token(change):
    before = token()
    change()
    assert token() != before


def test_edits_deletes_and_bulk_status_changes_give_a_new_token():
    question = QuestionFactory()
    concept = question.concept

    before = token()
    concept.name = "Renamed"
    concept.save()
    assert token() != before

    before = token()
    assert services.question_bulk_unpublish(questions=[question]) == 1
    assert token() != before

    before = token()
    result = services.question_bulk_publish(questions=[question])
    assert result.published == [question]
    assert token() != before

    before = token()
    question.delete()
    assert token() != before


def test_a_bulk_call_that_changes_nothing_keeps_the_token():
    question = QuestionFactory()
    before = token()
    assert services.question_bulk_unpublish(questions=[]) == 0
    services.question_bulk_publish(questions=[question])  # already published
    assert token() == before


def test_cached_reuses_a_value_only_under_the_same_token():
    built = []

    def build():
        built.append(1)
        return len(built)

    assert versioning.cached("x", "a", build) == 1
    assert versioning.cached("x", "a", build) == 1
    assert versioning.cached("x", "b", build) == 2
    assert versioning.cached("x", "a", build) == 3  # only the latest token is kept
    assert versioning.cached("x", None, build) == 4  # no version row: never cached
    assert versioning.cached("x", None, build) == 5
    versioning.clear()
    assert versioning.cached("x", "a", build) == 6


def _answer(learner, question):
    attempt_record(
        learner=learner,
        question=question,
        response=answer_for(question),
        client_token=uuid.uuid4(),
        now=timezone.now(),
    )


def _concept_list_queries(learner, question) -> int:
    with CaptureQueriesContext(connection) as captured:
        _answer(learner, question)
    # The practicable-curriculum query: concepts with a published question (EXISTS).
    return sum(
        'FROM "learning_concept"' in q["sql"] and "EXISTS" in q["sql"]
        for q in captured.captured_queries
    )


def test_the_answer_path_reads_the_concept_list_once_per_content_version():
    question = QuestionFactory()
    learner = StudentFactory()
    _answer(learner, question)  # creates the learner's stats row
    versioning.clear()

    assert _concept_list_queries(learner, question) == 1
    assert _concept_list_queries(learner, question) == 0
    QuestionFactory(concept=question.concept)  # a change: the next answer reads it again
    assert _concept_list_queries(learner, question) == 1
    assert _concept_list_queries(learner, question) == 0


def test_a_newly_published_concept_counts_in_the_next_answers_roll_up():
    """A draft concept joins the roll-ups as soon as it is published: the topic's mastery
    halves (one of two concepts now), and replaying the log agrees with what was stored."""
    topic = TopicFactory()
    first = QuestionFactory(concept=ConceptFactory(topic=topic))
    second = QuestionFactory(concept=ConceptFactory(topic=topic), status=Question.Status.DRAFT)
    learner = StudentFactory()
    _answer(learner, first)
    _answer(learner, first)  # the concept list is now cached in this process

    def topic_mastery() -> float:
        return ProgressMetric.objects.get(
            learner=learner, dimension="topic", key=str(topic.pk), metric="mastery"
        ).value

    alone = topic_mastery()
    services.question_bulk_publish(questions=[second])
    _answer(learner, first)
    row = ConceptMastery.objects.get(learner=learner, concept=first.concept)
    assert topic_mastery() == pytest.approx(row.p_known / 2)
    assert topic_mastery() < alone
    assert recompute_progress(learner_ids=[learner.pk]) == []


def test_the_answer_path_reuses_a_question_until_its_content_or_parameters_change():
    from progress.models import MasteryParameters
    from progress.practice.selectors import question_for_answer

    question = QuestionFactory()
    first = question_for_answer(pk=question.pk, content_token=token())
    with CaptureQueriesContext(connection) as captured:
        again = question_for_answer(pk=question.pk, content_token=token())
    assert again is first
    assert len(captured.captured_queries) == 1  # only the token() read in this test

    MasteryParameters.objects.create(concept=question.concept, prior=0.9)  # a refit
    refreshed = question_for_answer(pk=question.pk, content_token=token())
    assert refreshed is not first
    assert refreshed.concept.mastery_parameters.prior == 0.9

    choice = question.choices.order_by("pk").first()
    choice.text = "An edited choice"
    choice.save()  # a choice edited on its own (not through the question's admin page)
    assert question_for_answer(pk=question.pk, content_token=token()).choices.all()[0].text == (
        "An edited choice"
    )

    Question.objects.filter(pk=question.pk).update(prompt="Edited")  # no signal: no new token
    versioning.bump()  # what a bulk path must do
    assert question_for_answer(pk=question.pk, content_token=token()).prompt == "Edited"
    assert question_for_answer(pk=None, content_token=token()) is None


def test_ids_of_nothing_are_not_kept_in_memory():
    """A client can post any question id: the answers to unknown ids are not cached."""
    from progress.practice.selectors import question_for_answer

    assert question_for_answer(pk=987_654_321, content_token=token()) is None
    assert not [name for name in versioning._local if name.endswith(".987654321")]
    assert versioning.cached("y", "a", lambda: None) is None
    assert "y" not in versioning._local
