"""The student dashboard's kept body (progress/reports/student_views.py: dashboard): a repeat
visit reads two statements for its key and renders nothing again, and every change a
student could notice rebuilds it: their answers (the learner state), and what other people
and time change (progress/reports/sql.py: dashboard_versions): sessions, classes and their
teachers, assignments, groups, notices, an assignment opening, "due in" phrases."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.class_groups import class_group_memberships_set
from accounts.services import classroom_join, classroom_update
from achievements.services import badges_mark_seen
from core.kept import CSRF_PLACEHOLDER
from progress.assignments.notices import assignment_notices_send, notices_mark_seen
from progress.assignments.services import AssignmentSpec, assignment_archive, assignment_update
from progress.practice.sessions import session_complete, session_start
from progress.reports.sql import dashboard_versions
from tests import factories
from tests.achievements.factories import BadgeFactory, LearnerBadgeFactory
from tests.progress.assignments.helpers import NOW, assign
from tests.progress.helpers import record

pytestmark = pytest.mark.django_db
KEPT = 4  # session, user, the learner state, the dashboard versions


@pytest.fixture
def clock(settings):
    settings.PATHWISE_CLOCK_NOW = NOW
    return settings


def visit(client) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("progress:dashboard"))
    assert response.status_code == 200
    html = response.content.decode()
    assert CSRF_PLACEHOLDER not in html
    return html, len(captured)


@pytest.fixture
def sam(login, school, clock):
    """Sam has answered once (so the dashboard is kept) and looked at it once."""
    record(school["sam"], school["questions"][school["halves"].pk][0], now=NOW)
    client = login(school["sam"])
    visit(client)
    assert visit(client)[1] == KEPT
    return client


def rebuilt_showing(client, text: str, *, absent: str | None = None) -> str:
    html, statements = visit(client)
    assert statements > KEPT, "the dashboard was not rebuilt"
    assert text in html
    assert absent is None or absent not in html
    assert visit(client)[1] == KEPT  # and kept again
    return html


def test_starting_and_finishing_a_session(sam, school):
    session = session_start(learner=school["sam"], now=NOW, concept=school["thirds"])
    rebuilt_showing(sam, "Continue where you left off")
    session_complete(session=session, now=NOW)
    rebuilt_showing(sam, "Recommended next:", absent="Continue where you left off")


def test_joining_a_class_and_the_class_changing(sam, school, teacher):
    other = factories.ClassroomFactory(name="Chess club", teachers=[teacher])
    classroom_join(student=school["sam"], code=other.join_code)
    rebuilt_showing(sam, "Chess club")
    classroom_update(classroom=other, name="Chess & Go club", timezone_name="Europe/Paris")
    rebuilt_showing(sam, "Chess &amp; Go club")
    teacher.last_name = "Newname"
    teacher.save()
    rebuilt_showing(sam, "Newname")


def test_an_assignment_set_edited_and_deleted(sam, school):
    classroom, teacher = school["classroom"], school["teacher"]
    made = assign(classroom, teacher, title="Halves homework", concepts=[school["halves"]])
    rebuilt_showing(sam, "Halves homework")
    spec = AssignmentSpec(
        title="Halves, again", opens_at=made.opens_at, due_at=made.due_at,
        concepts=[school["halves"]],
    )  # fmt: skip
    assignment_update(assignment=made, spec=spec, now=NOW + timedelta(minutes=1))
    rebuilt_showing(sam, "Halves, again", absent="Halves homework")
    assignment_archive(assignment=made, now=NOW + timedelta(minutes=2))
    rebuilt_showing(sam, "No assignments right now.", absent="Halves, again")


def test_a_group_assignment_appears_when_the_student_joins_the_group(sam, school):
    classroom, teacher = school["classroom"], school["teacher"]
    assign(
        classroom, teacher, title="Stretch work", concepts=[school["thirds"]],
        whole_class=False, groups=[school["extension"]],
    )  # fmt: skip
    assert "Stretch work" not in rebuilt_showing(sam, "No assignments right now.")
    class_group_memberships_set(
        classroom=classroom,
        memberships={school["extension"].pk: {school["sam"].pk, school["olive"].pk}},
    )
    rebuilt_showing(sam, "Stretch work")


def test_notices_come_and_go(sam, school):
    assign(school["classroom"], school["teacher"], title="Quiz time", concepts=[school["halves"]])
    visit(sam)
    assignment_notices_send(now=NOW)
    rebuilt_showing(sam, "Dismiss notices")
    notices_mark_seen(learner=school["sam"], now=NOW)
    # Back to the state before the notice: the page kept for it (correct again) is shown
    html, _ = visit(sam)
    assert "Quiz time" in html and "Dismiss notices" not in html


def test_an_assignment_appears_when_it_opens(sam, school, clock):
    assign(
        school["classroom"], school["teacher"], title="Opens at ten",
        opens_at=NOW + timedelta(hours=1), concepts=[school["halves"]],
    )  # fmt: skip
    assert "Opens at ten" not in rebuilt_showing(sam, "No assignments right now.")
    clock.PATHWISE_CLOCK_NOW = NOW + timedelta(minutes=9)  # within MAX_AGE
    assert visit(sam)[1] == KEPT
    clock.PATHWISE_CLOCK_NOW = NOW + timedelta(hours=1, seconds=1)
    rebuilt_showing(sam, "Opens at ten")


def test_due_in_words_follow_the_clock(sam, school, clock):
    assign(
        school["classroom"], school["teacher"], title="Soon", due_in=timedelta(hours=3),
        concepts=[school["halves"]],
    )  # fmt: skip
    rebuilt_showing(sam, "due in 3 hours")
    clock.PATHWISE_CLOCK_NOW = NOW + timedelta(minutes=9)
    assert visit(sam)[1] == KEPT
    clock.PATHWISE_CLOCK_NOW = NOW + timedelta(minutes=95)
    rebuilt_showing(sam, "due in 1 hour")
    clock.PATHWISE_CLOCK_NOW = NOW + timedelta(hours=3, minutes=5)
    rebuilt_showing(sam, "overdue by 5 min")


def test_an_answer_and_a_new_badge(sam, school):
    record(school["sam"], school["questions"][school["halves"].pk][1], now=NOW)
    rebuilt_showing(sam, "2 questions answered")


def test_a_kept_page_carries_a_working_csrf_token_after_logging_in_again(school, clock):
    record(school["sam"], school["questions"][school["halves"].pk][0], now=NOW)
    first = Client(enforce_csrf_checks=True)
    first.force_login(school["sam"])
    visit(first)
    second = Client(enforce_csrf_checks=True)  # another browser: another CSRF secret
    second.force_login(school["sam"])
    html, statements = visit(second)
    assert statements == KEPT
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]
    slug = re.search(r'name="slug" value="([^"]+)"', html)[1]
    response = second.post(
        reverse("progress:practice_start"),
        {"csrfmiddlewaretoken": token, "scope": "concept", "slug": slug},
    )
    assert response.status_code == 302  # not 403: the token is this browser's


def test_the_versions_read_is_one_statement_whatever_the_history(school, clock):
    for i in range(3):
        assign(school["classroom"], school["teacher"], title=f"A{i}", concepts=[school["halves"]])
    with CaptureQueriesContext(connection) as captured:
        versions, opens_at = dashboard_versions(learner_id=school["sam"].pk, now=NOW)
    assert len(captured) == 1 and opens_at is None
    assert versions[2].startswith("3:")  # the class's assignments: count, latest change
    later = assign(
        school["classroom"], school["teacher"], title="Later",
        opens_at=NOW + timedelta(days=2), concepts=[school["halves"]],
    )  # fmt: skip
    again, opens_at = dashboard_versions(learner_id=school["sam"].pk, now=NOW)
    assert opens_at == later.opens_at and again != versions


def test_board_changes_at_is_the_soonest_change(school):
    from progress.assignments.selectors import board_changes_at

    due = NOW + timedelta(days=5)
    assert board_changes_at([], now=NOW) is None
    # "due in 5 days" turns to "due in 4 days" twelve hours from now, before "Due soon"
    changes = board_changes_at([due], now=NOW)
    assert abs(changes - (NOW + timedelta(hours=12))) < timedelta(seconds=1)


def test_a_new_badge_is_announced_until_got_it(sam, school):
    # Achievements registers its columns in the key (progress.reports.sql)
    LearnerBadgeFactory(learner=school["sam"], badge=BadgeFactory(name="Night owl"))
    rebuilt_showing(sam, "Night owl")
    badges_mark_seen(learner=school["sam"], now=NOW)
    html, _ = visit(sam)  # the state before the award: its kept page, correct again
    assert "Night owl" not in html and "New badge" not in html
