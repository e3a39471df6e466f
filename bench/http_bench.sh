#!/usr/bin/env bash
# HTTP throughput of Pathwise under gunicorn, measured with wrk on loopback.
#
#   bench/http_bench.sh                     # the SQLite file made by bench/seed_scale.py
#   DATABASE_URL=postgres://... bench/http_bench.sh
#
# Seed first: .venv/bin/python bench/seed_scale.py [--database-url URL]
# Starts gunicorn (config.wsgi, 2 x cores sync workers, production settings), logs in a
# teacher and 8 bulk learners over HTTP, then runs `wrk -t2 -c8 -d10s` against /healthz
# (the floor: no database, no template), the student dashboard, the student progress
# page, the class dashboard and the answer POST (bench/wrk/answer.lua). Prints req/s,
# p50, p99 and the ratio to the floor, and writes the table under bench/results/.
# Every run ends by itself; gunicorn is stopped on exit (trap).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
PY=${PY:-$ROOT/.venv/bin/python}
PORT=${PORT:-8765}
BASE="http://127.0.0.1:$PORT"
DURATION=${DURATION:-10s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-8}
CORES=$(nproc)
WORKERS=${WORKERS:-$((2 * CORES))}
RESULTS="$ROOT/bench/results"
mkdir -p "$RESULTS"

export DATABASE_URL=${DATABASE_URL:-sqlite:///$RESULTS/bench.sqlite3}
export DJANGO_DEBUG=false
export DJANGO_SECRET_KEY=${DJANGO_SECRET_KEY:-bench-only-secret-key-not-for-production-0123456789}
export DJANGO_ALLOWED_HOSTS=127.0.0.1
export DJANGO_SECURE_SSL_REDIRECT=false
export DJANGO_SECURE_HSTS_SECONDS=0

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
[[ -x "$ROOT/.venv/bin/gunicorn" ]] || { echo "gunicorn is missing: pip install -r requirements.txt" >&2; exit 1; }
case "$DATABASE_URL" in
  sqlite:*) [[ -f "${DATABASE_URL#sqlite://}" ]] || {
    echo "No bench database at ${DATABASE_URL#sqlite://}: run bench/seed_scale.py first" >&2; exit 1; } ;;
esac
DB_KIND=${DATABASE_URL%%:*}

GUNICORN_PID=""
cleanup() {
  if [[ -n "$GUNICORN_PID" ]] && kill -0 "$GUNICORN_PID" 2>/dev/null; then
    kill -TERM "$GUNICORN_PID" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$GUNICORN_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$GUNICORN_PID" 2>/dev/null || true
  fi
}
trap cleanup EXIT INT TERM

echo "Preparing answer sessions..." >&2
FIXTURES=$(timeout 120 "$PY" bench/seed_scale.py http-fixtures --sessions 8)

"$ROOT/.venv/bin/gunicorn" config.wsgi --workers "$WORKERS" --worker-class sync \
  --bind "127.0.0.1:$PORT" --timeout 30 --log-level warning \
  --error-logfile "$RESULTS/gunicorn-$DB_KIND.log" &
GUNICORN_PID=$!
for _ in $(seq 100); do
  curl -fsS "$BASE/healthz" >/dev/null 2>&1 && break
  kill -0 "$GUNICORN_PID" 2>/dev/null || { echo "gunicorn died; see $RESULTS/gunicorn-$DB_KIND.log" >&2; exit 1; }
  sleep 0.2
done

# Log in over HTTP. The cookies are Secure (DEBUG is off) so curl would not send them
# back over http; a few lines of Python read Set-Cookie and pass them on by hand.
echo "Logging in..." >&2
LOGINS=$(FIXTURES="$FIXTURES" BASE="$BASE" timeout 120 "$PY" - <<'PYEOF'
import http.client, json, os, re, urllib.parse

base = urllib.parse.urlsplit(os.environ["BASE"])
fixtures = json.loads(os.environ["FIXTURES"])

def cookies_of(response):
    out = {}
    for name, value in response.getheaders():
        if name.lower() == "set-cookie":
            k, v = value.split(";", 1)[0].split("=", 1)
            out[k] = v
    return out

def login(username):
    conn = http.client.HTTPConnection(base.hostname, base.port, timeout=30)
    conn.request("GET", "/accounts/login/")
    r = conn.getresponse()
    page = r.read().decode()
    jar = cookies_of(r)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode(
        {"username": username, "password": "pathwise-demo", "csrfmiddlewaretoken": token}
    )
    conn.request("POST", "/accounts/login/", body, {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": f"csrftoken={jar['csrftoken']}",
    })
    r = conn.getresponse()
    r.read()
    jar.update(cookies_of(r))
    if r.status != 302 or "sessionid" not in jar:
        raise SystemExit(f"login of {username} failed: HTTP {r.status}")
    cookie = f"sessionid={jar['sessionid']}; csrftoken={jar['csrftoken']}"
    return cookie, jar["csrftoken"]

teacher_cookie, _ = login("teacher")
answers = []
for item in fixtures["learners"]:
    cookie, csrf = login(item["username"])
    answers.append(f"{item['session']}|{item['question']}|{item['choice']}|{cookie}|{csrf}")
print(json.dumps({
    "classroom": fixtures["classroom"],
    "teacher_cookie": teacher_cookie,
    "student_cookie": answers[0].split("|")[3],
    "answers": ",".join(answers),  # cookies hold ";" but never ","
    "sessions": [i["session"] for i in fixtures["learners"]],
}))
PYEOF
)
field() { "$PY" -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$LOGINS" "$1"; }
CLASS_ID=$(field classroom)
TEACHER_COOKIE=$(field teacher_cookie)
STUDENT_COOKIE=$(field student_cookie)
export BENCH_ANSWERS
BENCH_ANSWERS=$(field answers)

TABLE="$RESULTS/http-$DB_KIND-$(date -u +%Y%m%dT%H%M%SZ).md"
{
  echo "| endpoint | req/s | p50 ms | p99 ms | requests | HTTP errors | vs floor |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
} >"$TABLE"
FLOOR=""

run() {  # run NAME PATH COOKIE [lua script]
  local name=$1 path=$2 cookie=$3 script=${4:-bench/wrk/report.lua}
  if [[ "$script" == bench/wrk/report.lua ]]; then
    local status
    status=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "$BASE$path")
    if [[ "$status" != 200 ]]; then
      echo "| $name \`$path\` | not available (HTTP $status) | | | | | |" >>"$TABLE"
      echo "skip $name: $path answered HTTP $status" >&2
      return
    fi
  fi
  local args=(-t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 10s -s "$script")
  [[ -n "$cookie" ]] && args+=(-H "Cookie: $cookie")
  local line
  line=$(timeout 60 wrk "${args[@]}" "$BASE$path" | grep '^RESULT' || true)
  [[ -n "$line" ]] || { echo "| $name | wrk failed | | | | | |" >>"$TABLE"; return; }
  read -r _ rps p50 p99 requests http_errors socket_errors <<<"$line"
  [[ -z "$FLOOR" ]] && FLOOR=$rps
  local ratio
  ratio=$(awk -v a="$rps" -v b="$FLOOR" 'BEGIN { printf "%.3f", a / b }')
  echo "| $name \`$path\` | $rps | $p50 | $p99 | $requests | $http_errors | $ratio |" >>"$TABLE"
  echo "$name: $rps req/s, p50 $p50 ms, p99 $p99 ms ($requests requests, $http_errors HTTP errors, $socket_errors socket errors)" >&2
}

run "floor" "/healthz" ""
run "student dashboard" "/practice/" "$STUDENT_COOKIE"
run "student progress" "/progress/" "$STUDENT_COOKIE"
run "class dashboard" "/teach/classes/$CLASS_ID/" "$TEACHER_COOKIE"
ANSWERS_BEFORE=$("$PY" manage.py shell -v0 -c "from progress.models import Attempt; print(Attempt.objects.count())" 2>/dev/null)
run "answer POST" "/practice/sessions/0/answer/" "" bench/wrk/answer.lua
ANSWERS_AFTER=$("$PY" manage.py shell -v0 -c "from progress.models import Attempt; print(Attempt.objects.count())" 2>/dev/null)

echo >>"$TABLE"
echo "gunicorn $WORKERS sync workers, wrk -t$THREADS -c$CONNECTIONS -d$DURATION, $DB_KIND, $CORES cores;" \
  "answer POSTs stored $((ANSWERS_AFTER - ANSWERS_BEFORE)) new attempts." >>"$TABLE"
cat "$TABLE"
echo "(written to $TABLE)" >&2
