"""Time one page in process (Django test client, no HTTP): median and worst of N requests
and the number of SQL queries, for a user signed in with ``force_login``.

Usage::

    DATABASE_URL=... python bench/page_timing.py --user teacher --path /teach/classes/1/ [-n 5]

Run it against the same database from two checkouts to compare code (the figures in
``docs/performance.md`` and ``docs/screens.md`` were taken this way).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_DEBUG", "true")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--user", required=True)
    parser.add_argument("--path", required=True)
    parser.add_argument("-n", type=int, default=5)
    args = parser.parse_args()

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(SERVER_NAME="localhost")  # an allowed host in development settings
    client.force_login(get_user_model().objects.get(username=args.user))
    client.get(args.path)  # warm caches (templates, the curriculum version)
    times, size, queries = [], 0, 0
    for _ in range(args.n):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(args.path)
            times.append(1000 * (time.perf_counter() - start))
        assert response.status_code == 200, response.status_code
        size, queries = len(response.content), len(captured)
    print(
        f"{args.path}: median {statistics.median(times):.0f} ms, worst {max(times):.0f} ms, "
        f"{queries} queries, {size / 1024:.0f} KiB ({args.n} requests)"
    )


if __name__ == "__main__":
    main()
