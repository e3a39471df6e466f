"""The mastery model over whole response sequences, vectorised (pure, numpy): packing
students' answers into (student, skill) chains, the filtered forward pass, and one-step-ahead
predictions. ``em`` fits parameters with it; ``bench/mastery_eval.py`` scores predictions.

Identical to chaining ``bkt.mastery_update`` with ``hints_used=0``, ``elapsed_days=None`` and
the gap taken from the sequence.
"""

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from progress.mastery.bkt import DEFAULT_PARAMS, BKTParams

Sequences = Sequence[tuple[Sequence[int], Sequence[float]]]


@dataclass
class Packed:
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


def pack(sequences: Sequences, skills: Sequence[Hashable] | None = None) -> Packed:
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
    return Packed(
        skill=scatter(skill_idx[order], np.intp),
        obs=scatter(obs[order], np.float64),
        gap=scatter(gap, np.intp),
        first=scatter(~not_first, np.bool_),
        n=n.astype(np.intp),
        off=off,
        origin=scatter(order, np.intp),
        skills=list(skills),
    )


def param_table(params: Sequence[BKTParams]) -> dict[str, NDArray[np.float64]]:
    names = ("prior", "learn", "slip", "guess", "forget", "gap_forget", "gap_cap")
    return {nm: np.array([getattr(p, nm) for p in params], dtype=np.float64) for nm in names}


def keep_factors(pk: Packed, table: dict[str, NDArray[np.float64]]) -> NDArray[np.float64]:
    s = pk.skill
    g = np.minimum(pk.gap, table["gap_cap"][s])
    keep = (1.0 - table["forget"][s]) * (1.0 - table["gap_forget"][s]) ** g
    keep[pk.first] = 1.0
    return keep


def forward(
    pk: Packed, table: dict[str, NDArray[np.float64]]
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
    keep = keep_factors(pk, table)
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
    pk = pack(sequences, all_skills)
    table = param_table([params.get(sk, default) for sk in pk.skills])
    q, *_ = forward(pk, table)
    s = pk.skill
    pred_packed = q * (1.0 - table["slip"][s]) + (1.0 - q) * table["guess"][s]
    flat = np.empty(len(pred_packed))
    flat[pk.origin] = pred_packed
    lengths = [len(sk) for sk, _ in sequences]
    return np.split(flat, np.cumsum(lengths)[:-1]) if lengths else []
