"""The markdown report of a bench/peer run: per-side figures, ratios, the issue's targets."""

from __future__ import annotations

LABELS = {"answer": "answer write", "page": "learner page"}
PAGES = {"Pathwise": "student dashboard", "Kolibri": "learner classroom API"}
TARGETS = "issue 19's targets"


def _agg(rs: list[dict]) -> dict:
    requests = sum(r["requests"] for r in rs)
    served = sum(r["served"] for r in rs)
    rps = [r["rps"] for r in rs]
    out = {
        "rps": sum(rps) / len(rps),
        "rps_range": (min(rps), max(rps)),
        "p50": sum(r["p50"] for r in rs) / len(rs),
        "p99": sum(r["p99"] for r in rs) / len(rs),
        "p99_range": (min(r["p99"] for r in rs), max(r["p99"] for r in rs)),
        "app_ms": 1000 * sum(r["app_cpu"] for r in rs) / max(served, 1),
        "db_ms": None,
        "errors": sum(r["http_errors"] + r["socket_errors"] for r in rs),
        "requests": requests,
    }
    if rs[0]["db_cpu"] is not None:
        out["db_ms"] = 1000 * sum(r["db_cpu"] for r in rs) / max(served, 1)
    return out


def _range(lo: float, hi: float, fmt: str = "{:.0f}") -> str:
    a, b = fmt.format(lo), fmt.format(hi)
    return a if a == b else f"{a}-{b}"


def _verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def render(measured: dict, meta: dict) -> str:
    args = meta["args"]
    lines = [
        f"# bench/peer: Pathwise vs Kolibri 0.19.5 ({meta['when']})",
        "",
        f"{meta['cores']} cores, load average {meta['load'][0]:.1f} before /"
        f" {meta['load'][1]:.1f} after; gunicorn {args['workers']} sync workers each, loopback;"
        f" wrk {args['duration']:.0f} s per phase, {args['rounds']} rounds interleaved (A B, then"
        f" B A); {args['sessions']} learners driven round-robin; run took"
        f" {meta['minutes']:.1f} min. Pathwise {meta['commit']}; `{meta['command']}`.",
        "",
        "| database | measure | side | req/s (mean, rounds) | p50 ms | p99 ms (mean, rounds) |"
        " app CPU ms/req | DB CPU ms/req | errors |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    agg: dict = {}
    for db, m in measured.items():
        for (measure, c, name), rs in m["runs"].items():
            agg[(db, measure, c, name)] = a = _agg(rs)
            what = LABELS[measure] if measure == "answer" else PAGES[name]
            db_ms = "" if a["db_ms"] is None else f"{a['db_ms']:.1f}"
            rps, p99 = _range(*a["rps_range"]), _range(*a["p99_range"])
            lines.append(
                f"| {db} | {what}, c={c} | {name} | {a['rps']:.1f} ({rps}) | {a['p50']:.1f} |"
                f" {a['p99']:.0f} ({p99}) | {a['app_ms']:.1f} | {db_ms} | {a['errors']} |"
            )
    lines += [
        "",
        "| database | measure | req/s Pathwise / Kolibri | p99 Kolibri / Pathwise |"
        " CPU per request (app + DB) Kolibri / Pathwise |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    for db in measured:
        for measure, c in meta["measures"]:
            p, k = agg.get((db, measure, c, "Pathwise")), agg.get((db, measure, c, "Kolibri"))
            if not p or not k:
                continue
            cpu_p = p["app_ms"] + (p["db_ms"] or 0)
            cpu_k = k["app_ms"] + (k["db_ms"] or 0)
            lines.append(
                f"| {db} | {LABELS[measure]}, c={c} | {p['rps'] / k['rps']:.2f}x |"
                f" {k['p99'] / p['p99']:.2f}x | {cpu_k / cpu_p:.2f}x |"
            )
    lines += [
        "",
        "Answers stored during the measured phases (rows counted before and after; in brackets"
        " what wrk sent: completed non-error requests plus the one in flight per connection when"
        " each phase ended):",
    ]
    for db, m in measured.items():
        parts = [f"{name} {m['stored'][name]} ({m['answered'][name]})" for name in m["stored"]]
        lines.append(f"- {db}: " + ", ".join(parts))
    lines += ["", f"Against {TARGETS}:"]
    for db in measured:
        p, k = agg.get((db, "answer", 8, "Pathwise")), agg.get((db, "answer", 8, "Kolibri"))
        if p and k:
            ratio = p["rps"] / k["rps"]
            lines.append(
                f"- {db}: answer throughput at c=8 at least 2x Kolibri's: {ratio:.2f}x,"
                f" {_verdict(ratio >= 2)}"
            )
        if db == "postgres" and p:
            lines.append(
                f"- postgres: answer p99 at c=8 under 100 ms: {p['p99']:.0f} ms (worst round"
                f" {p['p99_range'][1]:.0f} ms), {_verdict(p['p99'] < 100)}"
            )
        p, k = agg.get((db, "page", 8, "Pathwise")), agg.get((db, "page", 8, "Kolibri"))
        if p and k:
            ratio = p["rps"] / k["rps"]
            lines.append(
                f"- {db}: student dashboard at least 10x Kolibri's learner classroom API (c=8):"
                f" {ratio:.2f}x, {_verdict(ratio >= 10)}"
            )
    errors = sum(a["errors"] for a in agg.values())
    if errors:
        lines += [
            "",
            f"**{errors} HTTP or socket errors in the measured phases: read the logs under"
            " bench/results/peer/ before trusting these figures.**",
        ]
    return "\n".join(lines) + "\n"
