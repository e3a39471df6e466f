"""core/prepared.py: on PostgreSQL the hand-written statements of the student pages and the
answer path are prepared once per connection, and read the same rows as Django's cursor."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core import prepared
from progress.metrics import sql as metrics_sql
from progress.models import LearnerStats
from progress.reports.sql import dashboard_versions
from tests import factories

pytestmark = pytest.mark.django_db
needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL (prepared statements); set DATABASE_URL",
)


def _reads(learner):
    stats, timezone_name, token = metrics_sql.stats_lock(learner_id=learner.pk, lock=False)
    columns = [getattr(stats, f.attname) for f in LearnerStats._meta.concrete_fields]
    versions = dashboard_versions(learner_id=learner.pk, now=timezone.now())
    return columns, timezone_name, token, versions


def _prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


@pytest.fixture
def learner(student, teacher):
    factories.ClassroomFactory(name="7B", teachers=[teacher], students=[student])
    LearnerStats.objects.create(learner=student, total_attempts=3, correct_attempts=2)
    return student


def test_the_same_rows_as_djangos_cursor(learner, settings):
    settings.PATHWISE_PG_PREPARED_STATEMENTS = True
    first = _reads(learner)
    again = _reads(learner)
    settings.PATHWISE_PG_PREPARED_STATEMENTS = False
    assert first == again == _reads(learner)
    assert first[0][1:4] == [learner.pk, 3, 2]
    assert "7B" in first[3][0][1]


@needs_postgresql
def test_prepared_once_per_connection(learner, settings):
    settings.PATHWISE_PG_PREPARED_STATEMENTS = True
    for _ in range(3):
        _reads(learner)
    statements = _prepared_statements()
    assert any("progress_learnerstats" in s and "FOR UPDATE" not in s for s in statements)
    assert any("progress_practicesession" in s for s in statements)
    _reads(learner)
    assert _prepared_statements() == statements  # kept, not prepared again


@needs_postgresql
def test_switched_off_nothing_is_prepared(learner, settings):
    settings.PATHWISE_PG_PREPARED_STATEMENTS = False
    before = _prepared_statements()
    _reads(learner)
    assert _prepared_statements() == before


def test_logged_queries_use_djangos_cursor_and_show_their_values(learner):
    with CaptureQueriesContext(connection) as captured:
        with prepared.cursor(connection) as cursor:
            assert type(cursor.cursor).__name__ != "PreparedCursor"
        _reads(learner)
    assert any(f"= {learner.pk}" in q["sql"] for q in captured.captured_queries)
