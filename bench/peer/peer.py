"""Pathwise side by side with Kolibri 0.19.5: interleaved wrk phases, one table.

Run through ``bench/peer/run.sh`` (it checks the tools and builds Kolibri's venv first)::

    bench/peer/run.sh [--dbs sqlite,postgres] [--rounds 2] [--duration 10] [--workers 2]

For each database kind: seed both sides fresh, start both under gunicorn (same sync worker
count, loopback), log learners in, warm both up, then run the measures in interleaved
phases, A B / B A by round, so that the machine's drifting speed falls on both sides
alike. Each phase is one ``wrk`` run; before it and after it (plus a short settle, so
Kolibri's background notification thread has flushed) the CPU time of the side's gunicorn
master and workers is read from ``/proc/<pid>/stat``, and on PostgreSQL the CPU of the
whole private cluster (live and closed backends). Prints and writes (under
``bench/results/peer/``) a table of req/s, p50, p99 and CPU per request with the ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from kolibri_side import Kolibri
from procs import BenchError, Procs, tree_cpu_seconds
from report import render
from sides import ROOT, Pathwise

MEASURES = [("answer", 1), ("answer", 8), ("page", 1), ("page", 8)]


def wrk(port: int, load: dict, *, connections: int, duration: int) -> dict:
    threads = min(2, connections)
    env = {**os.environ, **load["env"]}
    argv = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration}s",
        "--timeout",
        "10s",
        "-s",
        load["script"],
        f"http://127.0.0.1:{port}{load['path']}",
    ]
    result = subprocess.run(
        argv, env=env, cwd=ROOT, capture_output=True, text=True, timeout=duration + 60, check=False
    )
    line = next((x for x in result.stdout.splitlines() if x.startswith("RESULT ")), None)
    if result.returncode != 0 or line is None:
        raise BenchError(f"wrk failed ({' '.join(argv)}): {result.stderr.strip()[-300:]}")
    _, rps, p50, p99, requests, http_errors, socket_errors = line.split()
    return {
        "rps": float(rps),
        "p50": float(p50),
        "p99": float(p99),
        "requests": int(requests),
        "http_errors": int(http_errors),
        "socket_errors": int(socket_errors),
    }


def phase(side, loads: dict, measure: str, connections: int, args, pg) -> dict:
    app_before = tree_cpu_seconds(side.proc.pid)
    db_before = pg.cpu_seconds() if pg else 0.0
    result = wrk(
        side.port, loads[side.name][measure], connections=connections, duration=args.duration
    )
    # Kolibri computes an answer's coach notifications in a thread of the worker every 5 s:
    # wait for it (on both sides alike) so that work is counted here and does not run
    # during the other side's next phase.
    time.sleep(args.settle if measure == "answer" else 0.5)
    # The server also finishes the one request each connection had in flight when wrk
    # stopped (the stored-answer counts show it), so CPU is shared over those too.
    result["served"] = result["requests"] + connections
    result["app_cpu"] = tree_cpu_seconds(side.proc.pid) - app_before
    result["db_cpu"] = (pg.cpu_seconds() - db_before) if pg else None
    if side.proc.poll() is not None:
        raise BenchError(f"{side.name} gunicorn exited during the {measure} phase; see {side.log}")
    return result


def run_database(db: str, args, procs: Procs, results: Path) -> dict:
    pg = procs.postgres() if db == "postgres" else None
    common = {
        "db": db,
        "pg": pg,
        "workers": args.workers,
        "results": results,
        "learners": args.learners,
    }
    print(f"[{db}] seeding Pathwise and Kolibri (fresh)...", file=sys.stderr)
    sides = [
        Pathwise(port=args.port, **common),
        Kolibri(port=args.port + 1, venv=args.kolibri_venv, **common),
    ]
    started = time.monotonic()
    for side in sides:
        side.prepare()
        side.start(procs)
    print(
        f"[{db}] both seeded and serving ({time.monotonic() - started:.0f} s); logging in...",
        file=sys.stderr,
    )
    loads = {side.name: side.workloads(args.sessions) for side in sides}
    for side in sides:  # warm both: per-worker caches, connections, first answers
        for measure in ("answer", "page"):
            wrk(side.port, loads[side.name][measure], connections=2, duration=args.warmup)
    stored_before = {side.name: side.stored_answers() for side in sides}
    answered = {side.name: 0 for side in sides}
    runs: dict = {}
    for rnd in range(args.rounds):
        order = sides if rnd % 2 == 0 else sides[::-1]
        for measure, connections in MEASURES:
            for side in order:
                r = phase(side, loads, measure, connections, args, pg)
                runs.setdefault((measure, connections, side.name), []).append(r)
                print(
                    f"[{db}] round {rnd + 1} {measure} c={connections} {side.name}:"
                    f" {r['rps']:.1f} req/s,"
                    f" p50 {r['p50']:.1f} ms, p99 {r['p99']:.1f} ms, app CPU {r['app_cpu']:.2f} s"
                    + (f", db CPU {r['db_cpu']:.2f} s" if pg else "")
                    + (f", {r['http_errors']} HTTP errors" if r["http_errors"] else ""),
                    file=sys.stderr,
                )
    for (measure, _, name), rs in runs.items():
        if measure == "answer":
            answered[name] += sum(r["served"] - r["http_errors"] for r in rs)
    stored = {side.name: side.stored_answers() - stored_before[side.name] for side in sides}
    for side in sides:
        procs.stop(side.proc)
    return {"runs": runs, "answered": answered, "stored": stored}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dbs", default="sqlite,postgres")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk phase")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument(
        "--settle",
        type=float,
        default=5.5,
        help="seconds after each answer phase before reading CPU (Kolibri saves notifications"
        " every 5 s)",
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--learners", type=int, default=16)
    parser.add_argument("--sessions", type=int, default=8, help="learners driven by wrk")
    parser.add_argument("--port", type=int, default=8781)
    parser.add_argument(
        "--kolibri-venv",
        type=Path,
        default=Path(
            os.environ.get("KOLIBRI_VENV", ROOT / "bench" / "results" / "peer" / "kolibri-venv")
        ),
    )
    args = parser.parse_args(argv)
    dbs = [d.strip() for d in args.dbs.split(",") if d.strip()]
    if not dbs or set(dbs) - {"sqlite", "postgres"}:
        parser.error("--dbs takes sqlite and/or postgres")

    if "postgres" in dbs and not list(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl")):
        print(
            "bench/peer: PostgreSQL server binaries are missing: apt-get install -y postgresql"
            " (or pass --dbs sqlite)",
            file=sys.stderr,
        )
        return 1
    results = ROOT / "bench" / "results" / "peer"
    results.mkdir(parents=True, exist_ok=True)
    procs = Procs()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    began = time.monotonic()
    load_before = os.getloadavg()
    try:
        measured = {db: run_database(db, args, procs, results) for db in dbs}
    except BenchError as error:
        print(f"bench/peer: {error}", file=sys.stderr)
        return 1
    finally:
        procs.stop_all()
    commit = subprocess.run(
        ["git", "describe", "--always", "--dirty"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    meta = {
        "when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit or "unknown",
        "command": "bench/peer/run.sh " + " ".join(argv if argv is not None else sys.argv[1:]),
        "minutes": (time.monotonic() - began) / 60,
        "load": (load_before[0], os.getloadavg()[0]),
        "cores": os.cpu_count(),
        "args": vars(args) | {"kolibri_venv": str(args.kolibri_venv)},
        "measures": MEASURES,
    }
    text = render(measured, meta)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    out = results / f"peer-{stamp}.md"
    out.write_text(text)
    raw = {
        db: {
            "answered": m["answered"],
            "stored": m["stored"],
            "runs": {"|".join(map(str, k)): v for k, v in m["runs"].items()},
        }
        for db, m in measured.items()
    }
    (results / f"peer-{stamp}.json").write_text(
        json.dumps({"meta": meta, "measured": raw}, indent=1)
    )
    print(text)
    print(f"(written to {out})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
