"""Prepared statements for the few hand-written statements every student request runs.

Django's PostgreSQL cursors bind parameters on the client, so PostgreSQL plans every
statement at every call; for a statement of several subqueries, planning is most of its
cost (the dashboard's key: about 0.7 ms planning against 0.15 ms running). ``cursor(db)``
gives a cursor that binds on the server and has psycopg prepare each statement once per
connection (psycopg keeps them, and forgets them with the connection), wrapped by Django
as any cursor (its errors, its transaction checks). Django's usual cursor instead: on
SQLite; while Django logs queries (``DEBUG``, or a test's ``CaptureQueriesContext``), so
the log shows each statement with its values as for every other query (the rows are the
same either way: ``tests/core/test_prepared.py``); and with
``DJANGO_PG_PREPARED_STATEMENTS=false``, for a pooler that cannot keep prepared
statements (PgBouncer before 1.21, or with ``max_prepared_statements = 0``).
"""

from functools import cache

from django.conf import settings


def cursor(db):
    if (
        db.vendor != "postgresql"
        or not settings.PATHWISE_PG_PREPARED_STATEMENTS
        or db.queries_logged
    ):
        return db.cursor()
    db.ensure_connection()
    if db.connection.prepare_threshold is None:  # Django turns psycopg's preparing off;
        db.connection.prepare_threshold = 2**31  # on again, for prepare=True only
    with db.wrap_database_errors:
        return db._prepare_cursor(_prepared_cursor_class()(db.connection))


@cache
def _prepared_cursor_class():
    import psycopg  # only with PostgreSQL

    class PreparedCursor(psycopg.Cursor):
        """Server-side binding, every statement prepared."""

        def execute(self, query, params=None, *, prepare=None, binary=None):
            return super().execute(query, params, prepare=True, binary=binary)

    return PreparedCursor
