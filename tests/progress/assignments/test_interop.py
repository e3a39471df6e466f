"""Assignments in xAPI statements (a grouping activity on answers given in one) and in the
class's mastery CSV (a status and a progress column per assignment)."""

import csv
import io
import json
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from progress.assignments.services import AssignmentSpec, assignment_archive, assignment_update
from progress.interop import xapi
from progress.interop.statements import statements_for, statements_queryset
from tests.conftest import require_shared_data
from tests.progress.assignments.helpers import NOW, assign, work_through
from tests.progress.helpers import record

pytestmark = pytest.mark.django_db
BASE = "https://pathwise.example.org"


@pytest.fixture
def validator():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(require_shared_data("xapi/statement.json").read_text())
    return jsonschema.Draft4Validator(schema)


def statements(learner):
    users = get_user_model().objects.filter(pk=learner.pk)
    return statements_for(statements_queryset(learners=users))


def test_answers_in_an_assignment_carry_it_as_a_grouping_activity(school, validator, settings):
    settings.PATHWISE_LRS_ID_BASE = BASE
    a = assign(
        school["classroom"], school["teacher"], title="Halves homework", concepts=[school["halves"]]
    )
    work_through(a, school["sam"], answers=2)
    record(school["sam"], school["questions"][school["thirds"].pk][0], now=NOW + timedelta(hours=1))
    first = statements(school["sam"])
    assert len(first) == 3
    for statement in first:
        assert not sorted(validator.iter_errors(statement), key=str)
    grouped = [s for s in first if "grouping" in s["context"]["contextActivities"]]
    assert len(grouped) == 2
    (activity,) = grouped[0]["context"]["contextActivities"]["grouping"]
    assert activity == {
        "objectType": "Activity",
        "id": f"{BASE}/xapi/assignments/{a.pk}",
        "definition": {"name": {"en": "Halves homework"}, "type": xapi.ACTIVITY_ASSIGNMENT},
    }
    assert grouped[0]["context"]["contextActivities"]["parent"][0]["id"].endswith(
        f"/xapi/concepts/{school['halves'].slug}"
    )
    # Editing and deleting the assignment re-exports the very same statements (an LRS
    # refuses a statement id it has seen with different content).
    assignment_update(
        assignment=a,
        spec=AssignmentSpec(
            title="Renamed", concepts=[school["thirds"]], opens_at=NOW, due_at=a.due_at
        ),
        now=NOW,
    )
    assignment_archive(assignment=a, now=NOW)
    assert statements(school["sam"]) == first


def test_the_class_csv_has_a_status_and_progress_column_per_assignment(login, school, settings):
    settings.PATHWISE_CLOCK_NOW = NOW
    a = assign(school["classroom"], school["teacher"], title="Halves", concepts=[school["halves"]])
    assign(
        school["classroom"],
        school["teacher"],
        title="Support",
        concepts=[school["thirds"]],
        whole_class=False,
        groups=[school["support"]],
    )
    work_through(a, school["sam"], answers=5)
    work_through(a, school["olive"], answers=1)
    response = login(school["teacher"]).get(
        reverse("teach:class_grid_csv", args=[school["classroom"].pk])
    )
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    header, *lines = list(csv.reader(io.StringIO(body)))
    due = "Fri 6 Mar 2026, 09:00"
    columns = [
        f"Assignment: Halves (due {due}) status",
        f"Assignment: Halves (due {due}) progress %",
        f"Assignment: Support (due {due}) status",
        f"Assignment: Support (due {due}) progress %",
    ]
    assert header[-4:] == columns
    by_user = {line[1]: line[-4:] for line in lines}
    assert by_user == {
        "student": ["Done", "100", "Not started", "0"],
        "other_student": ["In progress", "0", "", ""],
        "ravi": ["Not started", "0", "", ""],
    }


def test_a_forwarded_answer_carries_its_assignment_as_the_export_does(school, settings):
    """The LRS outbox queues the statement when the answer is recorded: it must be the one
    the export and the API give for the same id, grouping activity included."""
    from progress.interop.models import LrsStatement

    settings.PATHWISE_LRS_ID_BASE = BASE
    settings.PATHWISE_LRS_ENDPOINT = "http://127.0.0.1:9/xAPI/"  # queued, never sent here
    a = assign(school["classroom"], school["teacher"], title="Queued", concepts=[school["halves"]])
    work_through(a, school["sam"], answers=2)
    queued = [
        row.statement
        for row in LrsStatement.objects.filter(kind=LrsStatement.Kind.ANSWERED).order_by("pk")
    ]
    exported = statements(school["sam"])
    assert len(queued) == 2 and queued == exported
    assert all(s["context"]["contextActivities"]["grouping"] for s in queued)
