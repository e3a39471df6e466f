"""gunicorn settings for Pathwise: `gunicorn -c config/gunicorn.py config.wsgi`.

Every value can be changed from the environment (GUNICORN_*), so the same file serves
`make serve`, the load test and a production unit file.
"""

import multiprocessing
import os

# Sync workers: each handles one request at a time, so 2 x cores + 1 keeps the CPUs busy
# while some workers wait on the database. Capped: every worker holds a database
# connection (CONN_MAX_AGE) and its own memory.
MAX_WORKERS = int(os.environ.get("GUNICORN_MAX_WORKERS", "8"))
workers = int(
    os.environ.get("GUNICORN_WORKERS", min(2 * multiprocessing.cpu_count() + 1, MAX_WORKERS))
)
worker_class = "sync"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# A request that takes longer than this is killed and logged: nothing here should.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = 5  # seconds; behind a load balancer that reuses connections

# Recycle workers now and then so a slow leak never becomes an outage.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10

# Access log to stdout ("-"), errors to stderr; GUNICORN_ACCESSLOG="" turns it off.
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'

# Heartbeat files in memory, not on a possibly slow disk.
_SHM = "/dev/shm"  # noqa: S108 - a tmpfs for heartbeats, not a shared temp file
worker_tmp_dir = _SHM if os.path.isdir(_SHM) else None
proc_name = "pathwise"
