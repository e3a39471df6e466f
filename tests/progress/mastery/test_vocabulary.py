"""One vocabulary: every page, CSV and export says the same status for the same concept,
and the counts ("mastered", the pace) agree with it (issue 14)."""

import json
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from progress.interop.models import ExportJob
from progress.models import ConceptMastery
from tests import factories
from tests.csvfiles import csv_rows
from tests.progress.helpers import master, record

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def history(student, teacher):
    """Two concepts mastered a month ago (reviews now due), one mastered today, one tried."""
    factories.ClassroomFactory(teachers=[teacher], students=[student])
    now = timezone.now()
    old = [factories.ConceptFactory(name=f"Old {i}") for i in range(2)]
    for concept in old:
        master(student, concept, now=now - timedelta(days=30))
    fresh = factories.ConceptFactory(name="Fresh")
    master(student, fresh, now=now - timedelta(minutes=30))
    tried = factories.QuestionFactory(concept=factories.ConceptFactory(name="Tried"))
    record(student, tried, correct=False, now=now - timedelta(minutes=5))
    return {"old": old, "fresh": fresh, "tried": tried.concept}


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_every_page_says_the_same_status(login, student, teacher, history):
    client = login(student)
    dashboard = _text(client.get(reverse("progress:dashboard")))
    assert "2 concepts due for review today" in dashboard
    progress = _text(client.get(reverse("insights:my_progress")))
    assert "1 mastered, 1 in progress, 2 need review" in progress
    # The pace counts what is mastered now, like the count beside it: not the two concepts
    # whose reviews are due (before, "0 mastered" stood beside a pace of 2 a week).
    assert re.search(r'id="pace">[^(]*\(1 mastered in', progress)
    for concept in history["old"]:
        page = _text(client.get(reverse("progress:mastery_explain", args=[concept.slug])))
        assert 'i-review_needed">Review needed' in page and "Review needed:" in page
    page = _text(client.get(reverse("progress:mastery_explain", args=[history["fresh"].slug])))
    assert 'i-mastered">Mastered' in page

    classroom = teacher.taught_classrooms.get()
    grid = _text(login(teacher).get(reverse("teach:class_dashboard", args=[classroom.pk])))
    assert grid.count("Review needed") >= 2 and "Mastered" in grid
    header, *lines = csv_rows(
        login(teacher).get(reverse("teach:class_grid_csv", args=[classroom.pk]))
    )
    line = dict(zip(header, lines[0], strict=True))
    statuses = {k.split(" › ")[1][: -len(" status")]: v for k, v in line.items() if "status" in k}
    assert statuses["Old 0"] == statuses["Old 1"] == "Review needed"
    assert statuses["Fresh"] == "Mastered" and statuses["Tried"] == "In progress"
    assert line["Concepts mastered"] == "1"


def test_the_personal_export_uses_the_same_words(
    login, student, history, django_capture_on_commit_callbacks
):
    client = login(student)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("exports:list"), {"kind": "my_data", "format": "json"})
    job = ExportJob.objects.get(owner=student)
    body = b"".join(client.get(reverse("exports:download", args=[job.pk])).streaming_content)
    rows = json.loads(body)["mastery"]
    by_name = {r["concept_name"]: (r["status"], r["status_label"]) for r in rows}
    assert by_name["Old 0"] == ("review_needed", "Review needed")
    assert by_name["Fresh"] == ("mastered", "Mastered")
    assert by_name["Tried"] == ("in_progress", "In progress")
    # The stored row still says what the rule said at the last answer; time did the rest.
    stored = ConceptMastery.objects.get(learner=student, concept=history["old"][0])
    assert stored.status == "mastered"
