"""Assignments, their sessions and notices, and class groups in the admin: operators can
look (list, search, open), nobody edits, adds or deletes there; content editors see none."""

import pytest
from django.test import Client
from django.urls import reverse

from progress.assignments.models import AssignmentNotice, AssignmentSession
from progress.assignments.notices import assignment_notices_send
from tests.progress.assignments.helpers import NOW, assign, work_through

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(school):
    a = assign(
        school["classroom"], school["teacher"], title="Halves week", concepts=[school["halves"]]
    )
    work_through(a, school["sam"], answers=1)
    assignment_notices_send(now=NOW)
    return {
        "progress_assignment": a,
        "progress_assignmentsession": AssignmentSession.objects.get(),
        "progress_assignmentnotice": AssignmentNotice.objects.filter(learner=school["sam"]).get(),
        "accounts_classgroup": school["support"],
    }


@pytest.mark.parametrize(
    "name",
    [
        "progress_assignment",
        "progress_assignmentsession",
        "progress_assignmentnotice",
        "accounts_classgroup",
    ],
)
def test_operators_read_and_nobody_writes(login, admin_user, content_editor, records, name):
    obj = records[name]
    client = login(admin_user)
    listing = client.get(reverse(f"admin:{name}_changelist"))
    assert listing.status_code == 200 and listing.context["cl"].result_count >= 1
    page = client.get(reverse(f"admin:{name}_change", args=[obj.pk]))
    assert page.status_code == 200 and b"Save" not in page.content
    assert client.get(reverse(f"admin:{name}_add")).status_code == 403
    assert (
        client.post(reverse(f"admin:{name}_delete", args=[obj.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert type(obj).objects.filter(pk=obj.pk).exists()
    editor = Client()
    editor.force_login(content_editor)
    assert editor.get(reverse(f"admin:{name}_changelist")).status_code == 403


def test_assignments_are_searched_by_title_and_class(login, admin_user, records):
    client = login(admin_user)
    url = reverse("admin:progress_assignment_changelist")
    assert client.get(url, {"q": "Halves week"}).context["cl"].result_count == 1
    assert client.get(url, {"q": "7B"}).context["cl"].result_count == 1
    assert client.get(url, {"q": "nothing like it"}).context["cl"].result_count == 0
