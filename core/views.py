"""Health endpoints for load balancers and orchestration: no login, no session, no template."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.db import DEFAULT_DB_ALIAS, DatabaseError, InterfaceError, OperationalError, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

_migration_nodes: set[tuple[str, str]] | None = None


def _migrations_on_disk() -> set[tuple[str, str]]:
    """The migrations this code ships with (read once per process: code does not change)."""
    global _migration_nodes
    if _migration_nodes is None:
        _migration_nodes = set(MigrationLoader(None, ignore_no_migrations=True).graph.nodes)
    return _migration_nodes


@login_not_required
@require_safe
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness for load balancers and the benchmark floor: no database, no template."""
    return HttpResponse("ok", content_type="text/plain")


@login_not_required
@require_safe
@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness: the database answers, every migration this code ships is applied, and
    the rate-limit counters' cache table exists (``createcachetable``).

    Three queries: ``SELECT 1``, the list of applied migrations, an empty read of the cache
    table (only when the throttle cache is the database cache). 200 when ready, 503 (with
    what failed) otherwise, so a load balancer stops sending traffic until it recovers:
    without the table every login would fail.
    """
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        applied = set(MigrationRecorder(connection).applied_migrations())
    except (OperationalError, InterfaceError) as exc:
        body = {"status": "unavailable", "database": f"unreachable ({type(exc).__name__})"}
        return JsonResponse(body, status=503, headers={"Retry-After": "30"})
    unapplied = sorted(f"{app}.{name}" for app, name in _migrations_on_disk() - applied)
    if unapplied:
        body = {"status": "unavailable", "database": "ok", "unapplied_migrations": unapplied}
        return JsonResponse(body, status=503, headers={"Retry-After": "30"})
    if not _cache_table_ready():
        body = {
            "status": "unavailable",
            "database": "ok",
            "cache_table": "missing: run manage.py createcachetable",
        }
        return JsonResponse(body, status=503, headers={"Retry-After": "30"})
    return JsonResponse({"status": "ok", "database": "ok", "migrations": "ok"})


def _cache_table_ready() -> bool:
    cache = caches[settings.PATHWISE_THROTTLE_CACHE]
    if not isinstance(cache, DatabaseCache):
        return True  # Redis, Memcached: nothing of ours to create
    connection = connections[DEFAULT_DB_ALIAS]
    table = connection.ops.quote_name(settings.CACHES[settings.PATHWISE_THROTTLE_CACHE]["LOCATION"])
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT 1 FROM {table} WHERE 1 = 0")  # noqa: S608 - a setting
    except DatabaseError:
        return False
    return True
