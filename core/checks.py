"""Deploy checks: rate limits must hold site-wide (finding 5).

A per-process cache (local memory, dummy) gives each gunicorn worker its own counters, so
"5 wrong passwords" becomes 5 per worker (14 checked with 3 workers). A file cache is
shared by one machine's workers only. ``check --deploy`` says so.
"""

from django.conf import settings
from django.core.checks import Tags, Warning, register

PER_PROCESS = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)
PER_MACHINE = ("django.core.cache.backends.filebased.FileBasedCache",)


@register(Tags.security, Tags.caches, deploy=True)
def throttle_cache_is_shared(app_configs=None, **kwargs) -> list[Warning]:
    alias = getattr(settings, "PATHWISE_THROTTLE_CACHE", "throttle")
    backend = settings.CACHES.get(alias, {}).get("BACKEND", "")
    if backend in PER_PROCESS:
        scope = "each worker process"
    elif backend in PER_MACHINE:
        scope = "each server"
    else:
        return []
    return [
        Warning(
            f"The {alias!r} cache ({backend.rsplit('.', 1)[-1]}) is kept by {scope}: "
            "login, password-reset and join-code limits multiply by the number of workers.",
            hint="Unset DJANGO_THROTTLE_CACHE_URL to use the database cache (after "
            "`manage.py createcachetable`), or point it at Redis or Memcached.",
            id="pathwise.W001",
        )
    ]
