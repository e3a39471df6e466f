"""Answers given in an assignment count as everywhere else (mastery, progress, badges), and
editing or deleting the assignment leaves every recorded answer, mastery and badge as it
was: the replay (``recompute_progress``) still finds no drift."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command

from achievements.models import LearnerBadge, PointsEntry
from progress.assignments.models import AssignmentSession
from progress.assignments.services import AssignmentSpec, assignment_archive, assignment_update
from progress.metrics.recompute import recompute_progress
from progress.models import Attempt, ConceptMastery, LearnerStats
from tests.achievements.factories import BadgeFactory
from tests.progress.assignments.helpers import NOW, assign, work_through
from tests.progress.helpers import progress_state

pytestmark = pytest.mark.django_db


def history_state() -> dict:
    """Everything a learner did and earned, with the assignment links."""
    return {
        **{k: v for k, v in progress_state().items() if not k.startswith("Assignment")},
        "links": list(AssignmentSession.objects.order_by("pk").values()),
        "badges": list(LearnerBadge.objects.order_by("pk").values()),
        "points": list(PointsEntry.objects.order_by("pk").values()),
    }


@pytest.fixture
def worked(school):
    BadgeFactory(slug="first-answer", rule_kind="first_attempt", threshold=1)
    a = assign(
        school["classroom"], school["teacher"], concepts=[school["halves"], school["thirds"]]
    )
    quiz = assign(
        school["classroom"],
        school["teacher"],
        kind="activity",
        activity=school["quiz"],
        title="Quiz",
    )
    n_correct = assign(
        school["classroom"],
        school["teacher"],
        topic=school["topic"],
        goal="correct",
        target_count=4,
        title="Four right",
    )
    day = timedelta(days=1)
    work_through(a, school["sam"], answers=5, now=NOW, finish=True)
    work_through(a, school["sam"], answers=2, correct=False, now=NOW + day)
    work_through(quiz, school["olive"], answers=3, now=NOW + day, finish=True)
    work_through(n_correct, school["ravi"], answers=5, now=NOW + 2 * day)
    return {"practice": a, "quiz": quiz, "n_correct": n_correct}


def test_answers_in_an_assignment_count_for_mastery_progress_and_badges(school, worked):
    sam = school["sam"]
    assert ConceptMastery.objects.get(learner=sam, concept=school["halves"]).was_mastered
    assert LearnerStats.objects.get(learner=sam).total_attempts == 7  # 5 right, then 2 wrong
    assert LearnerBadge.objects.filter(learner=sam, badge__slug="first-answer").exists()
    assert (
        Attempt.objects.filter(session__assignment_link__assignment=worked["practice"]).count() == 7
    )


def test_editing_and_deleting_change_no_answer_mastery_or_badge(school, worked):
    before = history_state()
    assert recompute_progress() == []
    for a in worked.values():
        assignment_update(
            assignment=a,
            spec=AssignmentSpec(
                title=f"{a.title} (edited)",
                concepts=[school["thirds"]],
                goal="correct",
                target_count=9,
                opens_at=a.opens_at - timedelta(days=3),
                due_at=a.due_at + timedelta(days=10),
                late_counts=False,
                whole_class=False,
                groups=[school["extension"]],
            ),
            now=NOW + timedelta(days=3),
        )
    assert history_state() == before
    for a in worked.values():
        assignment_archive(assignment=a, now=NOW + timedelta(days=4))
    assert history_state() == before
    assert recompute_progress() == []
    out = io.StringIO()
    call_command("recompute_progress", stdout=out)
    assert "No drift" in out.getvalue()
