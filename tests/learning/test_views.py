import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def build_subject(n_topics: int, concepts_per_topic: int, questions_per_concept: int):
    subject = factories.SubjectFactory(name="Mathematics", slug="mathematics")
    parent = factories.TopicFactory(subject=subject, name="Arithmetic", slug="arithmetic")
    topics = []
    for i in range(n_topics):
        topic = factories.TopicFactory(subject=subject, parent=parent if i % 2 else None)
        topics.append(topic)
        for _ in range(concepts_per_topic):
            concept = factories.ConceptFactory(topic=topic)
            for _ in range(questions_per_concept):
                factories.QuestionFactory(concept=concept)
            factories.QuestionFactory(concept=concept, status="draft")
    for a, b in zip(topics[1:], topics, strict=False):
        factories.TopicPrerequisiteFactory(topic=a, prerequisite=b)
    return subject, topics


def test_subject_list_shows_subjects(client):
    build_subject(2, 2, 1)
    page = client.get(reverse("learning:subject_list")).content.decode()
    assert "Mathematics" in page


def test_subject_page_shows_topic_tree(client):
    subject, topics = build_subject(3, 1, 1)
    page = client.get(subject.get_absolute_url()).content.decode()
    for topic in topics:
        assert topic.name in page
    assert "Arithmetic" in page


def test_topic_page_lists_prerequisites_with_links(client):
    _, topics = build_subject(3, 2, 1)
    page = client.get(topics[1].get_absolute_url()).content.decode()
    assert "Learn these first" in page
    assert topics[0].get_absolute_url() in page


def test_concept_page_counts_only_published_questions(client):
    concept = factories.ConceptFactory(explanation="Fractions are parts of a whole.")
    factories.QuestionFactory.create_batch(3, concept=concept)
    factories.QuestionFactory(concept=concept, status="draft")
    page = client.get(concept.get_absolute_url()).content.decode()
    assert "Fractions are parts of a whole." in page
    assert "<strong>3</strong> practice questions" in page


def test_unknown_slugs_are_404(client, db):
    for name in ("subject_detail", "topic_detail", "concept_detail"):
        assert client.get(reverse(f"learning:{name}", args=["nope"])).status_code == 404


def test_curriculum_is_public_and_also_works_logged_in(client, login, student):
    concept = factories.ConceptFactory()
    assert client.get(concept.get_absolute_url()).status_code == 200
    assert login(student).get(concept.get_absolute_url()).status_code == 200


# Query budgets: the same count whatever the size of the curriculum ------------------------


@pytest.mark.parametrize("size", [(1, 1, 1), (6, 4, 5)])
def test_subject_list_budget(client, django_assert_num_queries, size):
    build_subject(*size)
    # subjects with topic and concept counts
    with django_assert_num_queries(1):
        assert client.get(reverse("learning:subject_list")).status_code == 200


@pytest.mark.parametrize("size", [(1, 1, 1), (6, 4, 5)])
def test_subject_detail_budget(client, django_assert_num_queries, size):
    subject, _ = build_subject(*size)
    # subject, topics with concept counts
    with django_assert_num_queries(2):
        assert client.get(subject.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("size", [(2, 1, 1), (6, 6, 5)])
def test_topic_detail_budget(client, django_assert_num_queries, size):
    _, topics = build_subject(*size)
    # topic+subject+parent, concepts with question counts, prerequisites, dependents, children
    with django_assert_num_queries(5):
        assert client.get(topics[1].get_absolute_url()).status_code == 200


@pytest.mark.parametrize("n", [1, 20])
def test_concept_detail_budget(client, django_assert_num_queries, n):
    concept = factories.ConceptFactory()
    factories.QuestionFactory.create_batch(n, concept=concept)
    for _ in range(n):
        factories.ConceptPrerequisiteFactory(concept=concept)
        factories.ActivityQuestionFactory(activity__concept=concept)
    # concept+topic+subject with question count, prerequisites, activities with counts
    with django_assert_num_queries(3):
        assert client.get(concept.get_absolute_url()).status_code == 200
