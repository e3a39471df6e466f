"""Query budgets of the assignment pages, the same at two sizes: more students,
assignments and answers never mean more queries."""

from datetime import timedelta

import pytest
from django.urls import reverse

from progress.assignments.notices import assignment_notices_send
from tests import factories
from tests.progress.assignments.helpers import NOW, assign, work_through

pytestmark = pytest.mark.django_db

SIZES = [(1, 0, 3), (6, 25, 5)]  # (assignments of each kind, extra students, answers each)


@pytest.fixture
def clock(settings):
    settings.PATHWISE_CLOCK_NOW = NOW + timedelta(hours=2)
    return settings


def build(school, n_each, extra, answers):
    """Every kind of assignment n_each times (to the class, a group and chosen students),
    worked on by everyone, and the class grown by ``extra`` students."""
    classroom, teacher = school["classroom"], school["teacher"]
    for i in range(extra):
        learner = factories.StudentFactory(username=f"extra{i:02d}")
        classroom.students.add(learner)
        school["extension"].members.add(learner)
    learners = list(classroom.students.all())
    made = []
    for i in range(n_each):
        made += [
            assign(
                classroom,
                teacher,
                title=f"Mastery {i}",
                concepts=[school["halves"], school["thirds"]],
            ),
            assign(
                classroom,
                teacher,
                title=f"Correct {i}",
                topic=school["topic"],
                goal="correct",
                target_count=3,
                whole_class=False,
                groups=[school["extension"], school["support"]],
            ),
            assign(
                classroom,
                teacher,
                title=f"Quiz {i}",
                kind="activity",
                activity=school["quiz"],
                whole_class=False,
                students=learners[:5],
            ),
            assign(classroom, teacher, title=f"Review {i}", kind="review"),
        ]
    for learner in learners:
        for a in made[:2]:
            work_through(a, learner, answers=answers, correct=True)
    assignment_notices_send(now=NOW)
    return made


@pytest.mark.parametrize(("n_each", "extra", "answers"), SIZES)
def test_student_dashboard_with_assignments(
    login, school, clock, django_assert_num_queries, n_each, extra, answers
):
    build(school, n_each, extra, answers)
    client = login(school["olive"])
    # session, user, the learner state, the dashboard versions; concepts with topics,
    # mastery rows, subjects, prerequisite edges, open session, classrooms, their teachers;
    # assignments: the student's assignments (classes, topics, activities joined), their
    # unseen notices, the assigned concepts, the concepts of assigned topics, mastery of
    # them, the sessions started from the assignments, the N-th correct answers; the
    # badges not yet announced
    with django_assert_num_queries(19):
        response = client.get(reverse("progress:dashboard"))
    top = response.context["body"]
    assert 'aria-label="Assignments to do"' in top and 'aria-label="Finished assignments"' in top
    assert 'class="notices"' in top
    # Kept: session, user, the learner state, the dashboard versions
    with django_assert_num_queries(4):
        assert client.get(reverse("progress:dashboard")).context["body"].count("<li") == top.count(
            "<li"
        )


@pytest.mark.parametrize(("n_each", "extra", "answers"), SIZES)
def test_teacher_assignment_page(
    login, school, clock, django_assert_num_queries, n_each, extra, answers
):
    made = build(school, n_each, extra, answers)
    client = login(school["teacher"])
    # session, user, the assignment (class, topic, activity joined; access checked); the
    # class's students, its groups, their members; the assignment's groups, chosen
    # students; its topic's concepts; mastery, sessions, N-th correct answers
    with django_assert_num_queries(12):
        response = client.get(made[1].get_absolute_url(), {"group": school["extension"].pk})
    assert len(response.context["table"].rows) == extra + 2
    # a whole-class "until mastered" assignment: no audience, the concepts instead of the
    # topic's, no N-th correct answers
    with django_assert_num_queries(9):
        response = client.get(made[0].get_absolute_url())
    assert len(response.context["table"].rows) == extra + 3
    with django_assert_num_queries(12):
        client.get(reverse("assignments:status_csv", args=[made[1].pk])).getvalue()


@pytest.mark.parametrize(("n_each", "extra", "answers"), SIZES)
def test_class_list_and_class_csv(
    login, school, clock, django_assert_num_queries, n_each, extra, answers
):
    build(school, n_each, extra, answers)
    client = login(school["teacher"])
    # session, user, classroom; active assignments, the class's students, the assignments'
    # groups, the groups' members, chosen students, assigned concepts, topics' concepts,
    # mastery, sessions, N-th correct; archived assignments (none)
    with django_assert_num_queries(14):
        client.get(reverse("assignments:class_list", args=[school["classroom"].pk]))
    # the grid's 8 (tests/progress/reports) with the assignments' 10 above instead of 1
    with django_assert_num_queries(17):
        client.get(reverse("teach:class_grid_csv", args=[school["classroom"].pk])).getvalue()


@pytest.mark.parametrize(("n_each", "extra", "answers"), SIZES)
def test_student_detail_with_assignments(
    login, school, clock, django_assert_num_queries, n_each, extra, answers
):
    build(school, n_each, extra, answers)
    client = login(school["teacher"])
    url = reverse("insights:student_detail", args=[school["olive"].pk])
    # the page's (tests/progress/reports/test_student_answers.py; one fewer here, without
    # the answers filter) and the assignments' targets: assigned concepts, topics'
    # concepts, mastery, sessions, N-th correct
    with django_assert_num_queries(32):
        assert client.get(url).status_code == 200
