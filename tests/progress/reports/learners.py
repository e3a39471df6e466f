"""Helpers for the tests of one learner's progress: answering at a given time, URLs, pages."""

import re
import uuid
import zoneinfo
from datetime import UTC, datetime, timedelta

from django.urls import reverse
from django.utils import timezone

from progress.practice.answers import attempt_record
from tests import factories

LONDON = zoneinfo.ZoneInfo("Europe/London")  # the student factory's timezone


def answer(learner, question, *, correct=True, now, hints=0):
    return attempt_record(
        learner=learner,
        question=question,
        response=factories.answer_for(question, correct=correct),
        client_token=uuid.uuid4(),
        now=now,
        hints_used=hints,
    )


def noon_days_ago(days: int):
    """Midday, London time, ``days`` local days before today (never tomorrow, never midnight)."""
    local_today = timezone.now().astimezone(LONDON).date()
    day = local_today - timedelta(days=days)
    moment = datetime(day.year, day.month, day.day, 12, tzinfo=LONDON).astimezone(UTC)
    return min(moment, timezone.now() - timedelta(minutes=5)) if days == 0 else moment


def local_date(days: int):
    return timezone.now().astimezone(LONDON).date() - timedelta(days=days)


def curriculum(n_concepts=4, *, subject_name="Mathematics", names=None):
    subject = factories.SubjectFactory(name=subject_name)
    topic = factories.TopicFactory(subject=subject, name=f"{subject_name} basics")
    concepts = [
        factories.ConceptFactory(topic=topic, **({"name": names[i]} if names else {}))
        for i in range(n_concepts)
    ]
    questions = [factories.QuestionFactory(concept=c) for c in concepts]
    return concepts, questions


def section(page: str, element_id: str) -> str:
    match = re.search(rf'id="{element_id}"[^>]*>(.*?)</(ol|dd)>', page, re.S)
    return match.group(1) if match else ""


def my_progress(client):
    return client.get(reverse("insights:my_progress"))


def detail_url(student, **query):
    url = reverse("insights:student_detail", args=[student.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def csv_url(student, **query):
    url = reverse("insights:student_attempts_csv", args=[student.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")
