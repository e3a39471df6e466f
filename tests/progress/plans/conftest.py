"""Fixtures of the study-plan tests: a two-subject curriculum and a student with an exam."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests import factories


@pytest.fixture
def curriculum(db):
    """Maths (3 concepts, a chain c3 -> c2 -> c1 authored backwards) and Science (1)."""
    maths = factories.SubjectFactory(name="Maths", slug="maths", order=1)
    science = factories.SubjectFactory(name="Science", slug="science", order=2)
    algebra = factories.TopicFactory(subject=maths, exam_weightage=60, estimated_hours=3)
    matter = factories.TopicFactory(subject=science, exam_weightage=40, estimated_hours=1)
    c3 = factories.ConceptFactory(topic=algebra, name="Equations", order=1)
    c2 = factories.ConceptFactory(topic=algebra, name="Expressions", order=2)
    c1 = factories.ConceptFactory(topic=algebra, name="Letters for numbers", order=3)
    s1 = factories.ConceptFactory(topic=matter, name="States, solids; gases", order=1)
    factories.ConceptPrerequisiteFactory(concept=c3, prerequisite=c2)
    factories.ConceptPrerequisiteFactory(concept=c2, prerequisite=c1)
    for c in (c1, c2, c3, s1):
        factories.QuestionFactory(concept=c)
    return {"maths": maths, "science": science, "algebra": algebra, "c": [c1, c2, c3], "s1": s1}


@pytest.fixture
def exam_student(student):
    profile = student.profile
    profile.exam_date = timezone.localdate() + timedelta(days=30)
    profile.minutes_per_day = 45
    profile.save()
    return student
