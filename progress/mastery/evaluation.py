"""Reading the public knowledge-tracing data and scoring predictions on it (pure)."""

from collections.abc import Iterable, Sequence

import numpy as np
from numpy.typing import NDArray


def parse_three_line(lines: Iterable[str]) -> list[tuple[list[int], list[int]]]:
    """Parse the DKT 3-line format (count; skill ids; 0/1 correct) into sequences."""
    rows = [line.strip().rstrip(",") for line in lines]
    rows = [r for r in rows if r]
    if len(rows) % 3:
        raise ValueError("expected 3 lines per student")
    out: list[tuple[list[int], list[int]]] = []
    for i in range(0, len(rows), 3):
        n = int(rows[i])
        skills = [int(x) for x in rows[i + 1].split(",")]
        correct = [int(x) for x in rows[i + 2].split(",")]
        if not (len(skills) == len(correct) == n):
            raise ValueError(f"student block {i // 3}: lengths disagree with count {n}")
        out.append((skills, correct))
    return out


def auc(y_true: Sequence[float] | NDArray, y_score: Sequence[float] | NDArray) -> float:
    """Area under the ROC curve by the rank-sum (Mann-Whitney) formula; ties get mid-ranks."""
    y = np.asarray(y_true, dtype=np.float64).ravel()
    p = np.asarray(y_score, dtype=np.float64).ravel()
    if y.shape != p.shape:
        raise ValueError("y_true and y_score differ in length")
    pos = y == 1
    n_pos = int(pos.sum())
    n_neg = len(y) - n_pos
    if n_pos == 0 or n_neg == 0:
        raise ValueError("AUC needs both classes")
    order = np.argsort(p, kind="mergesort")
    ps = p[order]
    ranks = np.empty(len(p))
    # mid-ranks for ties
    boundaries = np.flatnonzero(np.diff(ps)) + 1
    starts = np.concatenate(([0], boundaries))
    ends = np.concatenate((boundaries, [len(ps)]))
    mid = (starts + ends + 1) / 2.0  # 1-based average rank of each tie group
    ranks[order] = np.repeat(mid, ends - starts)
    return float((ranks[pos].sum() - n_pos * (n_pos + 1) / 2.0) / (n_pos * n_neg))


def reliability(
    y_true: Sequence[float] | NDArray, y_prob: Sequence[float] | NDArray, *, bins: int = 10
) -> list[dict[str, float | int]]:
    """The reliability table: predictions cut into ``bins`` equal-width bins on [0, 1]; per
    bin the count, the mean prediction and the observed rate of correct answers."""
    y = np.asarray(y_true, dtype=np.float64).ravel()
    p = np.asarray(y_prob, dtype=np.float64).ravel()
    if y.shape != p.shape:
        raise ValueError("y_true and y_prob differ in length")
    if bins < 1:
        raise ValueError("bins must be at least 1")
    index = np.minimum((p * bins).astype(np.intp), bins - 1)
    rows: list[dict[str, float | int]] = []
    for b in range(bins):
        mask = index == b
        n = int(mask.sum())
        rows.append(
            {
                "bin": f"{b / bins:.1f}-{(b + 1) / bins:.1f}",
                "n": n,
                "mean_predicted": float(p[mask].mean()) if n else float("nan"),
                "observed": float(y[mask].mean()) if n else float("nan"),
            }
        )
    return rows


def expected_calibration_error(
    y_true: Sequence[float] | NDArray, y_prob: Sequence[float] | NDArray, *, bins: int = 10
) -> float:
    """ECE: the count-weighted mean of |observed - mean predicted| over the reliability bins."""
    table = reliability(y_true, y_prob, bins=bins)
    total = sum(int(r["n"]) for r in table)
    if total == 0:
        raise ValueError("ECE needs at least one prediction")
    return float(
        sum(
            int(r["n"]) * abs(float(r["observed"]) - float(r["mean_predicted"]))
            for r in table
            if r["n"]
        )
        / total
    )
