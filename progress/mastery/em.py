"""Fitting the mastery model's parameters by EM (Baum-Welch) (pure).

Used by ``fit_mastery`` (``progress.mastery.services``) on the attempt log and by
``bench/mastery_eval.py`` on public data. numpy only: no ORM, no clock.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from progress.mastery.bkt import DEFAULT_PARAMS, BKTParams
from progress.mastery.hmm import Packed, Sequences, forward, pack, param_table

MIN_FIT_RESPONSES = 200
MIN_FIT_STUDENTS = 10
MAX_SLIP_GUESS = 0.45
MAX_FORGET = 0.5


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


def _pack_for_fit(sequences: Sequences, skills: Sequence[Hashable] | None, pooled: bool) -> Packed:
    """Pack the responses; with ``pooled`` every skill is one. Responses on skills outside
    ``skills`` are ignored."""
    if pooled:
        sequences = [([0] * len(sk), ob) for sk, ob in sequences]
        skills = [0]
    pk = pack(sequences, skills)
    if not (pk.skill < len(pk.skills)).all():
        wanted = set(pk.skills)
        filtered: list[tuple[list[Hashable], list[float]]] = []
        for sk, ob in sequences:
            keep = [i for i, s in enumerate(sk) if s in wanted]
            filtered.append(([sk[i] for i in keep], [ob[i] for i in keep]))
        pk = pack(filtered, pk.skills)
    if len(pk.obs) and not np.all((pk.obs == 0) | (pk.obs == 1)):
        raise ValueError("fit needs 0/1 responses")
    return pk


def _smooth(pk: Packed, table: dict[str, NDArray[np.float64]], q, a, keep):
    """Backward smoother on probabilities (no beta, nothing can overflow):
    xi_t(i, j) = a_{t-1}(i) A_t(i, j) gamma_t(j) / q_t(j); gamma_{t-1}(i) = sum_j xi_t(i, j).

    Returns gamma(known) per cell and the four transition posteriors per cell."""
    learn = table["learn"][pk.skill]
    size = len(pk.obs)
    g1 = a.copy()
    x00, x01, x10, x11 = (np.zeros(size) for _ in range(4))
    for t in range(len(pk.n) - 1, 0, -1):
        o, m, po = int(pk.off[t]), int(pk.n[t]), int(pk.off[t - 1])
        cur = slice(o, o + m)
        qt = q[cur]
        gt = g1[cur]
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
    return g1, x00, x01, x10, x11


@dataclass(frozen=True)
class _Setup:
    """Per-fit constants: which skills are fitted, gap bins, forget options."""

    k: int
    cap: int
    gaps: NDArray
    enough: NDArray
    has_gap_data: NDArray
    fit_forget: bool
    fit_gap_forget: bool


def _m_step(pk: Packed, table, setup: _Setup, q, a, keep) -> dict[str, NDArray]:
    """One EM iteration's new parameter table (skills without enough data keep theirs)."""
    k, cap = setup.k, setup.cap
    s, y, first, nf = pk.skill, pk.obs, pk.first, ~pk.first
    s_nf = s[nf]
    gbin = np.minimum(pk.gap[nf], cap)
    g1, x00, x01, x10, x11 = _smooth(pk, table, q, a, keep)
    g0 = 1.0 - g1
    x00, x01, x10, x11 = x00[nf], x01[nf], x10[nf], x11[nf]
    kp = keep[nf]
    ln = table["learn"][s][nf]
    # 0 -> 0 may hide "learned, then forgot": split it (exact EM by augmentation)
    with np.errstate(invalid="ignore", divide="ignore"):
        w = np.where(kp < 1, ln * (1 - kp) / (1.0 - ln * kp), 0.0)
    learn_events = np.bincount(s_nf, weights=x01 + x00 * w, minlength=k)
    learn_opps = np.bincount(s_nf, weights=x00 + x01, minlength=k)
    new = dict(table)
    new["prior"] = np.bincount(s[first], weights=g1[first], minlength=k) / np.maximum(
        np.bincount(s[first], minlength=k), 1
    )
    new["learn"] = learn_events / np.maximum(learn_opps, 1e-12)
    sum1 = np.bincount(s, weights=g1, minlength=k)
    sum0 = np.bincount(s, weights=g0, minlength=k)
    new["slip"] = np.bincount(s, weights=g1 * (1 - y), minlength=k) / np.maximum(sum1, 1e-12)
    new["guess"] = np.bincount(s, weights=g0 * y, minlength=k) / np.maximum(sum0, 1e-12)
    if setup.fit_forget:
        fcount = np.bincount(
            s_nf * (cap + 1) + gbin, weights=x10 + x00 * w, minlength=k * (cap + 1)
        ).reshape(k, cap + 1)
        scount = np.bincount(
            s_nf * (cap + 1) + gbin, weights=x11 + x01, minlength=k * (cap + 1)
        ).reshape(k, cap + 1)
        f_new, h_new = _maximize_forget(
            fcount, scount, setup.gaps, table["forget"], table["gap_forget"], setup.fit_gap_forget
        )
        new["forget"] = f_new
        new["gap_forget"] = np.where(setup.has_gap_data, h_new, table["gap_forget"])
    _clip_table(new)
    for nm in new:  # skills without enough data are not fitted
        new[nm] = np.where(setup.enough, new[nm], table[nm])
    return new


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
    pk = _pack_for_fit(sequences, skills, pooled)
    k = len(pk.skills)
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
    cap = int(start.gap_cap)
    nf = ~pk.first
    gbin = np.minimum(pk.gap[nf], cap)
    setup = _Setup(
        k=k,
        cap=cap,
        gaps=np.arange(cap + 1, dtype=np.float64),
        enough=enough,
        has_gap_data=np.bincount(pk.skill[nf], weights=(gbin > 0).astype(float), minlength=k) >= 20,
        fit_forget=fit_forget,
        fit_gap_forget=fit_gap_forget,
    )
    table = param_table([start] * k)
    ll_old = -np.inf
    iterations = 0
    for iterations in range(1, max_iter + 1):  # noqa: B007
        q, a, c, _, _, keep = forward(pk, table)
        ll = float(np.log(c).sum())
        table = _m_step(pk, table, setup, q, a, keep)
        if ll - ll_old < tol * max(len(pk.obs), 1):
            break
        ll_old = ll
    return _fit_result(
        pk, table, setup, default=default, ll=ll, iterations=iterations, pooled=pooled
    )


def _fit_result(pk, table, setup: _Setup, *, default, ll, iterations, pooled) -> FitResult:
    out: dict[Hashable, BKTParams] = {}
    fitted = set()
    for i, sk in enumerate(pk.skills):
        if setup.enough[i]:
            fitted.add(sk)
            out[sk] = BKTParams(
                prior=float(table["prior"][i]),
                learn=float(table["learn"][i]),
                slip=float(table["slip"][i]),
                guess=float(table["guess"][i]),
                forget=float(table["forget"][i]),
                gap_forget=float(table["gap_forget"][i]),
                gap_cap=setup.cap,
                half_life_days=default.half_life_days,
                retention_floor=default.retention_floor,
            )
        elif setup.fit_forget:
            out[sk] = default
        else:
            out[sk] = replace(default, forget=0.0, gap_forget=0.0)
    if pooled:
        out = {None: out[0]}
    return FitResult(
        params=out, log_likelihood=ll, iterations=iterations, fitted_skills=frozenset(fitted)
    )
