"""Pathwise settings: one module, configured from the environment with django-environ.

Every variable is ``DJANGO_``-prefixed except the conventional ``DATABASE_URL``.
Development is opt-in (``DJANGO_DEBUG=true``); without it the settings are production
settings and refuse to start without a real secret key.
"""

from pathlib import Path
from urllib.parse import unquote, urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from core.languages import canonical_language_tag

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)

_DEV_SECRET_KEY = "django-insecure-dev-only-key-never-use-in-production-2f7c1a9e"  # noqa: S105
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Production needs a long random secret key "
            "(for development set DJANGO_DEBUG=true to use a throwaway key)."
        )
    SECRET_KEY = _DEV_SECRET_KEY

ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS",
    default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else [],
)
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "DJANGO_ALLOWED_HOSTS is empty. List the host names Pathwise is served under, "
        "comma separated (for example: pathwise.example.org)."
    )
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Django's admin, with delete pages that name no learner (core/admin_site.py).
    "core.apps.PathwiseAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "core",
    "accounts",
    "learning",
    "progress",
    "achievements",
    "demo",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files straight from gunicorn: compressed, far-future cached when hashed.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Database down -> a friendly 503 page with Retry-After, before anything reads a session.
    "core.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The interface language: the language cookie, else the browser's Accept-Language
    # (accounts.languages.UserLanguageMiddleware then applies a signed-in user's choice).
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Recognises a returning guest by their signed cookie before logins are required.
    "accounts.guests.GuestMiddleware",
    # A signed-in user's saved language (profile or switcher) wins over the browser's.
    "accounts.languages.UserLanguageMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Cache-Control: private for signed-in users, no-store for re-shown forms (core/caching).
    "core.caching.PrivateCacheMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# Databases ---------------------------------------------------------------------------------
# SQLite file in the project unless DATABASE_URL says otherwise. WAL lets readers proceed
# while one writer commits; IMMEDIATE transactions take the write lock up front so two
# concurrent answers queue instead of failing with "database is locked".
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
CONN_MAX_AGE = env.int("DJANGO_CONN_MAX_AGE", default=600)
# The few statements every student page runs are prepared on PostgreSQL (planned once per
# connection; progress/reports/sql.py). Off for a pooler that cannot keep prepared
# statements (PgBouncer before 1.21, or max_prepared_statements = 0).
PATHWISE_PG_PREPARED_STATEMENTS = env.bool("DJANGO_PG_PREPARED_STATEMENTS", default=True)
for _db in DATABASES.values():
    # A unix-socket directory as host arrives percent-encoded (postgres://u@%2Frun%2Fpg/db).
    _db["HOST"] = unquote(_db.get("HOST") or "")
    _db["CONN_MAX_AGE"] = CONN_MAX_AGE
    _db["CONN_HEALTH_CHECKS"] = True
    if _db["ENGINE"] == "django.db.backends.sqlite3":
        _db.setdefault("OPTIONS", {}).update(
            {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA foreign_keys=ON;"
                    "PRAGMA busy_timeout=20000;"
                ),
            }
        )

# Read replica (docs/operations.md): when DATABASE_REPLICA_URL is set, pages marked with
# core.db.replica_reads read from it; writes, the answer path and any read inside a
# transaction stay on "default". Tests point it at the test database (MIRROR).
_REPLICA_URL = env.str("DATABASE_REPLICA_URL", default="")
if _REPLICA_URL:
    _replica = env.db_url_config(_REPLICA_URL)
    if _replica["ENGINE"] != DATABASES["default"]["ENGINE"]:
        raise ImproperlyConfigured(
            "DATABASE_REPLICA_URL must use the same database engine as DATABASE_URL "
            "(a replica of the primary)."
        )
    _replica["HOST"] = unquote(_replica.get("HOST") or "")
    _replica["CONN_MAX_AGE"] = CONN_MAX_AGE
    _replica["CONN_HEALTH_CHECKS"] = True
    _replica["OPTIONS"] = DATABASES["default"].get("OPTIONS", {})
    _replica["TEST"] = {"MIRROR": "default"}
    DATABASES["replica"] = _replica
    DATABASE_ROUTERS = ["config.routers.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Authentication ----------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Guest learners (docs/guests.md) --------------------------------------------------------------
# A guest who has not been seen for this many days is removed with their data (purge_guests).
PATHWISE_GUEST_RETENTION_DAYS = env.int("DJANGO_GUEST_RETENTION_DAYS", default=30)
if PATHWISE_GUEST_RETENTION_DAYS < 1:
    raise ImproperlyConfigured("DJANGO_GUEST_RETENTION_DAYS must be at least 1 (days).")
# Guests one client address may create per hour (a cache counter; 0 turns guests off).
PATHWISE_GUEST_CREATE_LIMIT = env.int("DJANGO_GUEST_CREATE_LIMIT", default=20)
if PATHWISE_GUEST_CREATE_LIMIT < 0:
    raise ImproperlyConfigured("DJANGO_GUEST_CREATE_LIMIT must be 0 or more (guests per hour).")
PATHWISE_GUEST_COOKIE_NAME = "pathwise_guest"
PATHWISE_GUEST_COOKIE_AGE = 60 * 60 * 24 * 365  # seconds; the purge is the real limit
PATHWISE_GUEST_COOKIE_SECURE = not DEBUG

# Throttling (accounts/throttling.py, docs/security.md) ----------------------------------------
# Counters (logins, resets, join codes, guest creation) live in the "throttle" cache,
# which must be shared by every worker of every server or each counts alone. The default
# is Django's database cache in the table below (`manage.py createcachetable` creates it;
# `make run`, scripts/serve and the tests do): no extra service. A Redis or Memcached URL
# works too (DJANGO_THROTTLE_CACHE_URL). `check --deploy` warns when it is not shared.
PATHWISE_THROTTLE_CACHE_TABLE = "pathwise_cache"
CACHES = {
    # Per process: the curriculum lists, the kept student pages (one dashboard and one
    # progress body per learner, 10-30 KB each) and the site frame. Past MAX_ENTRIES the
    # oldest third goes (a miss only rebuilds a page).
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": env.int("DJANGO_PAGE_CACHE_ENTRIES", default=3000)},
    },
    "throttle": env.cache_url(
        "DJANGO_THROTTLE_CACHE_URL", default=f"dbcache://{PATHWISE_THROTTLE_CACHE_TABLE}"
    ),
}
PATHWISE_THROTTLE_CACHE = "throttle"


def _at_least_one(variable: str, default: int) -> int:
    value = env.int(variable, default=default)
    if value < 1:
        raise ImproperlyConfigured(f"{variable} must be at least 1 (got {value}).")
    return value


PATHWISE_LOGIN_FAILURES_PER_ACCOUNT = _at_least_one("DJANGO_LOGIN_FAILURES_PER_ACCOUNT", 5)
# Generous: a whole class often shares one school address.
PATHWISE_LOGIN_FAILURES_PER_ADDRESS = _at_least_one("DJANGO_LOGIN_FAILURES_PER_ADDRESS", 50)
PATHWISE_LOGIN_LOCKOUT_MINUTES = _at_least_one("DJANGO_LOGIN_LOCKOUT_MINUTES", 15)
PATHWISE_PASSWORD_RESETS_PER_EMAIL = _at_least_one("DJANGO_PASSWORD_RESETS_PER_EMAIL", 3)
PATHWISE_PASSWORD_RESETS_PER_ADDRESS = _at_least_one("DJANGO_PASSWORD_RESETS_PER_ADDRESS", 20)
PATHWISE_JOIN_CODE_FAILURES_PER_USER = _at_least_one("DJANGO_JOIN_CODE_FAILURES_PER_USER", 10)
PATHWISE_JOIN_CODE_FAILURES_PER_ADDRESS = _at_least_one("DJANGO_JOIN_CODE_FAILURES_PER_ADDRESS", 30)

# Client addresses (accounts/addresses.py): X-Forwarded-For is believed only from proxies we
# run. DJANGO_TRUSTED_PROXIES is how many sit in front (each appends one entry); 1 by
# default behind the TLS proxy, 0 otherwise (REMOTE_ADDR is the client).
BEHIND_TLS_PROXY = env.bool("DJANGO_BEHIND_TLS_PROXY", default=False)
PATHWISE_TRUSTED_PROXIES = env.int("DJANGO_TRUSTED_PROXIES", default=1 if BEHIND_TLS_PROXY else 0)
if PATHWISE_TRUSTED_PROXIES < 0:
    raise ImproperlyConfigured("DJANGO_TRUSTED_PROXIES must be 0 or more (proxies in front).")

# Internationalisation ----------------------------------------------------------------------
LANGUAGE_CODE = "en"
# The interface languages (docs/i18n.md). English is the default and the source language;
# the catalogs live in locale/ and are compiled by `make setup` (the .mo files are not kept).
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# One date style everywhere (core/formats/<lang>/formats.py); templates use the named formats.
FORMAT_MODULE_PATH = "core.formats"
TIME_ZONE = env.str("DJANGO_TIME_ZONE", default="UTC")
# The language content is written in unless a subject says otherwise (a BCP 47 tag: en, es,
# fr-CA). New subjects start with it; xAPI statements and exports carry each question's own.
_CONTENT_LANGUAGE = env.str("DJANGO_CONTENT_LANGUAGE", default="en")
PATHWISE_CONTENT_LANGUAGE = canonical_language_tag(_CONTENT_LANGUAGE) or ""
if not PATHWISE_CONTENT_LANGUAGE:
    raise ImproperlyConfigured(
        f"DJANGO_CONTENT_LANGUAGE={_CONTENT_LANGUAGE!r} is not a language tag. Use a BCP 47 "
        "tag such as en, es or fr-CA."
    )
# Default timezone for new student profiles (a student picks their own on the profile page).
PATHWISE_DEFAULT_LEARNER_TIMEZONE = env.str(
    "DJANGO_DEFAULT_LEARNER_TIMEZONE", default="Europe/London"
)
USE_I18N = True
USE_TZ = True

# Static files ------------------------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
# collectstatic writes hashed names and .gz copies; WhiteNoise serves them with a one-year
# immutable Cache-Control. Development (DEBUG) serves the source files unhashed.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")

# Email -------------------------------------------------------------------------------------
# Development prints emails to the console; production sends through SMTP (a local MTA on
# port 25 unless DJANGO_EMAIL_HOST points elsewhere).
if DEBUG and not env.str("DJANGO_EMAIL_HOST", default=""):
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env.str("DJANGO_EMAIL_HOST", default="localhost"),
                "port": env.int("DJANGO_EMAIL_PORT", default=25),
                "username": env.str("DJANGO_EMAIL_USER", default=""),
                "password": env.str("DJANGO_EMAIL_PASSWORD", default=""),
                "use_tls": env.bool("DJANGO_EMAIL_USE_TLS", default=False),
                "timeout": 10,
            },
        }
    }
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="Pathwise <noreply@localhost>")

# Background tasks --------------------------------------------------------------------------
# "immediate" runs a task inside the request that enqueues it (development and tests);
# "database" queues it in the database for `manage.py db_worker` (django-tasks-db).
_TASK_BACKENDS = {
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
_TASKS_BACKEND = env.str("DJANGO_TASKS_BACKEND", default="immediate")
if _TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"DJANGO_TASKS_BACKEND={_TASKS_BACKEND!r} is not known. Use one of: "
        + ", ".join(_TASK_BACKENDS)
        + "."
    )
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[_TASKS_BACKEND]}}

# Exports and xAPI ----------------------------------------------------------------------------
# Export files are deleted this many hours after they are built (purge_exports).
# Offline sync (/api/v1/attempts/batch): answers older than this many days, or from before
# the account existed, are refused (docs/exports-and-api.md).
PATHWISE_OFFLINE_WINDOW_DAYS = env.int("DJANGO_OFFLINE_WINDOW_DAYS", default=30)
if not 1 <= PATHWISE_OFFLINE_WINDOW_DAYS <= 366:
    raise ImproperlyConfigured("DJANGO_OFFLINE_WINDOW_DAYS must be between 1 and 366 days.")

PATHWISE_EXPORT_TTL_HOURS = env.int("DJANGO_EXPORT_TTL_HOURS", default=72)
if PATHWISE_EXPORT_TTL_HOURS < 1:
    raise ImproperlyConfigured("DJANGO_EXPORT_TTL_HOURS must be at least 1 (hours).")
# IRI prefix of xAPI actor home pages and activity ids: the public address of this site.
PATHWISE_LRS_ID_BASE = env.str("DJANGO_LRS_ID_BASE", default="https://pathwise.example.org")
if not PATHWISE_LRS_ID_BASE.startswith(("http://", "https://")):
    raise ImproperlyConfigured(
        "DJANGO_LRS_ID_BASE must be an http(s) address, e.g. https://pathwise.example.org."
    )
PATHWISE_LRS_ID_BASE = PATHWISE_LRS_ID_BASE.rstrip("/")
# Forwarding to an LRS (docs/exports-and-api.md, "LRS forwarding"): off unless an endpoint is
# set. The endpoint is the LRS's xAPI base (statements are POSTed to <endpoint>statements),
# with HTTP basic credentials. Answers, completed sessions and badges queue statements in an
# outbox; the tasks worker sends them in batches, backing off while the LRS fails.
PATHWISE_LRS_ENDPOINT = env.str("DJANGO_LRS_ENDPOINT", default="")
PATHWISE_LRS_USERNAME = env.str("DJANGO_LRS_USERNAME", default="")
PATHWISE_LRS_PASSWORD = env.str("DJANGO_LRS_PASSWORD", default="")
if PATHWISE_LRS_ENDPOINT:
    if not PATHWISE_LRS_ENDPOINT.startswith(("http://", "https://")):
        raise ImproperlyConfigured(
            "DJANGO_LRS_ENDPOINT must be the LRS's http(s) xAPI address, e.g. "
            "https://lrs.example.org/xAPI/."
        )
    PATHWISE_LRS_ENDPOINT = PATHWISE_LRS_ENDPOINT.rstrip("/") + "/"
    if bool(PATHWISE_LRS_USERNAME) != bool(PATHWISE_LRS_PASSWORD):
        raise ImproperlyConfigured(
            "Set both DJANGO_LRS_USERNAME and DJANGO_LRS_PASSWORD (the LRS's basic-auth "
            "credentials), or neither."
        )
PATHWISE_LRS_BATCH_SIZE = _at_least_one("DJANGO_LRS_BATCH_SIZE", 100)
PATHWISE_LRS_TIMEOUT_SECONDS = _at_least_one("DJANGO_LRS_TIMEOUT_SECONDS", 10)
# How often the worker looks for new statements, and the back-off after a failure: the
# first retry after DJANGO_LRS_RETRY_SECONDS, doubling up to DJANGO_LRS_MAX_BACKOFF_SECONDS.
PATHWISE_LRS_POLL_SECONDS = _at_least_one("DJANGO_LRS_POLL_SECONDS", 60)
PATHWISE_LRS_RETRY_SECONDS = _at_least_one("DJANGO_LRS_RETRY_SECONDS", 10)
PATHWISE_LRS_MAX_BACKOFF_SECONDS = _at_least_one("DJANGO_LRS_MAX_BACKOFF_SECONDS", 3600)
# Sent statements are deleted from the outbox after this many days (the LRS keeps them).
PATHWISE_LRS_KEEP_SENT_DAYS = _at_least_one("DJANGO_LRS_KEEP_SENT_DAYS", 30)

# The public address of the site: Open Badges credential ids, the issuer's did:web and every
# link a credential carries are built from it, never from a request's Host header (which a
# client chooses). Development defaults to runserver's address; `check --deploy` refuses a
# production deployment without it (achievements/credentials/checks.py).
_DEV_SITE_URL = "http://127.0.0.1:8000"
PATHWISE_SITE_URL_CONFIGURED = bool(env.str("DJANGO_SITE_URL", default=""))
PATHWISE_SITE_URL = env.str("DJANGO_SITE_URL", default="") or _DEV_SITE_URL
_site = urlsplit(PATHWISE_SITE_URL)
if (
    _site.scheme not in ("http", "https")
    or not _site.hostname
    or _site.username
    or _site.password
    or _site.path not in ("", "/")
    or _site.query
    or _site.fragment
):
    raise ImproperlyConfigured(
        f"DJANGO_SITE_URL={PATHWISE_SITE_URL!r} is not a site address. Give the scheme and "
        "host (and port, if any) the site is served under, with no path: "
        "https://pathwise.example.org"
    )
PATHWISE_SITE_URL = f"{_site.scheme}://{_site.netloc.lower()}"

# Open Badges signing (docs/achievements.md). The issuer's Ed25519 private key, as PEM text
# in DJANGO_OB_SIGNING_KEY or in the file DJANGO_OB_SIGNING_KEY_FILE (not both). Without
# either, development generates one into var/ (git-ignored) and production issues no
# credentials (`check --deploy` fails). Keys signed with earlier are listed, as their public
# keys (publicKeyMultibase, "z6Mk..."), in DJANGO_OB_RETIRED_KEYS: they stay published so
# credentials signed with them keep verifying.
PATHWISE_OB_SIGNING_KEY = env.str("DJANGO_OB_SIGNING_KEY", default="").replace("\\n", "\n")
PATHWISE_OB_SIGNING_KEY_FILE = env.str("DJANGO_OB_SIGNING_KEY_FILE", default="")
if PATHWISE_OB_SIGNING_KEY and PATHWISE_OB_SIGNING_KEY_FILE:
    raise ImproperlyConfigured(
        "Set DJANGO_OB_SIGNING_KEY or DJANGO_OB_SIGNING_KEY_FILE, not both: which key "
        "signs the credentials must not be a guess."
    )
PATHWISE_OB_DEV_KEY_FILE = BASE_DIR / "var" / "openbadges-signing-key.pem" if DEBUG else None
PATHWISE_OB_RETIRED_KEYS = env.list("DJANGO_OB_RETIRED_KEYS", default=[])
PATHWISE_OB_ISSUER_NAME = env.str("DJANGO_OB_ISSUER_NAME", default="Pathwise")
# Public verifications (page and JSON) one client address may run per minute.
PATHWISE_VERIFICATIONS_PER_MINUTE = _at_least_one("DJANGO_VERIFICATIONS_PER_MINUTE", 30)

# Security ----------------------------------------------------------------------------------
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# Load balancers probe the health checks over plain http inside the network: no redirect.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# `make serve` runs production settings over plain http on loopback: Secure cookies would
# never come back and HSTS would pin the browser to https. DJANGO_INSECURE_LOCAL_HTTP=true
# lifts both, and is refused unless every allowed host is a loopback name.
INSECURE_LOCAL_HTTP = env.bool("DJANGO_INSECURE_LOCAL_HTTP", default=False)
_LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}
if INSECURE_LOCAL_HTTP and not set(ALLOWED_HOSTS) <= _LOOPBACK_HOSTS:
    raise ImproperlyConfigured(
        "DJANGO_INSECURE_LOCAL_HTTP=true is only for serving on this machine: "
        "DJANGO_ALLOWED_HOSTS must list loopback names only (127.0.0.1, localhost)."
    )

if not DEBUG:
    SESSION_COOKIE_SECURE = not INSECURE_LOCAL_HTTP
    CSRF_COOKIE_SECURE = not INSECURE_LOCAL_HTTP
    PATHWISE_GUEST_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    if INSECURE_LOCAL_HTTP and SECURE_SSL_REDIRECT:
        raise ImproperlyConfigured(
            "DJANGO_INSECURE_LOCAL_HTTP=true needs DJANGO_SECURE_SSL_REDIRECT=false."
        )
    SECURE_HSTS_SECONDS = (
        0
        if INSECURE_LOCAL_HTTP
        else env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    )
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
    if BEHIND_TLS_PROXY:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Logging: warnings and errors to stderr, where gunicorn and systemd collect them.
# A database outage is one warning line per request (core/middleware.py), not a traceback.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"database_outage": {"()": "core.middleware.DropDatabaseOutageTracebacks"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"filters": ["database_outage"]}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="WARNING")},
}
