"""Setting, editing, deleting and starting assignments through the services."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError

from accounts.class_groups import class_group_delete
from progress.assignments import work
from progress.assignments.models import Assignment, AssignmentSession
from progress.assignments.selectors import assignments_for_learner, learner_board
from progress.assignments.services import (
    AssignmentSpec,
    assignment_archive,
    assignment_quick_practice,
    assignment_start,
    assignment_update,
)
from progress.models import PracticeSession
from tests import factories
from tests.progress.assignments.helpers import NOW, assign, work_through
from tests.progress.helpers import progress_state

pytestmark = pytest.mark.django_db


def board_titles(learner, now=NOW):
    board = learner_board(learner=learner, now=now)
    return [i.assignment.title for i in board.overdue + board.to_do + board.done]


def test_work_set_for_a_group_reaches_its_members_only(school):
    assign(
        school["classroom"],
        school["teacher"],
        title="Support work",
        concepts=[school["halves"]],
        whole_class=False,
        groups=[school["support"]],
    )
    assign(school["classroom"], school["teacher"], title="Everyone", concepts=[school["thirds"]])
    assert board_titles(school["sam"]) == ["Support work", "Everyone"]
    assert board_titles(school["olive"]) == ["Everyone"]


def test_chosen_students_and_later_group_members_get_it(school):
    a = assign(
        school["classroom"],
        school["teacher"],
        concepts=[school["halves"]],
        whole_class=False,
        students=[school["ravi"]],
        groups=[school["support"]],
    )
    assert {s.pk for s in (school["ravi"], school["sam"])} == {
        u.pk
        for u in (school["ravi"], school["sam"])
        if a in assignments_for_learner(learner=u, now=NOW)
    }
    assert not assignments_for_learner(learner=school["olive"], now=NOW).exists()
    school["support"].members.add(school["olive"])  # moved into the group later
    assert assignments_for_learner(learner=school["olive"], now=NOW).get() == a


def test_not_shown_before_it_opens_nor_to_guests(school, guest):
    assign(
        school["classroom"],
        school["teacher"],
        concepts=[school["halves"]],
        opens_at=NOW + timedelta(days=1),
        due_in=timedelta(days=5),
    )
    assert board_titles(school["sam"]) == []
    assert board_titles(school["sam"], now=NOW + timedelta(days=1)) == ["Homework"]
    assert learner_board(learner=guest, now=NOW + timedelta(days=1)).is_empty


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": "   "}, "Give the assignment a title"),
        ({"concepts": []}, "either concepts or one topic"),
        ({"topic": "topic"}, "either concepts or one topic"),
        (
            {"due_at": NOW - timedelta(hours=1), "opens_at": NOW - timedelta(days=1)},
            "already passed",
        ),
        ({"opens_at": NOW + timedelta(days=9)}, "after the open date"),
        ({"whole_class": False}, "Choose who the assignment is for"),
        ({"kind": "activity", "concepts": []}, "published quiz or test"),
        ({"kind": "review"}, "Concepts and topics are for practice"),
        ({"target_count": 0, "goal": "correct"}, "between 1 and 200"),
        ({"goal": "everything"}, "Choose the target"),
    ],
)
def test_bad_assignments_are_refused_and_write_nothing(school, changes, message):
    fields = {"concepts": [school["halves"]]}
    fields.update({k: school[v] if v in ("topic",) else v for k, v in changes.items()})
    before = progress_state()
    with pytest.raises(ValidationError, match=message):
        assign(school["classroom"], school["teacher"], **fields)
    assert progress_state() == before


def test_groups_and_students_of_another_class_are_refused(school, other_teacher):
    other = factories.ClassroomFactory(teachers=[other_teacher])
    stranger = factories.StudentFactory()
    other.students.add(stranger)
    from accounts.class_groups import class_group_create

    their_group = class_group_create(classroom=other, name="Theirs", now=NOW)
    for audience in ({"groups": [their_group]}, {"students": [stranger]}):
        with pytest.raises(ValidationError, match="of this class"):
            assign(
                school["classroom"],
                school["teacher"],
                concepts=[school["halves"]],
                whole_class=False,
                **audience,
            )
    assert not Assignment.objects.exists()


def test_a_concept_without_questions_cannot_be_assigned(school):
    empty = factories.ConceptFactory(topic=school["topic"])
    with pytest.raises(ValidationError, match="no questions"):
        assign(school["classroom"], school["teacher"], concepts=[empty])


def test_starting_opens_the_first_unmastered_concept_and_records_the_link(school):
    a = assign(
        school["classroom"], school["teacher"], concepts=[school["halves"], school["thirds"]]
    )
    session = work_through(a, school["sam"], answers=5)
    assert session.concept == school["halves"]
    link = AssignmentSession.objects.get(session=session)
    assert (link.assignment, link.learner, link.title) == (a, school["sam"], "Homework")
    assert link.assigned["concepts"] == sorted([school["halves"].pk, school["thirds"].pk])
    # Halves is mastered after three right answers: the next start goes to Thirds.
    session.status = PracticeSession.Status.COMPLETED
    session.save()
    assert (
        assignment_start(assignment=a, learner=school["sam"], now=NOW).concept == school["thirds"]
    )


def test_starting_again_continues_the_open_session(school):
    a = assign(school["classroom"], school["teacher"], topic=school["topic"])
    first = assignment_start(assignment=a, learner=school["sam"], now=NOW)
    assert first.scope == PracticeSession.Scope.TOPIC and first.topic == school["topic"]
    assert assignment_start(assignment=a, learner=school["sam"], now=NOW) == first
    assert AssignmentSession.objects.count() == 1


def test_an_activity_assignment_opens_the_quiz_with_deferred_feedback(school):
    a = assign(school["classroom"], school["teacher"], kind="activity", activity=school["quiz"])
    session = work_through(a, school["olive"], answers=3, correct=True, finish=True)
    assert session.activity == school["quiz"] and session.defers_feedback
    board = learner_board(learner=school["olive"], now=NOW + timedelta(hours=1))
    (item,) = board.done
    assert item.work.status == work.DONE and item.work.score_percent == 100


def test_a_review_assignment_opens_a_review_of_due_concepts(school):
    work_through(
        assign(school["classroom"], school["teacher"], concepts=[school["halves"]]),
        school["sam"],
        answers=5,
    )
    later = NOW + timedelta(days=40)
    review = assign(
        school["classroom"], school["teacher"], kind="review", now=later, title="Review"
    )
    session = assignment_start(assignment=review, learner=school["sam"], now=later)
    assert session.scope == PracticeSession.Scope.REVIEW
    nothing_due = assign(school["classroom"], school["teacher"], kind="review", title="R2")
    with pytest.raises(ValidationError, match="Nothing is due"):
        assignment_start(assignment=nothing_due, learner=school["olive"], now=NOW)


def test_late_work_that_does_not_count_cannot_be_started_after_the_due_date(school):
    a = assign(
        school["classroom"],
        school["teacher"],
        concepts=[school["halves"]],
        late_counts=False,
        due_in=timedelta(days=1),
    )
    with pytest.raises(ValidationError, match="late work does not count"):
        assignment_start(assignment=a, learner=school["sam"], now=NOW + timedelta(days=2))
    item = learner_board(learner=school["sam"], now=NOW + timedelta(days=2)).overdue[0]
    assert not item.can_start and item.work.status == work.MISSING


def test_editing_changes_the_target_but_never_the_links(school):
    a = assign(school["classroom"], school["teacher"], concepts=[school["halves"]])
    session = work_through(a, school["sam"], answers=5)
    link = AssignmentSession.objects.values().get(session=session)
    assert learner_board(learner=school["sam"], now=NOW).done[0].work.status == work.DONE
    spec = AssignmentSpec(
        title="Thirds instead", concepts=[school["thirds"]], opens_at=a.opens_at, due_at=a.due_at
    )
    assignment_update(assignment=a, spec=spec, now=NOW)
    assert AssignmentSession.objects.values().get(session=session) == link  # snapshot kept
    (item,) = learner_board(learner=school["sam"], now=NOW).to_do
    assert item.work.status == work.IN_PROGRESS and "0 of 1 concept mastered" in item.work.summary


def test_deleting_archives_hides_and_protects(school):
    a = assign(
        school["classroom"],
        school["teacher"],
        concepts=[school["halves"]],
        whole_class=False,
        groups=[school["support"]],
    )
    work_through(a, school["sam"], answers=1)
    assignment_archive(assignment=a, now=NOW)
    assert board_titles(school["sam"]) == []
    with pytest.raises(ValidationError, match="deleted assignment"):
        assignment_update(
            assignment=a,
            spec=AssignmentSpec(
                title="x", concepts=[school["halves"]], opens_at=NOW, due_at=a.due_at
            ),
            now=NOW,
        )
    with pytest.raises(ProtectedError):
        Assignment.objects.filter(pk=a.pk).delete()  # a started session keeps it
    with pytest.raises(ValidationError, match="Work has been assigned to Needs support"):
        class_group_delete(group=school["support"])


def test_quick_practice_sets_a_week_for_one_student_and_refuses_a_double_click(school):
    a = assignment_quick_practice(
        classroom=school["classroom"],
        teacher=school["teacher"],
        student=school["sam"],
        concept=school["thirds"],
        now=NOW,
    )
    assert (a.title, a.whole_class, list(a.students.all())) == (
        "Practise Thirds",
        False,
        [school["sam"]],
    )
    local_due = a.due_at.astimezone(__import__("zoneinfo").ZoneInfo("Europe/London"))
    assert (local_due.date().isoformat(), local_due.strftime("%H:%M")) == ("2026-03-09", "23:59")
    with pytest.raises(ValidationError, match="already has practice on Thirds"):
        assignment_quick_practice(
            classroom=school["classroom"],
            teacher=school["teacher"],
            student=school["sam"],
            concept=school["thirds"],
            now=NOW,
        )
    stranger = factories.StudentFactory()
    with pytest.raises(ValidationError, match="not in this class"):
        assignment_quick_practice(
            classroom=school["classroom"],
            teacher=school["teacher"],
            student=stranger,
            concept=school["thirds"],
            now=NOW,
        )
