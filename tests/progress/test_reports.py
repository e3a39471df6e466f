"""Teacher class reports: access, the mastery grid and its CSV, needs help, item analysis."""

import uuid
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from progress.practice.answers import attempt_record
from progress.reports.class_grid import class_mastery_grid
from progress.reports.dashboard import student_dashboard
from progress.reports.items import item_analysis
from progress.reports.needs_help import class_needs_help
from tests import factories
from tests.csvfiles import csv_rows, csv_text

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
URLS = ["teach:class_dashboard", "teach:class_grid_csv", "teach:item_analysis"]


def answer(learner, question, *, correct=True, now=NOW, choice=None):
    if choice is None:
        choice = question.choices.filter(is_correct=correct).first()
    return attempt_record(
        learner=learner,
        question=question,
        response={"choices": [choice.pk]},
        client_token=uuid.uuid4(),
        now=now,
    )


@pytest.fixture
def curriculum(db):
    """Maths (Fractions: 2 concepts, Geometry: 1) and Science (Matter: 1), a question each."""
    maths = factories.SubjectFactory(name="Maths", order=1)
    science = factories.SubjectFactory(name="Science", order=2)
    fractions = factories.TopicFactory(subject=maths, name="Fractions", order=1)
    geometry = factories.TopicFactory(subject=maths, name="Geometry", order=2)
    matter = factories.TopicFactory(subject=science, name="Matter", order=1)
    concepts = {
        "halves": factories.ConceptFactory(topic=fractions, name="Halves", order=1),
        "thirds": factories.ConceptFactory(topic=fractions, name="Thirds", order=2),
        "angles": factories.ConceptFactory(topic=geometry, name="Angles", order=1),
        "states": factories.ConceptFactory(topic=matter, name="States", order=1),
    }
    questions = {k: factories.QuestionFactory(concept=c) for k, c in concepts.items()}
    return {
        "subjects": {"maths": maths, "science": science},
        "topics": {"fractions": fractions, "geometry": geometry, "matter": matter},
        "concepts": concepts,
        "questions": questions,
    }


class RowCells(HTMLParser):
    """Text of every cell of each <tr id="student-N"> in the page."""

    def __init__(self):
        super().__init__()
        self.rows: dict[str, list[str]] = {}
        self._row = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "tr" and (attrs.get("id") or "").startswith("student-"):
            self._row = attrs["id"]
            self.rows[self._row] = []
        elif tag in ("td", "th") and self._row:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._row and self._cell is not None:
            self.rows[self._row].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr":
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def page_rows(content: bytes) -> dict[str, list[str]]:
    parser = RowCells()
    parser.feed(content.decode())
    return parser.rows


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
    assert "No students in this class yet" in page.content.decode()


# The grid --------------------------------------------------------------------------------


@pytest.fixture
def two_students(classroom, student, curriculum):
    """Sam (in the class fixture) is strong in Fractions; Olive has only tried Angles."""
    olive = factories.StudentFactory(username="olive", first_name="Olive", last_name="Adams")
    classroom.students.add(olive)
    q = curriculum["questions"]
    for i in range(4):
        answer(student, q["halves"], now=NOW - timedelta(hours=5 - i))
    answer(student, q["thirds"], now=NOW - timedelta(hours=1))
    answer(olive, q["angles"], correct=False, now=NOW - timedelta(days=2))
    return student, olive


def test_grid_shows_status_symbol_text_and_percent_from_stored_mastery(
    login, teacher, classroom, two_students, curriculum
):
    sam, olive = two_students
    response = login(teacher).get(reverse("teach:class_dashboard", args=[classroom.pk]))
    grid = response.context["grid"]
    assert [c.name for c in grid.concepts] == ["Halves", "Thirds", "Angles", "States"]
    rows = {row.student: row for row in grid.rows}
    halves = sam.concept_mastery.get(concept=curriculum["concepts"]["halves"])
    cell = rows[sam].cells[0]
    assert (cell.status, cell.p_known) == (halves.status, halves.p_known)
    # The overall figure is the one on the student's own dashboard.
    assert rows[sam].overall == student_dashboard(learner=sam, now=NOW)["overall"]
    page = page_rows(response.content)
    sam_cells = page[f"student-{sam.pk}"]
    assert sam_cells[0] == sam.display_name
    assert sam_cells[1] == f"{round(100 * rows[sam].overall)}%"
    assert sam_cells[3] == f"✔ {round(100 * halves.p_known)}% Mastered"
    assert sam_cells[-1] == "○ — Not started"
    assert page[f"student-{olive.pk}"][-2].endswith("In progress")
    html = response.content.decode()
    assert "<caption>" in html and 'scope="row"' in html and 'scope="colgroup"' in html
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
            assert (f" {pct}% " in shown) if pct else (" — " in shown)


def test_csv_neutralises_formulas_in_names(login, teacher, classroom, curriculum):
    evil = factories.StudentFactory(username="evil", first_name="=HYPERLINK(1)", last_name="x")
    classroom.students.add(evil)
    response = login(teacher).get(reverse("teach:class_grid_csv", args=[classroom.pk]))
    assert "'=HYPERLINK(1) x" in csv_text(response)


# Needs help ------------------------------------------------------------------------------


def reasons_by_student(classroom, now=NOW):
    return {
        h.student.username: {r.code: r.text for r in h.reasons}
        for h in class_needs_help(classroom=classroom, now=now)
    }


def test_three_wrong_in_a_row_on_a_concept(classroom, student, curriculum):
    q = curriculum["questions"]
    recovered = factories.StudentFactory(username="recovered")
    classroom.students.add(recovered)
    for i in range(3):
        answer(student, q["halves"], correct=False, now=NOW - timedelta(minutes=10 - i))
        answer(recovered, q["halves"], correct=False, now=NOW - timedelta(minutes=10 - i))
    answer(student, q["thirds"], correct=True, now=NOW - timedelta(minutes=2))
    answer(recovered, q["halves"], correct=True, now=NOW - timedelta(minutes=1))
    reasons = reasons_by_student(classroom)
    assert reasons["student"] == {"wrong_streak": "3 or more wrong in a row on Halves"}
    assert "recovered" not in reasons


def test_two_wrong_in_a_row_is_not_yet_a_streak(classroom, student, curriculum):
    q = curriculum["questions"]
    answer(student, q["halves"], correct=True, now=NOW - timedelta(minutes=3))
    answer(student, q["halves"], correct=False, now=NOW - timedelta(minutes=2))
    answer(student, q["halves"], correct=False, now=NOW - timedelta(minutes=1))
    assert "student" not in reasons_by_student(classroom)


def test_inactive_for_a_week_and_never_started(classroom, student, curriculum):
    newcomer = factories.StudentFactory(username="newcomer")
    classroom.students.add(newcomer)
    answer(student, curriculum["questions"]["halves"], now=NOW - timedelta(days=8))
    reasons = reasons_by_student(classroom)
    assert reasons["student"]["inactive"] == "No practice for 8 days"
    assert reasons["newcomer"] == {"inactive": "Has not practised yet"}
    answer(student, curriculum["questions"]["halves"], now=NOW - timedelta(days=6))
    assert "student" not in reasons_by_student(classroom)


def test_mastery_dropped_this_week(classroom, student, curriculum):
    q = curriculum["questions"]
    for i in range(5):  # ten days ago: strong on halves and thirds
        answer(student, q["halves"], now=NOW - timedelta(days=10, minutes=20 - i))
        answer(student, q["thirds"], now=NOW - timedelta(days=10, minutes=10 - i))
    for i in range(4):  # yesterday: it all went wrong
        answer(student, q["halves"], correct=False, now=NOW - timedelta(days=1, minutes=20 - i))
        answer(student, q["thirds"], correct=False, now=NOW - timedelta(days=1, minutes=10 - i))
    text = reasons_by_student(classroom)["student"]["mastery_drop"]
    assert text.startswith("Overall mastery fell from ")
    assert text.endswith("% this week")


def test_no_drop_reported_when_mastery_rose(classroom, student, curriculum):
    q = curriculum["questions"]
    answer(student, q["halves"], correct=False, now=NOW - timedelta(days=10))
    for i in range(4):
        answer(student, q["halves"], now=NOW - timedelta(days=1, minutes=10 - i))
    assert "mastery_drop" not in reasons_by_student(classroom).get("student", {})


def test_drop_before_this_week_is_not_reported(classroom, student, curriculum):
    q = curriculum["questions"]
    for i in range(5):
        answer(student, q["halves"], now=NOW - timedelta(days=20, minutes=10 - i))
    for i in range(4):
        answer(student, q["halves"], correct=False, now=NOW - timedelta(days=10, minutes=5 - i))
    reasons = reasons_by_student(classroom)["student"]
    assert "mastery_drop" not in reasons
    assert "inactive" in reasons


def test_review_backlog(classroom, student, curriculum):
    q = curriculum["questions"]
    for key in ("halves", "thirds", "angles"):
        answer(student, q[key], now=NOW - timedelta(days=60))
    answer(student, q["states"], now=NOW - timedelta(hours=1))
    reasons = reasons_by_student(classroom)["student"]
    assert reasons == {"review_backlog": "3 concepts due for review"}


def test_needs_help_is_on_the_dashboard(login, teacher, classroom, student, curriculum):
    answer(student, curriculum["questions"]["halves"], now=timezone.now() - timedelta(days=9))
    page = login(teacher).get(reverse("teach:class_dashboard", args=[classroom.pk]))
    assert "No practice for 9 days" in page.content.decode()


# Item analysis ---------------------------------------------------------------------------


def test_item_analysis_page_counts_wrong_choices_and_flags(login, teacher, classroom, curriculum):
    question = curriculum["questions"]["halves"]
    five = question.choices.get(text="5")
    for i in range(6):
        learner = factories.StudentFactory(username=f"learner{i}")
        classroom.students.add(learner)
        answer(learner, question, choice=five, now=NOW - timedelta(minutes=i))
    response = login(teacher).get(reverse("teach:item_analysis", args=[classroom.pk]))
    (row,) = response.context["report"].rows
    assert row.stats.attempts == 6
    assert row.percent_correct == 0
    assert [(w.label, w.count) for w in row.stats.wrong_answers] == [("5", 6), ("3", 0)]
    html = response.content.decode()
    assert "Nearly everyone gets this wrong" in html
    assert "5: 6" in html


def test_item_analysis_ignores_students_outside_the_class(
    login, teacher, classroom, other_student, curriculum
):
    answer(other_student, curriculum["questions"]["halves"])
    response = login(teacher).get(reverse("teach:item_analysis", args=[classroom.pk]))
    assert response.context["report"].rows == []


def test_item_analysis_is_empty_for_a_teacher_who_does_not_teach_the_class(
    classroom, student, other_teacher, curriculum
):
    answer(student, curriculum["questions"]["halves"])
    report = item_analysis(teacher=other_teacher, classroom=classroom)
    assert report.rows == []


# Query budgets ---------------------------------------------------------------------------


def class_of(n, curriculum, classroom):
    """n students with one to four concepts each, active over the last nine days."""
    now = timezone.now()
    q = list(curriculum["questions"].values())
    for i in range(n):
        learner = factories.StudentFactory(username=f"s{i:03d}")
        classroom.students.add(learner)
        for j, question in enumerate(q[: 1 + i % 4]):
            answer(learner, question, correct=(i + j) % 3 != 0, now=now - timedelta(days=i % 9))


@pytest.mark.parametrize("n_students", [5, 500])
def test_dashboard_query_budget(
    login, teacher, classroom, curriculum, n_students, django_assert_num_queries
):
    class_of(n_students, curriculum, classroom)
    client = login(teacher)
    url = reverse("teach:class_dashboard", args=[classroom.pk])
    # session, user, classroom (teacher check); grid: concepts in scope, curriculum refs,
    # students with stats, mastery rows; needs help: students, wrong-answer streaks,
    # current overall mastery, baseline snapshots, review backlog; exam readiness:
    # the students' active study plans; filter form: subject choices, topic choices (with
    # subjects)
    with django_assert_num_queries(15):
        assert client.get(url).status_code == 200
    # + validating the topic filter (one lookup)
    with django_assert_num_queries(16):
        assert client.get(url, {"topic": curriculum["topics"]["fractions"].pk}).status_code == 200


@pytest.mark.parametrize("n_students", [5, 60])
def test_csv_query_budget(
    login, teacher, classroom, curriculum, n_students, django_assert_num_queries
):
    class_of(n_students, curriculum, classroom)
    client = login(teacher)
    # session, user, classroom; grid: concepts in scope, curriculum refs, students with
    # stats, mastery rows
    with django_assert_num_queries(7):
        assert client.get(reverse("teach:class_grid_csv", args=[classroom.pk])).status_code == 200


@pytest.mark.parametrize("n_students", [5, 60])
def test_item_analysis_query_budget(
    login, teacher, classroom, curriculum, n_students, django_assert_num_queries
):
    class_of(n_students, curriculum, classroom)
    client = login(teacher)
    # session, user, classroom; attempts in scope, latest snapshot per question, questions
    # with concepts and topics; filter form: subject choices, topic choices
    with django_assert_num_queries(8):
        assert client.get(reverse("teach:item_analysis", args=[classroom.pk])).status_code == 200
