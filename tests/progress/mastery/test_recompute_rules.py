"""recompute_progress under the evidence rules: no drift on seeded data, and ``--fix``
re-derives rows (and each attempt's mastery step) left by the earlier rules (issue 14)."""

import io
import uuid
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from learning.models import Question
from progress.metrics.recompute import recompute_progress
from progress.models import Attempt, ConceptMastery
from progress.practice.answers import attempt_record
from tests.factories import answer_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    out = io.StringIO()
    call_command("seed_demo", "--learners", "4", "--attempts-per-learner", "80", stdout=out)
    return list(User.objects.filter(attempts__isnull=False).distinct().values_list("pk", flat=True))


def _command(*args) -> str:
    out = io.StringIO()
    call_command("recompute_progress", *args, stdout=out)
    return out.getvalue()


def test_no_drift_on_seeded_data(seeded):
    assert len(seeded) >= 4
    # The seeded histories answer questions again within a sitting: the rule is exercised.
    assert Attempt.objects.filter(evidence=0).exists()
    assert Attempt.objects.filter(evidence=1).exists()
    assert recompute_progress() == []
    assert "No drift" in _command()


def test_fix_rederives_rows_left_by_the_earlier_rules(seeded):
    """Rows as the code before this change left them (the migration's defaults: no evidence
    ledger, no prediction chain, every attempt full evidence) and its numbers (a repeat
    counted, so higher estimates and "mastered" from repeats)."""
    ConceptMastery.objects.update(evidence={}, p_chain=None, status="mastered", was_mastered=True)
    Attempt.objects.update(evidence=1.0)
    rows = ConceptMastery.objects.all()
    for row in rows:
        row.p_known = min(1.0, row.p_known + 0.3)
    ConceptMastery.objects.bulk_update(rows, ["p_known"])

    differences = recompute_progress()
    tables = {d.table for d in differences}
    assert {"concept_mastery", "attempt"} <= tables
    assert "fixed" in _command("--fix")
    assert recompute_progress() == []

    # After the fix the answer path and the replay agree again, answer by answer.
    learner = User.objects.get(pk=seeded[0])
    question = Question.objects.published().filter(kind="single").first()
    for minutes in (0, 1):  # a first try, then the same question again: practice
        attempt_record(
            learner=learner,
            question=question,
            response=answer_for(question),
            client_token=uuid.uuid4(),
            now=timezone.now() + timedelta(minutes=minutes),
        )
    assert Attempt.objects.filter(learner=learner).order_by("-created_at").first().evidence == 0
    assert recompute_progress(learner_ids=[learner.pk]) == []
