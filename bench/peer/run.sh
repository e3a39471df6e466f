#!/usr/bin/env bash
# Pathwise side by side with Kolibri 0.19.5 on this machine (issue 19): see
# docs/performance.md, "Side by side with Kolibri".
#
#   bench/peer/run.sh                          # SQLite and PostgreSQL, 2 rounds, 10 s phases
#   bench/peer/run.sh --dbs sqlite --rounds 1  # quicker
#   bench/peer/run.sh --help
#
# Builds Kolibri's own venv (Python 3.11, pip install kolibri==0.19.5) under
# bench/results/peer/ the first time, then runs bench/peer/peer.py, which seeds both sides
# fresh, serves both with gunicorn (2 sync workers each) on loopback, runs interleaved wrk
# phases and writes the table under bench/results/peer/. PostgreSQL runs in a private
# throwaway cluster that is removed at the end. Everything stops by itself.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
RESULTS="$ROOT/bench/results/peer"
KOLIBRI_VENV=${KOLIBRI_VENV:-$RESULTS/kolibri-venv}
PY311=${PY311:-$(command -v python3.11 || true)}

die() { echo "bench/peer: $*" >&2; exit 1; }
command -v wrk >/dev/null || die "wrk is missing: apt-get install -y wrk"
command -v python3 >/dev/null || die "python3 is missing"
[[ -x "$ROOT/.venv/bin/gunicorn" ]] || die "Pathwise's .venv is missing or has no gunicorn: run make setup-dev"
[[ -n "$PY311" ]] || die "Kolibri 0.19.5 needs Python 3.11 (python3.11 not found; set PY311=/path/to/python3.11)"
"$PY311" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' || die "$PY311 is not Python 3.11"

mkdir -p "$RESULTS"
if ! "$KOLIBRI_VENV/bin/python" -c 'import kolibri, gunicorn, psycopg2' >/dev/null 2>&1 \
  || [[ "$("$KOLIBRI_VENV/bin/python" -c 'import kolibri; print(kolibri.__version__)' 2>/dev/null)" != 0.19.5 ]]; then
  echo "Building Kolibri's venv in $KOLIBRI_VENV (pip install kolibri==0.19.5)..." >&2
  rm -rf "$KOLIBRI_VENV"
  "$PY311" -m venv "$KOLIBRI_VENV"
  "$KOLIBRI_VENV/bin/pip" install --quiet --disable-pip-version-check \
    -r "$ROOT/bench/peer/kolibri-requirements.txt" >"$RESULTS/kolibri-pip.log" 2>&1 \
    || die "pip install of Kolibri failed; see $RESULTS/kolibri-pip.log"
fi

export KOLIBRI_VENV
exec python3 "$ROOT/bench/peer/peer.py" "$@"
