"""Real concurrency for the PostgreSQL tests: threads released at once, each on its own
database connection (SQLite serialises writers, so these tests skip there)."""

import threading

import pytest
from django.db import connection

POSTGRES_ONLY = "needs PostgreSQL (row locks and real concurrency); set DATABASE_URL"


@pytest.fixture
def postgresql_only(db):
    if connection.vendor != "postgresql":
        pytest.skip(POSTGRES_ONLY)


def run_together(count: int, work) -> list:
    """Run ``work(i)`` in ``count`` threads released at once; re-raise any thread's error;
    return each thread's result."""
    barrier = threading.Barrier(count, timeout=30)
    results, errors = [None] * count, []

    def target(i):
        try:
            barrier.wait()
            results[i] = work(i)
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)
        finally:
            connection.close()  # each thread has its own connection: give it back

    threads = [threading.Thread(target=target, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a thread is stuck (deadlock?)"
    if errors:
        raise errors[0]
    return results
