"""Helpers shared by the progress tests."""

import uuid
from datetime import UTC, datetime, timedelta

from django.apps import apps

from progress.practice.answers import attempt_record
from tests.factories import answer_for

NOW = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)  # a Monday morning in London


def record(learner, question, response=None, *, token=None, correct=True, **kwargs):
    """One answer through the real answer path (right unless ``correct=False``)."""
    kwargs.setdefault("now", NOW)
    return attempt_record(
        learner=learner,
        question=question,
        response=answer_for(question, correct=correct) if response is None else response,
        client_token=token or uuid.uuid4(),
        **kwargs,
    )


def choice_ids(question, *texts) -> list[int]:
    """The ids of the question's choices with these texts."""
    return [c.pk for c in question.choices.all() if c.text in texts]


def progress_state() -> dict:
    """Every row of every progress table, so a test can prove nothing was written."""
    return {
        model.__name__: list(model.objects.order_by("pk").values())
        for model in apps.get_app_config("progress").get_models()
    }


def master(learner, concept, *, now=NOW, questions=6):
    """Master ``concept`` the honest way: right answers on ``questions`` different new
    questions, a minute apart, through the real answer path. Returns the mastery row."""
    from progress.models import ConceptMastery
    from tests.factories import QuestionFactory

    for n in range(questions):
        record(learner, QuestionFactory(concept=concept), now=now + timedelta(minutes=n))
    row = ConceptMastery.objects.get(learner=learner, concept=concept)
    assert row.status == "mastered", row
    return row
