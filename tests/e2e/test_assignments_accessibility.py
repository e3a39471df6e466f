"""axe-core on the assignment and group pages, for a teacher and a student (no serious or
critical violation), with one assignment of each kind set and started."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.class_groups import class_group_create
from progress.assignments.services import AssignmentSpec, assignment_create, assignment_start
from tests import factories
from tests.e2e.axe import axe_report, axe_run, axe_source
from tests.e2e.conftest import log_out

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "bypass_csp": True}


@pytest.fixture
def school():
    axe_source()
    now = timezone.now()
    teacher = factories.TeacherFactory(username="tess")
    sam = factories.StudentFactory(username="sam")
    classroom = factories.ClassroomFactory(name="7B", teachers=[teacher], students=[sam])
    group = class_group_create(classroom=classroom, name="Needs support", now=now)
    group.members.add(sam)
    concept = factories.ConceptFactory(name="Halves")
    questions = [factories.QuestionFactory(concept=concept) for _ in range(3)]
    quiz = factories.ActivityFactory(name="Halves quiz", concept=concept)
    for q in questions:
        factories.ActivityQuestionFactory(activity=quiz, question=q)
    due = now + timedelta(days=2)
    specs = [
        AssignmentSpec(
            title="Halves",
            concepts=[concept],
            opens_at=now,
            due_at=due,
            instructions="Ten minutes.",
        ),
        AssignmentSpec(
            title="Quiz",
            kind="activity",
            activity=quiz,
            opens_at=now,
            due_at=due,
            whole_class=False,
            groups=[group],
        ),
        AssignmentSpec(title="Review", kind="review", opens_at=now, due_at=due),
    ]
    made = [assignment_create(classroom=classroom, teacher=teacher, spec=s, now=now) for s in specs]
    assignment_start(assignment=made[0], learner=sam, now=now)
    return classroom, made


def test_assignment_pages_have_no_serious_accessibility_violations(
    page, live_server, e2e_login, school
):
    classroom, made = school
    found: dict[str, list[dict]] = {}

    def visit(pages):
        for name, path in pages.items():
            response = page.goto(live_server.url + path)
            assert response is not None and response.ok, f"{name}: {path}"
            if violations := axe_run(page):
                found[f"{name} ({path})"] = violations

    e2e_login("tess", factories.PASSWORD)
    visit(
        {
            "assignments": f"/assignments/classes/{classroom.pk}/",
            "set an assignment": f"/assignments/classes/{classroom.pk}/new/",
            "status": f"/assignments/{made[0].pk}/",
            "edit": f"/assignments/{made[1].pk}/edit/",
            "groups": f"/accounts/classes/{classroom.pk}/groups/",
            "class settings": f"/accounts/classes/{classroom.pk}/edit/",
        }
    )
    log_out(page)
    e2e_login("sam", factories.PASSWORD)
    visit({"dashboard with assignments": "/practice/"})
    assert not found, "axe found serious or critical violations:" + axe_report(found)
