"""The relay's failure handling against an LRS that answers what it is told to: a loopback
HTTP server standing in for an LRS in states a real one cannot be put into on demand
(overloaded, moved). Everything a real LRS does is tested against Ralph
(``test_lrs_ralph.py``).
"""

import uuid
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from progress.interop.lrs.relay import backoff, outbox_send, relay_state
from progress.interop.models import LrsStatement
from progress.practice.answers import attempt_record
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def lrs(scripted_lrs):
    return scripted_lrs


def answers(learner, count):
    question = factories.QuestionFactory()
    start = timezone.now() - timedelta(hours=1)
    for i in range(count):
        attempt_record(
            learner=learner,
            question=question,
            response=factories.answer_for(question),
            client_token=uuid.uuid4(),
            now=start + timedelta(seconds=i),
        )


def test_batches_carry_the_xapi_headers_and_basic_auth(lrs, student, settings):
    settings.PATHWISE_LRS_BATCH_SIZE = 2
    answers(student, 5)
    report = outbox_send(now=timezone.now())
    assert (report.sent, report.batches) == (5, 3)
    assert [len(batch) for batch in lrs.posts] == [2, 2, 1]
    headers = lrs.headers[0]
    assert headers["X-Experience-API-Version"] == "1.0.3"
    assert headers["Authorization"] == "Basic cGF0aHdpc2U6czNjcmV0"  # pathwise:s3cret
    assert headers["Content-Type"].startswith("application/json")
    assert relay_state().sent_total == 5


def test_an_overloaded_lrs_pauses_the_relay_with_a_growing_capped_back_off(lrs, student):
    answers(student, 3)
    now = timezone.now()
    pauses = []
    for _ in range(5):
        lrs.posts.clear()
        lrs.script = [503]
        report = outbox_send(now=now)
        assert len(lrs.posts) == 1, "an overloaded LRS gets one request, then a pause"
        assert report.failed and report.sent == 0 and "HTTP 503" in report.error
        pauses.append(report.paused_until - now)
        now = report.paused_until
    assert pauses == [timedelta(seconds=s) for s in (10, 20, 40, 60, 60)]
    assert [backoff(n) for n in (1, 2, 3, 4, 40)] == [*pauses[:4], timedelta(seconds=60)]
    assert LrsStatement.objects.filter(status="pending", strikes=0).count() == 3
    assert relay_state().failures == 5
    report = outbox_send(now=now)  # the LRS is fine again
    assert (report.sent, report.failed) == (3, False)
    assert relay_state().failures == 0


def test_an_lrs_failing_on_everything_is_not_sent_the_batch_one_by_one(lrs, student):
    """500 to the batch, to three statements alone and to the health GET: the LRS fails,
    not the statements: no strikes, the untried ones simply wait."""
    answers(student, 6)
    lrs.script = [500, 500, 500, 500, 500]
    report = outbox_send(now=timezone.now())
    assert report.failed and "HTTP 500" in report.error
    assert len(lrs.posts) == 4  # the batch and three statements; then the GET
    assert not LrsStatement.objects.filter(strikes__gt=0).exists()
    assert LrsStatement.objects.filter(status="pending").count() == 6
    report = outbox_send(now=report.paused_until)
    assert (report.sent, report.failed) == (6, False)


def test_too_many_requests_and_redirects_wait_without_retrying_one_by_one(lrs, student):
    answers(student, 4)
    for status in (429, 307):
        lrs.posts.clear()
        lrs.script = [status]
        report = outbox_send(now=relay_state().paused_until or timezone.now())
        assert report.failed and f"HTTP {status}" in report.error
        assert len(lrs.posts) == 1, "not the statements' fault: no statement-by-statement"
    assert LrsStatement.objects.filter(status="pending").count() == 4


def test_the_command_sends_and_reports(lrs, student, capsys):
    answers(student, 3)
    call_command("lrs_forward")
    assert "Sent 3 statement(s) in 1 batch(es); 0 refused." in capsys.readouterr().out
    answers(student, 1)
    lrs.script = [503]
    with pytest.raises(CommandError, match="HTTP 503"):
        call_command("lrs_forward")
    call_command("lrs_forward")
    assert "Paused after a failure" in capsys.readouterr().out


def test_the_command_says_when_forwarding_is_off(capsys):
    call_command("lrs_forward")
    assert "LRS forwarding is off" in capsys.readouterr().out
    assert outbox_send(now=timezone.now()).skipped == "disabled"


def test_nothing_answers_at_all(settings, student):
    """A port nobody listens on: no answer, the relay pauses, nothing is lost."""
    settings.PATHWISE_LRS_ENDPOINT = "http://127.0.0.1:9/xAPI/"
    answers(student, 2)
    report = outbox_send(now=timezone.now())
    assert report.failed and report.error.startswith("no answer")
    assert LrsStatement.objects.filter(status="pending").count() == 2


def test_the_command_schedules_the_worker(lrs, student, capsys, django_capture_on_commit_callbacks):
    """``--schedule`` queues the relay task; the Immediate backend (tests, development) runs
    it at once and, unable to defer, schedules no chain after it."""
    answers(student, 2)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("lrs_forward", schedule=True)
    assert "Scheduled" in capsys.readouterr().out
    assert LrsStatement.objects.filter(status="sent").count() == 2
    assert relay_state().wake_at is None
