"""An outage is one clear log line per failed request, never a traceback (finding 14)."""

import logging

from django.db import OperationalError
from django.urls import reverse

from tests.test_health import database_down


def _records(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_a_request_failing_in_a_middleware_logs_one_line_without_traceback(login, student, caplog):
    client = login(student)
    client.raise_request_exception = False
    with caplog.at_level(logging.WARNING), database_down():
        # The session is read by the login middleware, before any view: Django turns the
        # error into its "Internal Server Error" traceback, which the 503 replaces.
        response = client.get(reverse("progress:dashboard"))
    assert response.status_code == 503
    records = _records(caplog)
    assert [(r.name, r.levelname) for r in records] == [("pathwise.availability", "WARNING")]
    assert records[0].getMessage() == (
        "Database unavailable on GET /practice/: connection to server failed: Connection refused"
    )
    assert records[0].exc_info is None
    assert "Internal Server Error" not in caplog.text and "Traceback" not in caplog.text


def test_a_view_failing_on_the_database_logs_one_line_too(login, student, monkeypatch, caplog):
    def refuse(**kwargs):
        raise OperationalError("server closed the connection unexpectedly\nThis probably...")

    monkeypatch.setattr("progress.reports.student_views.student_dashboard", refuse)
    client = login(student)
    with caplog.at_level(logging.WARNING):
        response = client.get(reverse("progress:dashboard"))
    assert response.status_code == 503
    assert [r.getMessage() for r in _records(caplog)] == [
        "Database unavailable on GET /practice/: server closed the connection unexpectedly"
    ]


def test_other_errors_keep_their_traceback(login, student, monkeypatch, caplog):
    def broken(**kwargs):
        raise ValueError("a bug, not an outage")

    monkeypatch.setattr("progress.reports.student_views.student_dashboard", broken)
    client = login(student)
    client.raise_request_exception = False
    with caplog.at_level(logging.WARNING):
        assert client.get(reverse("progress:dashboard")).status_code == 500
    errors = [r for r in _records(caplog) if r.name == "django.request"]
    assert len(errors) == 1 and errors[0].exc_info is not None
