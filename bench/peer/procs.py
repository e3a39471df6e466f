"""Processes for bench/peer: gunicorn servers, a throwaway PostgreSQL, CPU from /proc.

Standard library only (it runs under the machine's ``python3``). Everything started here
is stopped by ``Procs.stop_all`` (the orchestrator calls it in a ``finally`` and on
SIGTERM), by process id, never by name.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

CLK_TCK = os.sysconf("SC_CLK_TCK")


class BenchError(RuntimeError):
    """A setup step failed: the message says which and where its log is."""


def _stat_fields(pid: int) -> list[str] | None:
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    # The command name (field 2) is in parentheses and may hold spaces.
    return raw[raw.rindex(")") + 2 :].split()


def children(pid: int) -> list[int]:
    """Direct children of ``pid`` (from /proc/<pid>/task/*/children)."""
    out: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            out += [int(p) for p in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue
    return out


def cpu_seconds(pid: int, *, reaped_children: bool = False) -> float:
    """utime + stime of ``pid`` (all its threads), plus cutime + cstime if asked.

    ``cutime``/``cstime`` hold the CPU of children that have exited and been waited
    for: PostgreSQL's postmaster reaps every backend, so with them a cluster's total
    includes the connections that closed during a phase (Kolibri opens one per request).
    """
    fields = _stat_fields(pid)
    if fields is None:
        return 0.0
    # After the ")": field 3 is index 0, so utime (14) is 11, stime 12, cutime 13, cstime 14.
    ticks = int(fields[11]) + int(fields[12])
    if reaped_children:
        ticks += int(fields[13]) + int(fields[14])
    return ticks / CLK_TCK


def tree_cpu_seconds(master: int, *, reaped_children: bool = False) -> float:
    """CPU of a master process and its live children (gunicorn workers, PG backends)."""
    total = cpu_seconds(master, reaped_children=reaped_children)
    for child in children(master):
        total += cpu_seconds(child)
    return total


def wait_http(url: str, proc: subprocess.Popen, log: Path, *, timeout: float = 90) -> None:
    """Wait until ``url`` answers (any HTTP status); fail loudly if the server died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise BenchError(f"server exited with {proc.returncode} before answering; see {log}")
        try:
            urllib.request.urlopen(url, timeout=5).read()  # noqa: S310  (loopback only)
            return
        except urllib.error.HTTPError:
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    raise BenchError(f"{url} did not answer within {timeout:.0f} s; see {log}")


class Procs:
    """The long-running processes of one run, stopped together."""

    def __init__(self) -> None:
        self._servers: list[subprocess.Popen] = []
        self._pg: PgCluster | None = None

    def start(
        self, argv: list[str], *, env: dict, log: Path, cwd: Path | None = None
    ) -> subprocess.Popen:
        log.parent.mkdir(parents=True, exist_ok=True)
        with open(log, "ab") as out:
            proc = subprocess.Popen(
                argv, env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        self._servers.append(proc)
        return proc

    def stop(self, proc: subprocess.Popen) -> None:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.kill(proc.pid, signal.SIGKILL)
                proc.wait(timeout=5)
        if proc in self._servers:
            self._servers.remove(proc)

    def postgres(self) -> PgCluster:
        if self._pg is None:
            self._pg = PgCluster()
            self._pg.start()
        return self._pg

    def stop_all(self) -> None:
        for proc in list(self._servers):
            with contextlib.suppress(Exception):  # best effort while shutting down
                self.stop(proc)
        if self._pg is not None:
            self._pg.stop()
            self._pg = None


class PgCluster:
    """A private PostgreSQL cluster on its own socket directory (docs: RECIPES.md).

    Private so that its CPU is the bench's alone: the shared server on /work/pg also
    serves other people's test suites. Same settings as the earlier PostgreSQL figures in
    docs/performance.md (``fsync=off``, ``synchronous_commit=off``): the bench measures
    the applications' work, not this machine's disk.
    """

    def __init__(self) -> None:
        bins = sorted(
            Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: int(p.parts[-3])
        )
        if not bins:
            raise BenchError(
                "PostgreSQL server binaries are missing: apt-get install -y postgresql"
            )
        self.bin = bins[-1].parent
        self.dir = Path(tempfile.mkdtemp(prefix="peer-pg."))
        self.socket_dir = str(self.dir)
        self._as_postgres = os.geteuid() == 0
        if self._as_postgres:
            shutil.chown(self.dir, "postgres", "postgres")

    def _run(self, *argv: str) -> None:
        cmd = [str(self.bin / argv[0]), *argv[1:]]
        if self._as_postgres:  # PostgreSQL refuses to run as root
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
        if result.returncode != 0:
            raise BenchError(f"{' '.join(argv[:2])} failed: {result.stderr.strip()[-400:]}")

    def start(self) -> None:
        self._run(
            "initdb",
            "-D",
            f"{self.dir}/data",
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        options = (
            f"-c listen_addresses='' -k {self.dir} -c fsync=off -c synchronous_commit=off"
            " -c full_page_writes=off -c max_connections=100"
        )
        self._run(
            "pg_ctl",
            "-D",
            f"{self.dir}/data",
            "-l",
            f"{self.dir}/server.log",
            "-w",
            "-t",
            "60",
            "-o",
            options,
            "start",
        )

    @property
    def postmaster_pid(self) -> int:
        return int((self.dir / "data" / "postmaster.pid").read_text().split()[0])

    def cpu_seconds(self) -> float:
        """The whole cluster: postmaster, live backends and reaped (closed) backends."""
        return tree_cpu_seconds(self.postmaster_pid, reaped_children=True)

    def recreate(self, name: str) -> None:
        self._run("dropdb", "-h", self.socket_dir, "-U", "postgres", "--if-exists", name)
        self._run("createdb", "-h", self.socket_dir, "-U", "postgres", name)

    def url(self, name: str) -> str:
        return "postgres://postgres@" + self.socket_dir.replace("/", "%2F") + "/" + name

    def stop(self) -> None:
        with contextlib.suppress(BenchError):
            self._run("pg_ctl", "-D", f"{self.dir}/data", "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.dir, ignore_errors=True)
