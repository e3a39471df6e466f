"""The teacher's assignment pages: set one through the form, see status per student by
group, download it, edit it, delete it; one click from "needs help"."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse

from progress.assignments.models import Assignment
from tests.progress.assignments.helpers import NOW, assign, work_through
from tests.progress.helpers import record

pytestmark = pytest.mark.django_db


@pytest.fixture
def frozen(settings):
    settings.PATHWISE_CLOCK_NOW = NOW
    return settings


def form_data(school, **overrides):
    data = {
        "title": "Halves homework",
        "instructions": "Ten minutes a day.",
        "kind": "practice",
        "concepts": [str(school["halves"].pk)],
        "goal": "mastered",
        "target_count": "10",
        "opens_on": "2026-03-02",
        "due_on": "2026-03-06",
        "due_time": "17:00",
        "late_counts": "on",
        "audience": "chosen",
        "groups": [str(school["support"].pk)],
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_a_teacher_sets_work_for_a_group_through_the_form(login, school, frozen):
    client = login(school["teacher"])
    url = reverse("assignments:create", args=[school["classroom"].pk])
    assert client.get(url).status_code == 200
    response = client.post(url, form_data(school))
    a = Assignment.objects.get()
    assert response.status_code == 302 and response["Location"] == a.get_absolute_url()
    assert (a.kind, a.whole_class, list(a.groups.all())) == ("practice", False, [school["support"]])
    # 17:00 in London on 6 March (GMT) is 17:00 UTC.
    assert a.due_at.isoformat() == "2026-03-06T17:00:00+00:00"
    assert a.opens_at.isoformat() == "2026-03-02T00:00:00+00:00"  # the start of that day
    page = client.get(a.get_absolute_url()).content.decode()
    assert "Practise Halves until mastered" in page and "Fri 6 Mar 2026, 17:00" in page
    assert "the group Needs support" in page


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"due_on": "2026-03-01"}, "The due date must be after the open date."),
        ({"title": ""}, "This field is required."),
        ({"audience": "chosen", "groups": None}, "Choose who the assignment is for"),
        ({"concepts": None}, "Choose either concepts or one topic to practise."),
        ({"due_on": "9999-12-31"}, "Choose a date between 2000 and 2100."),
        ({"concepts": ["999999"]}, "Select a valid choice."),
    ],
)
def test_a_bad_form_keeps_what_was_typed_and_writes_nothing(
    login, school, frozen, overrides, error
):
    client = login(school["teacher"])
    url = reverse("assignments:create", args=[school["classroom"].pk])
    response = client.post(url, form_data(school, **overrides))
    assert response.status_code == 400
    page = response.content.decode()
    assert error in page.replace("&#x27;", "'")
    assert "Ten minutes a day." in page
    assert not Assignment.objects.exists()


def test_the_status_page_shows_each_student_filtered_by_group_and_as_csv(login, school, frozen):
    a = assign(school["classroom"], school["teacher"], concepts=[school["halves"]])
    work_through(a, school["sam"], answers=5)  # mastered: done
    work_through(a, school["olive"], answers=1)  # in progress
    client = login(school["teacher"])
    response = client.get(a.get_absolute_url())
    rows = {r.student.username: r for r in response.context["table"].rows}
    assert {u: r.work.status for u, r in rows.items()} == {
        "student": "done",
        "other_student": "in_progress",
        "ravi": "not_started",
    }
    assert "1 done, 0 late, 0 missing, 1 in progress, 1 not started." in response.content.decode()
    extension = client.get(a.get_absolute_url(), {"group": school["extension"].pk})
    assert [r.student.username for r in extension.context["table"].rows] == [
        "other_student",
        "ravi",
    ]
    bad = client.get(a.get_absolute_url(), {"group": "nope"})
    assert bad.status_code == 200 and len(bad.context["table"].rows) == 3
    csv_response = client.get(
        reverse("assignments:status_csv", args=[a.pk]), {"group": school["support"].pk}
    )
    body = b"".join(csv_response.streaming_content).decode("utf-8-sig")
    header, *lines = list(csv.reader(io.StringIO(body)))
    assert header[:4] == ["Student", "Username", "Groups", "Status"]
    assert lines == [
        [
            "Sam Student",
            "student",
            "Needs support",
            "Done",
            "100",
            "",
            "1 of 1 concept mastered",
            "Mon 2 Mar 2026, 09:03",
        ]
    ]


def test_after_the_due_date_the_unfinished_are_missing(login, school, settings):
    settings.PATHWISE_CLOCK_NOW = NOW
    a = assign(school["classroom"], school["teacher"], concepts=[school["halves"]])
    work_through(a, school["sam"], answers=5)
    settings.PATHWISE_CLOCK_NOW = a.due_at + timedelta(days=1)
    table = login(school["teacher"]).get(a.get_absolute_url()).context["table"]
    assert {r.student.username: r.work.status_label for r in table.rows} == {
        "student": "Done",
        "other_student": "Missing",
        "ravi": "Missing",
    }


def test_edit_and_delete(login, school, frozen):
    a = assign(school["classroom"], school["teacher"], concepts=[school["halves"]])
    client = login(school["teacher"])
    edit = reverse("assignments:edit", args=[a.pk])
    form = client.get(edit).context["form"]
    assert form.initial["due_on"].isoformat() == "2026-03-06"
    response = client.post(edit, form_data(school, title="Halves, again", audience="class"))
    assert response.status_code == 302
    a.refresh_from_db()
    assert (a.title, a.whole_class, a.groups.count()) == ("Halves, again", True, 0)
    response = client.post(reverse("assignments:delete", args=[a.pk]))
    assert response["Location"] == reverse("assignments:class_list", args=[school["classroom"].pk])
    a.refresh_from_db()
    assert a.status == Assignment.Status.ARCHIVED
    assert client.get(edit).status_code == 404
    listing = client.get(response["Location"]).content.decode()
    assert "Deleted assignments (1)" in listing


def test_the_class_list_counts_each_status(login, school, frozen):
    a = assign(school["classroom"], school["teacher"], concepts=[school["halves"]])
    work_through(a, school["sam"], answers=5)
    page = login(school["teacher"]).get(
        reverse("assignments:class_list", args=[school["classroom"].pk])
    )
    (overview,) = page.context["overviews"]
    assert overview.counts == {
        "not_started": 2,
        "in_progress": 0,
        "done": 1,
        "late": 0,
        "missing": 0,
    }


def test_one_click_from_needs_help_assigns_practice_on_the_named_concept(login, school, frozen):
    for q in school["questions"][school["thirds"].pk]:
        record(school["olive"], q, correct=False, now=NOW - timedelta(minutes=5))
    client = login(school["teacher"])
    dashboard = reverse("teach:class_dashboard", args=[school["classroom"].pk])
    page = client.get(dashboard).content.decode()
    assert "3 or more wrong in a row on Thirds" in page
    assert f'name="concept" value="{school["thirds"].pk}"' in page
    response = client.post(
        reverse("assignments:quick_practice", args=[school["classroom"].pk]),
        {"student": school["olive"].pk, "concept": school["thirds"].pk, "back": dashboard},
    )
    assert response["Location"] == dashboard
    a = Assignment.objects.get()
    assert (a.title, list(a.students.all())) == ("Practise Thirds", [school["olive"]])
    # ...and from the student's page too, where a second click is refused politely.
    detail = reverse("insights:student_detail", args=[school["olive"].pk])
    page = client.get(detail).content.decode()
    assert "3 or more wrong in a row on Thirds" in page and "Practise Thirds" in page
    again = client.post(
        reverse("assignments:quick_practice", args=[school["classroom"].pk]),
        {"student": school["olive"].pk, "concept": school["thirds"].pk, "back": detail},
        follow=True,
    )
    assert "already has practice on Thirds" in again.content.decode()
    assert Assignment.objects.count() == 1


def test_quick_practice_refuses_students_of_other_classes(login, school, frozen, other_teacher):
    client = login(school["teacher"])
    stranger = __import__("tests.factories", fromlist=["x"]).StudentFactory()
    response = client.post(
        reverse("assignments:quick_practice", args=[school["classroom"].pk]),
        {"student": stranger.pk, "concept": school["thirds"].pk},
    )
    assert response.status_code == 404 and not Assignment.objects.exists()


@pytest.mark.parametrize("name", ["class_list", "create"])
def test_other_teachers_and_students_get_404_on_class_pages(login, school, other_teacher, name):
    url = reverse(f"assignments:{name}", args=[school["classroom"].pk])
    assert login(other_teacher).get(url).status_code == 404
    assert login(school["sam"]).get(url).status_code == 404


@pytest.mark.parametrize("name", ["detail", "status_csv", "edit"])
def test_other_teachers_and_students_get_404_on_an_assignment(login, school, other_teacher, name):
    a = assign(school["classroom"], school["teacher"], concepts=[school["halves"]])
    url = reverse(f"assignments:{name}", args=[a.pk])
    assert login(other_teacher).get(url).status_code == 404
    assert login(school["sam"]).get(url).status_code == 404
    assert login(other_teacher).post(reverse("assignments:delete", args=[a.pk])).status_code == 404
    a.refresh_from_db()
    assert a.is_active


@pytest.mark.parametrize("back", ["//evil.example/", "/\\evil.example/", "https://evil.example/"])
def test_quick_practice_never_redirects_off_the_site(login, school, frozen, back):
    response = login(school["teacher"]).post(
        reverse("assignments:quick_practice", args=[school["classroom"].pk]),
        {"student": school["olive"].pk, "concept": school["thirds"].pk, "back": back},
    )
    assert response["Location"] == reverse("teach:class_dashboard", args=[school["classroom"].pk])
