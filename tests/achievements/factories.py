"""Factories and helpers for the achievements tests."""

import uuid
from datetime import datetime

import factory
from django.utils import timezone

from achievements.models import Badge, LearnerBadge
from progress.practice.answers import attempt_record
from tests.factories import StudentFactory, answer_for


class BadgeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Badge

    name = factory.Sequence(lambda n: f"Badge {n}")
    slug = factory.Sequence(lambda n: f"badge-{n}")
    category = Badge.Category.PRACTICE
    rule_kind = "first_attempt"
    threshold = 1
    points = 10
    icon = "⭐"


class LearnerBadgeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LearnerBadge

    learner = factory.SubFactory(StudentFactory)
    badge = factory.SubFactory(BadgeFactory)
    earned_at = factory.LazyFunction(timezone.now)


def answer(learner, question, *, correct=True, now: datetime | None = None, session=None):
    """Record one answer through the real hot path (signals and all)."""
    return attempt_record(
        learner=learner,
        question=question,
        response=answer_for(question, correct=correct),
        client_token=uuid.uuid4(),
        now=now or timezone.now(),
        session=session,
    )
