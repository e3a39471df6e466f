#!/usr/bin/env bash
# Load test: N simulated students practise against TWO gunicorn instances (two loopback
# ports) sharing one PostgreSQL, then the run is checked for consistency. See
# docs/load-test.md for what is measured and the figures.
#
#   bench/load/run.sh                       # 40 students, 60 s mix, floor/capacity at c=8
#   LEARNERS=80 DURATION=120 CONCURRENCY=16 bench/load/run.sh
#
# PostgreSQL: the dev server whose socket directory is PGHOST (default /tmp/pgdev); the
# database PGDATABASE (default pw_load) is dropped and recreated, migrated and seeded with
# `seed_demo --learners N`. Servers and the database are left as they were otherwise;
# both gunicorn instances are stopped on exit (trap).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
PY=${PY:-$ROOT/.venv/bin/python}
PGHOST=${PGHOST:-/tmp/pgdev}
PGDATABASE=${PGDATABASE:-pw_load}
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)}
LEARNERS=${LEARNERS:-40}
CONCURRENCY=${CONCURRENCY:-8}
DURATION=${DURATION:-60}
PHASE_SECONDS=${PHASE_SECONDS:-15}
WORKERS=${WORKERS:-3}   # per instance; two instances share the machine
PORTS=(${PORTS:-8101 8102})
RESULTS="$ROOT/bench/results"
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$RESULTS"

SOCKET=$("$PY" -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$PGHOST")
export DATABASE_URL="postgres://postgres@${SOCKET}/${PGDATABASE}"
export DJANGO_DEBUG=false
export DJANGO_SECRET_KEY=${DJANGO_SECRET_KEY:-load-test-only-secret-key-not-for-production-0123456789}
export DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost
export DJANGO_SECURE_SSL_REDIRECT=false
export DJANGO_INSECURE_LOCAL_HTTP=true
export DJANGO_STATIC_ROOT="$RESULTS/load-static"
export DJANGO_LOG_LEVEL=ERROR

echo "== database $PGDATABASE on $PGHOST (fresh), $LEARNERS students"
"$PGBIN/dropdb" -h "$PGHOST" -U postgres --if-exists "$PGDATABASE"
"$PGBIN/createdb" -h "$PGHOST" -U postgres "$PGDATABASE"
"$PY" manage.py migrate --no-input --verbosity 0
"$PY" manage.py createcachetable --verbosity 0  # the rate-limit counters (/readyz checks it)
"$PY" manage.py seed_demo --learners "$LEARNERS" >/dev/null
"$PY" manage.py collectstatic --no-input --verbosity 0
PASSWORD=$("$PY" -c 'from demo.content import DEMO_PASSWORD; print(DEMO_PASSWORD)')

PIDS=()
stop() {
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop EXIT INT TERM
SERVERS=()
for port in "${PORTS[@]}"; do
  GUNICORN_BIND="127.0.0.1:$port" GUNICORN_WORKERS=$WORKERS GUNICORN_ACCESSLOG="" \
    GUNICORN_LOGLEVEL=warning "$ROOT/.venv/bin/gunicorn" -c config/gunicorn.py \
    bench.load.reference:application \
    2>>"$RESULTS/load-gunicorn-$port.log" &
  PIDS+=($!)
  SERVERS+=("127.0.0.1:$port")
done
for port in "${PORTS[@]}"; do
  for _ in $(seq 100); do
    curl -fs "http://127.0.0.1:$port/readyz" >/dev/null && break
    sleep 0.2
  done
  curl -fs "http://127.0.0.1:$port/readyz" >/dev/null || { echo "server on $port not ready" >&2; exit 1; }
done

echo "== load: floor and capacity at c=$CONCURRENCY for ${PHASE_SECONDS}s each, mix of $LEARNERS students for ${DURATION}s"
"$PY" bench/load/practice_load.py \
  --servers "$(IFS=,; echo "${SERVERS[*]}")" \
  --learners "$LEARNERS" --concurrency "$CONCURRENCY" \
  --duration "$DURATION" --phase-seconds "$PHASE_SECONDS" \
  --password "$PASSWORD" --output "$RESULTS/load-$STAMP.json"
echo "Results: $RESULTS/load-$STAMP.json"
