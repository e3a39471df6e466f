"""Read replica routing: marked pages read from "replica", writes and the answer path don't.

The suite needs no real replica: the "replica" alias is added for this module and points at
the test database itself (what Django's TEST {"MIRROR": "default"} does), so both aliases
see the same rows and the assertions are about *which connection* ran each query.
"""

import uuid

import pytest
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from core.db import read_replica, replica_reads
from progress.models import Attempt
from tests.factories import PracticeSessionFactory, QuestionFactory, answer_post_data
from tests.test_settings import PRODUCTION_ENV, run_manage

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


@pytest.fixture(scope="module", autouse=True)
def replica_alias(django_db_setup, django_db_blocker):
    """A "replica" connection to the test database, as DATABASE_REPLICA_URL + MIRROR gives."""
    mirror = {**connections["default"].settings_dict, "TEST": {"MIRROR": "default"}}
    connections.settings["replica"] = mirror
    yield
    with django_db_blocker.unblock():
        connections["replica"].close()
    del connections["replica"]
    del connections.settings["replica"]


@pytest.fixture(autouse=True)
def router(settings):
    settings.DATABASE_ROUTERS = ["config.routers.ReplicaRouter"]


@pytest.fixture
def primary():
    with CaptureQueriesContext(connections["default"]) as queries:
        yield queries


@pytest.fixture
def replica():
    with CaptureQueriesContext(connections["replica"]) as queries:
        yield queries


def test_marked_reads_go_to_the_replica_and_writes_to_the_primary(primary, replica):
    with read_replica():
        User.objects.create(username="written-inside-the-mark")  # a write: primary
        assert User.objects.filter(username="written-inside-the-mark").exists()  # replica
    assert [q["sql"] for q in replica.captured_queries if "INSERT" in q["sql"]] == []
    assert any("INSERT" in q["sql"] for q in primary.captured_queries)
    assert len(replica.captured_queries) == 1
    assert 'FROM "accounts_user"' in replica.captured_queries[0]["sql"]


def test_unmarked_reads_stay_on_the_primary(primary, replica):
    assert not User.objects.exists()
    assert len(replica.captured_queries) == 0
    assert len(primary.captured_queries) == 1


def test_reads_inside_a_transaction_stay_on_the_primary(primary, replica):
    with read_replica(), transaction.atomic():
        User.objects.create(username="in-a-transaction")
        assert User.objects.filter(username="in-a-transaction").exists()
    assert len(replica.captured_queries) == 0


def test_a_streamed_response_keeps_reading_from_the_replica(rf, replica):
    from django.http import StreamingHttpResponse

    def rows():
        for user in User.objects.all():
            yield str(user.pk)

    @replica_reads
    def view(request):
        return StreamingHttpResponse(rows())

    response = view(rf.get("/"))
    assert len(replica.captured_queries) == 0  # nothing read until the body is sent
    b"".join(response.streaming_content)
    assert len(replica.captured_queries) == 1


def test_the_dashboard_reads_from_the_replica(client, student):
    client.force_login(student)
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        response = client.get(reverse("progress:dashboard"))
    assert response.status_code == 200
    assert len(replica.captured_queries) > 0
    # The primary only serves the session and the user, read by middleware before the view.
    tables = ['"django_session"', '"accounts_user"']
    on_primary = [q["sql"] for q in primary.captured_queries]
    assert len(on_primary) == 2
    assert all(any(t in sql for t in tables) for sql in on_primary), on_primary


def test_the_answer_post_and_its_feedback_page_stay_on_the_primary(client, student, replica):
    question = QuestionFactory()
    session = PracticeSessionFactory(learner=student, concept=question.concept)
    client.force_login(student)
    client.get(reverse("progress:session_question", args=[session.pk]))
    response = client.post(
        reverse("progress:session_answer", args=[session.pk]),
        answer_post_data(question, token=uuid.uuid4()),
        follow=True,
    )
    assert response.status_code == 200
    assert Attempt.objects.count() == 1
    assert replica.captured_queries == []


def test_teacher_pages_read_from_the_replica(client, teacher, classroom, replica):
    client.force_login(teacher)
    for name in ("class_dashboard", "item_analysis"):
        response = client.get(reverse(f"teach:{name}", args=[classroom.pk]))
        assert response.status_code == 200
    assert len(replica.captured_queries) > 0


def test_settings_add_the_replica_alias_and_router_only_when_asked():
    code = (
        "from django.conf import settings as s;"
        "print(sorted(s.DATABASES), s.DATABASES.get('replica', {}).get('TEST'),"
        " getattr(s, 'DATABASE_ROUTERS', []))"
    )
    plain = run_manage("shell", "-c", code, env=PRODUCTION_ENV)
    assert plain.stdout.strip().splitlines()[-1] == "['default'] None []", plain.stderr
    env = {
        **PRODUCTION_ENV,
        "DATABASE_URL": "sqlite:////tmp/pathwise-primary.sqlite3",
        "DATABASE_REPLICA_URL": "sqlite:////tmp/pathwise-replica.sqlite3",
    }
    with_replica = run_manage("shell", "-c", code, env=env)
    last = with_replica.stdout.strip().splitlines()[-1]
    assert last.startswith("['default', 'replica'] {'MIRROR': 'default'"), with_replica.stderr
    assert last.endswith("['config.routers.ReplicaRouter']")


def test_a_replica_on_another_engine_is_refused():
    env = {**PRODUCTION_ENV, "DATABASE_REPLICA_URL": "postgres://u@localhost/other"}
    result = run_manage("check", env={**env, "DATABASE_URL": "sqlite:////tmp/x.sqlite3"})
    assert result.returncode != 0
    assert "same database engine" in result.stderr
