"""The student's side: assignments first on the dashboard (overdue, to do, done, with their
progress), starting one opens the right practice, notices can be dismissed; guests and
other people's assignments stay out of reach."""

from datetime import timedelta

import pytest
from django.urls import reverse

from progress.assignments.models import AssignmentNotice, AssignmentSession
from progress.assignments.notices import assignment_notices_send
from progress.models import PracticeSession
from tests.progress.assignments.helpers import NOW, assign, work_through

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(settings):
    settings.PATHWISE_CLOCK_NOW = NOW
    return settings


def test_assignments_come_first_on_the_dashboard_with_their_state(login, school, clock):
    classroom, teacher = school["classroom"], school["teacher"]
    done = assign(classroom, teacher, title="Halves", concepts=[school["halves"]])
    work_through(done, school["sam"], answers=5)
    assign(
        classroom,
        teacher,
        title="Old one",
        concepts=[school["thirds"]],
        now=NOW - timedelta(days=5),
        due_in=timedelta(days=2),
    )
    assign(
        classroom,
        teacher,
        title="Soon",
        topic=school["topic"],
        goal="correct",
        target_count=5,
        due_in=timedelta(days=2),
    )
    page = login(school["sam"]).get(reverse("progress:dashboard")).content.decode()
    assert page.index("Your assignments") < page.index("Review") < page.index("Mastery by subject")
    overdue = page.index("<h3>Overdue</h3>")
    to_do = page.index("<h3>To do</h3>")
    finished = page.index("<h3>Done</h3>")
    assert (
        overdue
        < page.index("Old one")
        < to_do
        < page.index("Soon")
        < finished
        < page.index("1 of 1 concept mastered")
    )
    assert "0 of 5 correct answers" in page and "Due soon" in page
    assert "Practise again" in page and ">Start<" in page


def test_starting_opens_the_practice_and_the_answers_point_at_the_assignment(login, school, clock):
    a = assign(school["classroom"], school["teacher"], concepts=[school["thirds"]])
    client = login(school["sam"])
    response = client.post(reverse("assignments:start", args=[a.pk]))
    session = PracticeSession.objects.get(learner=school["sam"])
    assert response["Location"] == session.get_absolute_url()
    assert session.concept == school["thirds"]
    assert AssignmentSession.objects.get(session=session).assignment == a
    question_page = client.get(response["Location"])
    assert question_page.status_code == 200


def test_other_students_guests_and_teachers_cannot_start_it(login, school, guest, clock):
    a = assign(
        school["classroom"],
        school["teacher"],
        concepts=[school["halves"]],
        whole_class=False,
        groups=[school["support"]],
    )
    url = reverse("assignments:start", args=[a.pk])
    for user in (school["olive"], guest, school["teacher"]):
        assert login(user).post(url).status_code == 404
    assert not PracticeSession.objects.exists()
    assert login(school["sam"]).get(url).status_code == 405


def test_a_guest_never_sees_assignments(login, guest, clock):
    page = login(guest).get(reverse("progress:dashboard")).content.decode()
    assert "Your assignments" not in page


def test_notices_show_on_the_dashboard_and_can_be_dismissed(
    login, school, clock, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the task runs once committed
        a = assign(
            school["classroom"], school["teacher"], title="Halves", concepts=[school["halves"]]
        )
    assert AssignmentNotice.objects.filter(learner=school["sam"], kind="new").count() == 1
    client = login(school["sam"])
    page = client.get(reverse("progress:dashboard")).content.decode()
    assert "New assignment from 7B: “Halves”, due Fri 6 Mar 2026, 09:00." in page
    client.post(reverse("assignments:notices_seen"))
    page = client.get(reverse("progress:dashboard")).content.decode()
    assert "New assignment from 7B" not in page
    assignment_notices_send(now=a.due_at - timedelta(hours=12))
    page = client.get(reverse("progress:dashboard")).content.decode()
    assert "Reminder: “Halves” is due Fri 6 Mar 2026, 09:00." in page
