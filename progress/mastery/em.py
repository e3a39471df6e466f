"""Fitting the mastery model's parameters by EM (Baum-Welch), and predicting with them (pure).

Used by ``fit_mastery`` (``progress.mastery.services``) on the attempt log and by
``bench/mastery_eval.py`` on public data. numpy only: no ORM, no clock.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from progress.mastery.bkt import DEFAULT_PARAMS, BKTParams

MIN_FIT_RESPONSES = 200
MIN_FIT_STUDENTS = 10
MAX_SLIP_GUESS = 0.45
MAX_FORGET = 0.5

Sequences = Sequence[tuple[Sequence[int], Sequence[float]]]


@dataclass
class _Packed:
    """Responses grouped into (student, skill) chains, packed time-major.

    Chains are sorted by length (longest first), so at step t the active chains are
    the first ``n[t]`` ones; cells of step t live at ``off[t]:off[t] + n[t]`` and the
    previous cell of the same chain at ``off[t-1]:off[t-1] + n[t]``.
    """

    skill: NDArray[np.intp]  # per cell: skill index (into the skill list)
    obs: NDArray[np.float64]  # per cell: score in [0, 1]
    gap: NDArray[np.intp]  # per cell: gap steps before it (0 for a chain's first cell)
    first: NDArray[np.bool_]  # per cell: first attempt of the chain
    n: NDArray[np.intp]
    off: NDArray[np.intp]
    origin: NDArray[np.intp]  # per cell: position in the flat (student-major) input order
    skills: list[Hashable]


def _pack(sequences: Sequences, skills: Sequence[Hashable] | None = None) -> _Packed:
    flat_skill: list[Hashable] = []
    flat_obs: list[float] = []
    lengths: list[int] = []
    for sk, ob in sequences:
        if len(sk) != len(ob):
            raise ValueError("skills and responses differ in length")
        flat_skill.extend(sk)
        flat_obs.extend(ob)
        lengths.append(len(sk))
    if skills is None:
        skills = sorted(set(flat_skill), key=lambda s: (str(type(s)), s))  # type: ignore[arg-type]
    index = {s: i for i, s in enumerate(skills)}
    k = len(skills)
    skill_idx = np.fromiter((index.get(s, k) for s in flat_skill), np.intp, len(flat_skill))
    obs = np.asarray(flat_obs, dtype=np.float64)
    if obs.size and (obs.min() < 0 or obs.max() > 1):
        raise ValueError("responses must be in [0, 1]")
    student = np.repeat(np.arange(len(lengths)), lengths)
    pos = np.arange(len(flat_skill)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    # chain id = (student, skill); order cells by chain then time.
    key = student * (k + 1) + skill_idx
    order = np.lexsort((pos, key))
    key_s = key[order]
    new_chain = np.ones(len(order), dtype=bool)
    new_chain[1:] = key_s[1:] != key_s[:-1]
    chain_of = np.cumsum(new_chain) - 1
    chain_start = np.flatnonzero(new_chain)
    t_in_chain = np.arange(len(order)) - chain_start[chain_of]
    gap = np.zeros(len(order), dtype=np.intp)
    pos_s = pos[order]
    gap[1:] = np.where(new_chain[1:], 0, pos_s[1:] - pos_s[:-1] - 1)
    chain_len = np.diff(np.append(chain_start, len(order)))
    # rank chains by length, longest first (stable)
    rank_order = np.argsort(-chain_len, kind="stable")
    rank = np.empty_like(rank_order)
    rank[rank_order] = np.arange(len(rank_order))
    t_max = int(chain_len.max()) if len(chain_len) else 0
    n = np.bincount(chain_len, minlength=t_max + 1)[::-1].cumsum()[::-1][1:]
    off = np.concatenate(([0], np.cumsum(n)[:-1])).astype(np.intp)
    packed_pos = off[t_in_chain] + rank[chain_of]
    size = len(order)

    def scatter(values: NDArray, dtype: type) -> NDArray:
        out = np.empty(size, dtype=dtype)
        out[packed_pos] = values
        return out

    not_first = t_in_chain > 0
    return _Packed(
        skill=scatter(skill_idx[order], np.intp),
        obs=scatter(obs[order], np.float64),
        gap=scatter(gap, np.intp),
        first=scatter(~not_first, np.bool_),
        n=n.astype(np.intp),
        off=off,
        origin=scatter(order, np.intp),
        skills=list(skills),
    )


def _param_table(params: Sequence[BKTParams]) -> dict[str, NDArray[np.float64]]:
    names = ("prior", "learn", "slip", "guess", "forget", "gap_forget", "gap_cap")
    return {nm: np.array([getattr(p, nm) for p in params], dtype=np.float64) for nm in names}


def _keep(pk: _Packed, table: dict[str, NDArray[np.float64]]) -> NDArray[np.float64]:
    s = pk.skill
    g = np.minimum(pk.gap, table["gap_cap"][s])
    keep = (1.0 - table["forget"][s]) * (1.0 - table["gap_forget"][s]) ** g
    keep[pk.first] = 1.0
    return keep


def _forward(
    pk: _Packed, table: dict[str, NDArray[np.float64]]
) -> tuple[NDArray, NDArray, NDArray, NDArray, NDArray, NDArray]:
    """Filtered pass. Returns q (P(known) before each obs), a (after obs, before learning),
    c (P(obs | past)), e1, e0 (obs likelihoods), keep."""
    s = pk.skill
    learn = table["learn"][s]
    slip = table["slip"][s]
    guess = table["guess"][s]
    y = pk.obs
    e1 = y * (1.0 - slip) + (1.0 - y) * slip
    e0 = y * guess + (1.0 - y) * (1.0 - guess)
    keep = _keep(pk, table)
    size = len(y)
    q = np.empty(size)
    a = np.empty(size)
    c = np.empty(size)
    for t, (o, m) in enumerate(zip(pk.off.tolist(), pk.n.tolist(), strict=True)):
        cur = slice(o, o + m)
        if t == 0:
            qt = table["prior"][s[cur]]
        else:
            po = int(pk.off[t - 1])
            ap = a[po : po + m]
            qt = (ap + (1.0 - ap) * learn[cur]) * keep[cur]
        q[cur] = qt
        num = qt * e1[cur]
        ct = num + (1.0 - qt) * e0[cur]
        c[cur] = ct
        a[cur] = num / ct
    return q, a, c, e1, e0, keep


def _clip_table(table: dict[str, NDArray[np.float64]]) -> None:
    table["prior"] = np.clip(table["prior"], 1e-3, 1 - 1e-3)
    table["learn"] = np.clip(table["learn"], 1e-4, 0.999)
    table["slip"] = np.clip(table["slip"], 1e-4, MAX_SLIP_GUESS)
    table["guess"] = np.clip(table["guess"], 1e-4, MAX_SLIP_GUESS)


def _maximize_forget(
    fcount: NDArray, scount: NDArray, gaps: NDArray, f0: NDArray, h0: NDArray, fit_gap: bool
) -> tuple[NDArray, NDArray]:
    """Generalised M-step for (forget, gap_forget) per skill.

    Maximises sum_g F_g log(1 - (1-f)(1-h)^g) + S_g (log(1-f) + g log(1-h)) by coordinate
    search on grids (always including the current value, so EM never goes down).
    """
    base = np.concatenate(([0.0], np.geomspace(1e-5, MAX_FORGET, 120)))

    def objective(f: NDArray, h: NDArray) -> NDArray:
        # f, h: (K, C) candidates -> (K, C)
        lk = np.log1p(-f)[..., None] + gaps[None, None, :] * np.log1p(-h)[..., None]
        keep = np.exp(lk)
        with np.errstate(divide="ignore", invalid="ignore"):
            lf = np.where(fcount[:, None, :] > 0, np.log(-np.expm1(lk)), 0.0)
        val = fcount[:, None, :] * lf + scount[:, None, :] * lk
        val = np.where(np.isfinite(val), val, -np.inf)
        del keep
        return val.sum(axis=2)

    f, h = f0.copy(), h0.copy()
    for _ in range(2):
        for which in ("f", "h") if fit_gap else ("f",):
            cur = f if which == "f" else h
            for width in (None, 0.2):
                if width is None:
                    cand = np.broadcast_to(base, (len(cur), len(base)))
                else:
                    cand = np.clip(
                        cur[:, None] * (1 + width * np.linspace(-1, 1, 41)), 0, MAX_FORGET
                    )
                cand = np.concatenate((cur[:, None], cand), axis=1)
                if which == "f":
                    vals = objective(cand, np.broadcast_to(h[:, None], cand.shape))
                else:
                    vals = objective(np.broadcast_to(f[:, None], cand.shape), cand)
                best = cand[np.arange(len(cur)), np.argmax(vals, axis=1)]
                if which == "f":
                    f = best
                else:
                    h = best
                cur = best
    return f, h


@dataclass(frozen=True)
class FitResult:
    params: dict[Hashable, BKTParams]
    log_likelihood: float
    iterations: int
    fitted_skills: frozenset[Hashable]


def fit(
    sequences: Sequences,
    *,
    skills: Sequence[Hashable] | None = None,
    fit_forget: bool = True,
    fit_gap_forget: bool = True,
    default: BKTParams = DEFAULT_PARAMS,
    init: BKTParams | None = None,
    max_iter: int = 100,
    tol: float = 1e-6,
    min_responses: int = MIN_FIT_RESPONSES,
    min_students: int = MIN_FIT_STUDENTS,
    pooled: bool = False,
) -> FitResult:
    """Fit per-skill parameters by EM (Baum-Welch) on all students at once.

    ``sequences``: one ``(skill ids, 0/1 correct)`` pair per student, in order. Gap steps
    come from the interleaving inside each student's sequence. Skills with fewer than
    ``min_responses`` responses or ``min_students`` students keep ``default``. With
    ``pooled=True`` every skill shares one parameter set (returned under key ``None``).
    ``fit_forget=False`` gives plain BKT (forget and gap_forget fixed at 0).
    """
    if pooled:
        sequences = [([0] * len(sk), ob) for sk, ob in sequences]
        skills = [0]
    pk = _pack(sequences, skills)
    k = len(pk.skills)
    known = pk.skill < k
    if not known.all():  # responses on skills outside ``skills`` are ignored
        wanted = set(pk.skills)
        filtered: list[tuple[list[Hashable], list[float]]] = []
        for sk, ob in sequences:
            keep = [i for i, s in enumerate(sk) if s in wanted]
            filtered.append(([sk[i] for i in keep], [ob[i] for i in keep]))
        sequences = filtered
        pk = _pack(sequences, pk.skills)
    if len(pk.obs) and not np.all((pk.obs == 0) | (pk.obs == 1)):
        raise ValueError("fit needs 0/1 responses")
    counts = np.bincount(pk.skill, minlength=k)
    students = np.bincount(pk.skill[pk.first], minlength=k)
    enough = (counts >= min_responses) & (students >= min_students)
    if pooled:
        enough[:] = counts > 0

    start = init or BKTParams(
        prior=0.5,
        learn=0.1,
        slip=0.1,
        guess=0.2,
        forget=0.02 if fit_forget else 0.0,
        gap_forget=default.gap_forget if fit_forget else 0.0,
        gap_cap=default.gap_cap,
    )
    if not fit_forget:
        start = replace(start, forget=0.0, gap_forget=0.0)
    table = _param_table([start] * k)
    cap = int(start.gap_cap)
    gaps = np.arange(cap + 1, dtype=np.float64)
    s = pk.skill
    nf = ~pk.first
    s_nf = s[nf]
    gbin = np.minimum(pk.gap[nf], cap)
    has_gap_data = np.bincount(s_nf, weights=(gbin > 0).astype(float), minlength=k) >= 20
    y = pk.obs
    ll_old = -np.inf
    iterations = 0
    for iterations in range(1, max_iter + 1):  # noqa: B007
        q, a, c, _, _, keep = _forward(pk, table)
        ll = float(np.log(c).sum())
        # backward smoother on probabilities (no beta, nothing can overflow):
        # xi_t(i, j) = a_{t-1}(i) A_t(i, j) gamma_t(j) / q_t(j); gamma_{t-1}(i) = sum_j xi_t(i, j)
        learn = table["learn"][s]
        g1 = a.copy()
        x00 = np.zeros(len(y))
        x01 = np.zeros(len(y))
        x10 = np.zeros(len(y))
        x11 = np.zeros(len(y))
        r1_all = g1  # alias, filled progressively
        for t in range(len(pk.n) - 1, 0, -1):
            o, m, po = int(pk.off[t]), int(pk.n[t]), int(pk.off[t - 1])
            cur = slice(o, o + m)
            qt = q[cur]
            gt = r1_all[cur]
            r1 = gt / np.maximum(qt, 1e-300)
            r0 = (1.0 - gt) / np.maximum(1.0 - qt, 1e-300)
            ap = a[po : po + m]
            kp = keep[cur]
            lk = learn[cur] * kp
            x00[cur] = (1.0 - ap) * (1.0 - lk) * r0
            x01[cur] = (1.0 - ap) * lk * r1
            x10[cur] = ap * (1.0 - kp) * r0
            x11[cur] = ap * kp * r1
            g1[po : po + m] = x10[cur] + x11[cur]
        g0 = 1.0 - g1
        x00, x01, x10, x11 = x00[nf], x01[nf], x10[nf], x11[nf]
        kp = keep[nf]
        ln = learn[nf]
        # 0 -> 0 may hide "learned, then forgot": split it (exact EM by augmentation)
        with np.errstate(invalid="ignore", divide="ignore"):
            w = np.where(kp < 1, ln * (1 - kp) / (1.0 - ln * kp), 0.0)
        learn_events = np.bincount(s_nf, weights=x01 + x00 * w, minlength=k)
        learn_opps = np.bincount(s_nf, weights=x00 + x01, minlength=k)
        new = dict(table)
        first = pk.first
        new["prior"] = np.bincount(s[first], weights=g1[first], minlength=k) / np.maximum(
            np.bincount(s[first], minlength=k), 1
        )
        new["learn"] = learn_events / np.maximum(learn_opps, 1e-12)
        sum1 = np.bincount(s, weights=g1, minlength=k)
        sum0 = np.bincount(s, weights=g0, minlength=k)
        new["slip"] = np.bincount(s, weights=g1 * (1 - y), minlength=k) / np.maximum(sum1, 1e-12)
        new["guess"] = np.bincount(s, weights=g0 * y, minlength=k) / np.maximum(sum0, 1e-12)
        if fit_forget:
            fcount = np.bincount(
                s_nf * (cap + 1) + gbin, weights=x10 + x00 * w, minlength=k * (cap + 1)
            ).reshape(k, cap + 1)
            scount = np.bincount(
                s_nf * (cap + 1) + gbin, weights=x11 + x01, minlength=k * (cap + 1)
            ).reshape(k, cap + 1)
            f_new, h_new = _maximize_forget(
                fcount, scount, gaps, table["forget"], table["gap_forget"], fit_gap_forget
            )
            new["forget"] = f_new
            new["gap_forget"] = np.where(has_gap_data, h_new, table["gap_forget"])
        _clip_table(new)
        for nm in new:  # skills without enough data are not fitted
            new[nm] = np.where(enough, new[nm], table[nm])
        table = new
        if ll - ll_old < tol * max(len(y), 1):
            break
        ll_old = ll
    out: dict[Hashable, BKTParams] = {}
    fitted = set()
    for i, sk in enumerate(pk.skills):
        if enough[i]:
            fitted.add(sk)
            out[sk] = BKTParams(
                prior=float(table["prior"][i]),
                learn=float(table["learn"][i]),
                slip=float(table["slip"][i]),
                guess=float(table["guess"][i]),
                forget=float(table["forget"][i]),
                gap_forget=float(table["gap_forget"][i]),
                gap_cap=cap,
                half_life_days=default.half_life_days,
                retention_floor=default.retention_floor,
            )
        else:
            out[sk] = default if fit_forget else replace(default, forget=0.0, gap_forget=0.0)
    if pooled:
        out = {None: out[0]}
    return FitResult(
        params=out, log_likelihood=ll, iterations=iterations, fitted_skills=frozenset(fitted)
    )


def predict_sequences(
    sequences: Sequences,
    params: Mapping[Hashable, BKTParams],
    *,
    default: BKTParams = DEFAULT_PARAMS,
) -> list[NDArray[np.float64]]:
    """One-step-ahead P(correct) for every response, using only earlier responses.

    Identical to chaining :func:`mastery_update` with ``hints_used=0``,
    ``elapsed_days=None`` and the gap taken from the sequence; unknown skills use
    ``default``.
    """
    all_skills = sorted({s for sk, _ in sequences for s in sk}, key=lambda s: (str(type(s)), s))
    pk = _pack(sequences, all_skills)
    table = _param_table([params.get(sk, default) for sk in pk.skills])
    q, *_ = _forward(pk, table)
    s = pk.skill
    pred_packed = q * (1.0 - table["slip"][s]) + (1.0 - q) * table["guess"][s]
    flat = np.empty(len(pred_packed))
    flat[pk.origin] = pred_packed
    lengths = [len(sk) for sk, _ in sequences]
    return np.split(flat, np.cumsum(lengths)[:-1]) if lengths else []
