"""Teacher class reports: access, the mastery grid and its CSV, needs help, item analysis."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from progress.mastery.selectors import status_now
from progress.mastery.status import LABELS
from progress.reports.class_grid import class_mastery_grid
from progress.reports.dashboard import student_dashboard
from tests import factories
from tests.csvfiles import csv_rows, csv_text
from tests.progress.reports.classes import NOW, URLS, page_rows

pytestmark = pytest.mark.django_db


# Access ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", URLS)
def test_the_classs_teacher_and_superusers_get_the_reports(login, classroom, admin_user, name):
    url = reverse(name, args=[classroom.pk])
    assert login(classroom.teachers.get()).get(url).status_code == 200
    assert login(admin_user).get(url).status_code == 200


@pytest.mark.parametrize("name", URLS)
def test_another_teacher_gets_404(login, classroom, other_teacher, name):
    assert login(other_teacher).get(reverse(name, args=[classroom.pk])).status_code == 404


@pytest.mark.parametrize("name", URLS)
def test_students_get_404_even_in_the_class(login, classroom, student, name):
    assert login(student).get(reverse(name, args=[classroom.pk])).status_code == 404


@pytest.mark.parametrize("name", URLS)
def test_anonymous_is_sent_to_login(client, classroom, name):
    response = client.get(reverse(name, args=[classroom.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_class_page_links_to_the_dashboard(login, teacher, classroom):
    page = login(teacher).get(reverse("accounts:classroom_detail", args=[classroom.pk]))
    assert reverse("teach:class_dashboard", args=[classroom.pk]) in page.content.decode()


def test_an_empty_class_shows_its_dashboard(login, teacher, curriculum):
    empty = factories.ClassroomFactory(name="Empty", teachers=[teacher])
    page = login(teacher).get(reverse("teach:class_dashboard", args=[empty.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "No students yet" in html and "Nobody" not in html
    assert f'id="join-code">{empty.display_join_code}<' in html


# The grid --------------------------------------------------------------------------------


def test_grid_shows_status_symbol_text_and_percent_from_stored_mastery(
    login, teacher, classroom, two_students, curriculum
):
    sam, olive = two_students
    response = login(teacher).get(reverse("teach:class_dashboard", args=[classroom.pk]))
    grid = response.context["grid"]
    assert [c.name for c in grid.concepts] == ["Halves", "Thirds", "Angles", "States"]
    rows = {row.student: row for row in grid.rows}
    halves = sam.concept_mastery.get(concept=curriculum["concepts"]["halves"])
    assert halves.status == "mastered"
    cell = rows[sam].cells[0]
    # The status now, from the one status function: mastered, or "review needed" once the
    # review has fallen due (the fixture's answers are dated NOW, the page reads the clock).
    now_status = status_now(halves, now=timezone.now())
    assert (cell.status, cell.p_known) == (now_status, halves.p_known)
    # The overall figure is the one on the student's own dashboard.
    assert rows[sam].overall == student_dashboard(learner=sam, now=NOW)["overall"]
    page = page_rows(response.content)
    sam_cells = page[f"student-{sam.pk}"]
    assert sam_cells[0] == sam.display_name
    assert sam_cells[1] == f"{round(100 * rows[sam].overall)}%"
    assert sam_cells[3] == f"{round(100 * halves.p_known)}% {LABELS[now_status]}"
    assert sam_cells[-1] == "– Not started"
    assert page[f"student-{olive.pk}"][-2].endswith("In progress")
    html = response.content.decode()
    # Colour and a symbol (drawn by the status class), never colour alone; then the words.
    assert f'class="hm hm-{now_status} topic-start"' in html
    assert (
        '<caption class="visually-hidden">' in html
        and 'scope="row"' in html
        and 'scope="colgroup"' in html
    )
    assert reverse("insights:student_detail", args=[sam.pk]) in html


def test_topic_filter_narrows_the_columns_and_adds_mastery_in_scope(
    login, teacher, classroom, two_students, curriculum
):
    sam, _ = two_students
    fractions = curriculum["topics"]["fractions"]
    response = login(teacher).get(
        reverse("teach:class_dashboard", args=[classroom.pk]), {"topic": fractions.pk}
    )
    grid = response.context["grid"]
    assert [c.name for c in grid.concepts] == ["Halves", "Thirds"]
    assert grid.scope_label == "Fractions"
    row = next(r for r in grid.rows if r.student == sam)
    stored = {m.concept_id: m.p_known for m in sam.concept_mastery.all()}
    expected = sum(stored[c.pk] for c in grid.concepts) / 2
    assert row.scope_mastery == pytest.approx(expected)
    assert "Mastery in Fractions" in response.content.decode()


def test_subject_filter_keeps_that_subjects_concepts(classroom, two_students, curriculum):
    grid = class_mastery_grid(
        classroom=classroom, filters={"subject": curriculum["subjects"]["science"].pk}
    )
    assert [c.name for c in grid.concepts] == ["States"]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name", ["olive", "student"]),  # Adams before Student
        ("-name", ["student", "olive"]),
        ("mastery", ["olive", "student"]),
        ("-mastery", ["student", "olive"]),
        ("-last_active", ["student", "olive"]),
        ("last_active", ["olive", "student"]),
    ],
)
def test_sorting(classroom, two_students, sort, expected):
    grid = class_mastery_grid(classroom=classroom, filters={"sort": sort})
    assert [r.student.username for r in grid.rows] == expected


def test_never_active_students_sort_as_longest_ago(classroom, two_students):
    newcomer = factories.StudentFactory(username="newcomer", last_name="Zed")
    classroom.students.add(newcomer)
    grid = class_mastery_grid(classroom=classroom, filters={"sort": "-last_active"})
    assert grid.rows[-1].student.username == "newcomer"
    grid = class_mastery_grid(classroom=classroom, filters={"sort": "last_active"})
    assert grid.rows[0].student.username == "newcomer"


def test_csv_shows_the_same_numbers_as_the_page(
    login, teacher, classroom, two_students, curriculum
):
    client = login(teacher)
    params = {"topic": curriculum["topics"]["fractions"].pk, "sort": "-mastery"}
    page = client.get(reverse("teach:class_dashboard", args=[classroom.pk]), params)
    response = client.get(reverse("teach:class_grid_csv", args=[classroom.pk]), params)
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    header, *lines = csv_rows(response)
    assert header[:4] == ["Student", "Username", "Overall mastery %", "Mastery in Fractions %"]
    assert header[6:] == [
        "Fractions › Halves %",
        "Fractions › Halves status",
        "Fractions › Thirds %",
        "Fractions › Thirds status",
    ]
    grid_order = [r.student.username for r in page.context["grid"].rows]
    assert [line[1] for line in lines] == grid_order
    by_username = {r.student.username: r.student.pk for r in page.context["grid"].rows}
    on_page = page_rows(page.content)
    for line in lines:
        cells = on_page[f"student-{by_username[line[1]]}"]
        assert cells[0] == line[0]
        assert cells[1] == (f"{line[2]}%" if line[2] else "—")
        assert cells[2] == (f"{line[3]}%" if line[3] else "—")
        for i, (pct, status) in enumerate(zip(line[6::2], line[7::2], strict=True)):
            shown = cells[4 + i]
            assert shown.endswith(status)
            assert shown.startswith(f"{pct}% ") if pct != "" else shown.startswith("– "), shown


def test_csv_neutralises_formulas_in_names(login, teacher, classroom, curriculum):
    evil = factories.StudentFactory(username="evil", first_name="=HYPERLINK(1)", last_name="x")
    classroom.students.add(evil)
    response = login(teacher).get(reverse("teach:class_grid_csv", args=[classroom.pk]))
    assert "'=HYPERLINK(1) x" in csv_text(response)


def test_csv_neutralises_formulas_in_topic_names_in_the_header_row(
    login, teacher, classroom, curriculum
):
    topic = curriculum["topics"]["fractions"]
    topic.name = '=HYPERLINK("http://evil.example","x")'
    topic.save()
    response = login(teacher).get(reverse("teach:class_grid_csv", args=[classroom.pk]))
    header = csv_rows(response)[0]
    topic_columns = [h for h in header if "HYPERLINK" in h]
    assert topic_columns and all(h.startswith("'=") for h in topic_columns)


def test_a_topic_of_another_subject_is_refused_next_to_the_filter(
    login, teacher, classroom, two_students, curriculum
):
    """Issue 15: Science with a Mathematics topic used to show "Mastery in Fractions" over
    an empty grid, dashes for everyone."""
    fractions = curriculum["concepts"]["halves"].topic
    other = factories.SubjectFactory(name="Art")
    response = login(teacher).get(
        reverse("teach:class_dashboard", args=[classroom.pk]),
        {"subject": other.pk, "topic": fractions.pk},
    )
    html = response.content.decode()
    assert f"{fractions.name} is not a topic of Art." in html
    assert 'id="id_topic_error"' in html
    assert f"Mastery in {fractions.name}" not in html
    # Each topic option says which subject it belongs to, for the page's script.
    topic_select = html[html.index('name="topic"') :]
    option = re.search(rf'<option value="{fractions.pk}"[^>]*>', topic_select)[0]
    assert f'data-parent="{fractions.subject_id}"' in option
