"""Fixtures of the reports tests: a small curriculum, a class with history."""

from datetime import timedelta

import pytest

from tests import factories
from tests.progress.assignments.conftest import school  # noqa: F401  (the class of 7B, for the dashboard tests)
from tests.progress.reports.classes import NOW, answer


@pytest.fixture
def curriculum(db):
    """Maths (Fractions: 2 concepts, Geometry: 1) and Science (Matter: 1), a question each."""
    maths = factories.SubjectFactory(name="Maths", order=1)
    science = factories.SubjectFactory(name="Science", order=2)
    fractions = factories.TopicFactory(subject=maths, name="Fractions", order=1)
    geometry = factories.TopicFactory(subject=maths, name="Geometry", order=2)
    matter = factories.TopicFactory(subject=science, name="Matter", order=1)
    concepts = {
        "halves": factories.ConceptFactory(topic=fractions, name="Halves", order=1),
        "thirds": factories.ConceptFactory(topic=fractions, name="Thirds", order=2),
        "angles": factories.ConceptFactory(topic=geometry, name="Angles", order=1),
        "states": factories.ConceptFactory(topic=matter, name="States", order=1),
    }
    questions = {k: factories.QuestionFactory(concept=c) for k, c in concepts.items()}
    return {
        "subjects": {"maths": maths, "science": science},
        "topics": {"fractions": fractions, "geometry": geometry, "matter": matter},
        "concepts": concepts,
        "questions": questions,
    }


@pytest.fixture
def two_students(classroom, student, curriculum):
    """Sam (in the class fixture) is strong in Fractions; Olive has only tried Angles."""
    olive = factories.StudentFactory(username="olive", first_name="Olive", last_name="Adams")
    classroom.students.add(olive)
    q = curriculum["questions"]
    # Mastery needs right answers on different questions: Sam answers six.
    halves = [q["halves"], *factories.QuestionFactory.create_batch(5, concept=q["halves"].concept)]
    for i, question in enumerate(halves):
        answer(student, question, now=NOW - timedelta(hours=5, minutes=-i))
    answer(student, q["thirds"], now=NOW - timedelta(hours=1))
    answer(olive, q["angles"], correct=False, now=NOW - timedelta(days=2))
    return student, olive
