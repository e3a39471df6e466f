"""A class with three students, two groups and a small curriculum, for the assignment tests."""

import pytest

from accounts.class_groups import class_group_create, class_group_memberships_set
from tests import factories
from tests.progress.assignments.helpers import NOW


@pytest.fixture
def school(teacher, student, other_student):
    """Class 7B (teacher; Sam, Olive, Ravi), groups "Needs support" (Sam) and "Extension"
    (Olive, Ravi), two concepts of one topic with five questions each (mastery takes about
    four right answers to different questions), and a quiz of three."""
    ravi = factories.StudentFactory(username="ravi", first_name="Ravi", last_name="Zed")
    classroom = factories.ClassroomFactory(
        name="7B", teachers=[teacher], students=[student, other_student, ravi]
    )
    support = class_group_create(classroom=classroom, name="Needs support", now=NOW)
    extension = class_group_create(classroom=classroom, name="Extension", now=NOW)
    class_group_memberships_set(
        classroom=classroom,
        memberships={support.pk: {student.pk}, extension.pk: {other_student.pk, ravi.pk}},
    )
    topic = factories.TopicFactory(name="Fractions")
    halves = factories.ConceptFactory(topic=topic, name="Halves", order=1)
    thirds = factories.ConceptFactory(topic=topic, name="Thirds", order=2)
    questions = {
        c.pk: [factories.QuestionFactory(concept=c) for _ in range(5)] for c in (halves, thirds)
    }
    quiz = factories.ActivityFactory(name="Fractions check", concept=halves)
    for order, q in enumerate(questions[halves.pk][:3]):
        factories.ActivityQuestionFactory(activity=quiz, question=q, order=order)
    return {
        "classroom": classroom,
        "teacher": teacher,
        "sam": student,
        "olive": other_student,
        "ravi": ravi,
        "support": support,
        "extension": extension,
        "topic": topic,
        "halves": halves,
        "thirds": thirds,
        "questions": questions,
        "quiz": quiz,
    }
