"""The LRS outbox's admin page: the backlog and the last error, "Send now", "Queue again"."""

import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from progress.interop.lrs.relay import outbox_send, relay_state
from progress.interop.models import LrsStatement
from progress.practice.answers import attempt_record
from tests import factories

pytestmark = pytest.mark.django_db
PAGE = reverse("admin:progress_lrsstatement_changelist")
SEND_NOW = reverse("admin:progress_lrsstatement_send_now")


def answers(learner, count):
    question = factories.QuestionFactory()
    for i in range(count):
        attempt_record(
            learner=learner,
            question=question,
            response=factories.answer_for(question),
            client_token=uuid.uuid4(),
            now=timezone.now() - timedelta(minutes=30 - i),
        )


def test_the_page_says_forwarding_is_off(login, admin_user):
    html = login(admin_user).get(PAGE).content.decode()
    assert 'id="lrs-off"' in html and "DJANGO_LRS_ENDPOINT" in html


def test_the_page_shows_the_backlog_and_the_last_error(login, admin_user, student, settings):
    settings.PATHWISE_LRS_ENDPOINT = "http://127.0.0.1:9/xAPI/"  # nobody answers
    settings.PATHWISE_LRS_USERNAME, settings.PATHWISE_LRS_PASSWORD = "pw", "hunter2-secret"
    answers(student, 4)
    outbox_send(now=timezone.now())
    html = login(admin_user).get(PAGE).content.decode()
    assert '<td id="lrs-endpoint">http://127.0.0.1:9/xAPI/</td>' in html
    assert "4 waiting (4 due now; oldest queued" in html
    assert "no answer" in html.split('id="lrs-last-error"')[1].split("</td>")[0]
    assert "Paused after 1 failed send" in html
    assert "hunter2-secret" not in html
    assert html.count('<tr class="') >= 4  # the statements are listed


def test_send_now_lifts_the_pause_and_sends(
    login, admin_user, student, scripted_lrs, django_capture_on_commit_callbacks
):
    answers(student, 3)
    scripted_lrs.script = [503]
    outbox_send(now=timezone.now())
    assert relay_state().paused_until is not None
    client = login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):  # the Immediate tasks backend
        response = client.post(SEND_NOW)
    assert response.status_code == 302 and response["Location"] == PAGE
    assert LrsStatement.objects.filter(status="sent").count() == 3
    assert relay_state().paused_until is None
    assert "Sending now" in client.get(PAGE).content.decode()


def test_refused_statements_can_be_queued_again(login, admin_user, student, settings):
    settings.PATHWISE_LRS_ENDPOINT = "http://127.0.0.1:9/xAPI/"
    answers(student, 2)
    LrsStatement.objects.update(status=LrsStatement.Status.REJECTED, last_error="HTTP 400: no")
    ids = [str(pk) for pk in LrsStatement.objects.values_list("pk", flat=True)]
    response = login(admin_user).post(
        PAGE, {"action": "requeue", "_selected_action": ids}, follow=True
    )
    assert "2 refused statement(s) queued again." in response.content.decode()
    assert set(LrsStatement.objects.values_list("status", flat=True)) == {"pending"}


def test_staff_without_the_permission_cannot_send_or_see(client, login, teacher, student):
    teacher.is_staff = True
    teacher.save()
    assert login(teacher).get(PAGE).status_code == 403
    assert client.post(SEND_NOW).status_code == 403
    client.logout()
    response = client.post(SEND_NOW)
    assert response.status_code == 302 and "login/" in response["Location"]


def test_the_page_costs_the_same_whatever_the_backlog(login, admin_user, student, settings):
    settings.PATHWISE_LRS_ENDPOINT = "http://127.0.0.1:9/xAPI/"
    client = login(admin_user)
    answers(student, 3)
    with CaptureQueriesContext(connection) as small:
        assert client.get(PAGE).status_code == 200
    answers(student, 40)
    with CaptureQueriesContext(connection) as large:
        assert client.get(PAGE).status_code == 200
    # session, user, six status reads (see lrs.selectors), the list page's own queries
    assert len(large) == len(small) <= 16, "\n".join(q["sql"] for q in large.captured_queries)
