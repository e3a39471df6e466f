"""Two relays at once (two workers) send each statement once: a claimed batch is skipped by
the other (``SELECT ... FOR UPDATE SKIP LOCKED``, then a lease). PostgreSQL only: SQLite
serialises writers, so two relays there simply take turns."""

import uuid
from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from progress.interop.lrs.relay import outbox_send
from progress.interop.models import LrsStatement
from progress.practice.answers import attempt_record
from tests import factories
from tests.concurrency import run_together

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("postgresql_only"),
]


def test_two_relays_never_send_a_statement_twice(scripted_lrs, settings, student):
    settings.PATHWISE_LRS_BATCH_SIZE = 5
    scripted_lrs.delay = 0.05  # each POST takes a while: the two relays overlap
    question = factories.QuestionFactory()
    start = timezone.now() - timedelta(hours=1)
    for i in range(60):
        attempt_record(
            learner=student,
            question=question,
            response=factories.answer_for(question),
            client_token=uuid.uuid4(),
            now=start + timedelta(seconds=i),
        )
    now = timezone.now()
    reports = run_together(2, lambda i: outbox_send(now=now))
    posted = Counter(s["id"] for batch in scripted_lrs.posts for s in batch)
    assert sum(r.sent for r in reports) == 60 == len(posted)
    assert set(posted.values()) == {1}, "a statement was sent twice"
    assert all(r.sent for r in reports), "both relays took batches"
    assert not LrsStatement.objects.exclude(status="sent").exists()
