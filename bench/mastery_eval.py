"""Evaluate the mastery model on DKT 3-line response data (split by student).

Usage::

    python bench/mastery_eval.py --train FILE [--test FILE] [--folds K] [--seed S]
                                 [--model bkt|bkt_forget]

Fits per-skill parameters on the training students with ``progress.mastery.fit``, then
predicts every response of the held-out students from their earlier responses only
(``progress.mastery.predict_sequences``, the same update the app runs). Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from progress.mastery.em import fit
from progress.mastery.evaluation import auc, parse_three_line
from progress.mastery.hmm import predict_sequences


def _load(path: str) -> list[tuple[list[int], list[int]]]:
    with open(path, encoding="utf-8") as fh:
        return parse_three_line(fh)


def _evaluate(train: list, test: list, model: str) -> dict[str, float | int]:
    started = time.perf_counter()
    result = fit(train, fit_forget=model == "bkt_forget")
    fit_seconds = time.perf_counter() - started
    pred = np.concatenate(predict_sequences(test, result.params))
    y = np.concatenate([np.asarray(ob, dtype=np.float64) for _, ob in test])
    return {
        "auc": auc(y, pred),
        "rmse": float(np.sqrt(np.mean((y - pred) ** 2))),
        "accuracy": float(np.mean((pred >= 0.5) == (y == 1))),
        "fit_seconds": fit_seconds,
        "em_iterations": result.iterations,
        "fitted_skills": len(result.fitted_skills),
        "n_train_students": len(train),
        "n_test_students": len(test),
        "n_responses": len(y),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", required=True, help="3-line file to fit on")
    parser.add_argument("--test", help="3-line file to evaluate on (else K-fold on --train)")
    parser.add_argument("--folds", type=int, default=5, help="folds by student (default 5)")
    parser.add_argument("--seed", type=int, default=0, help="shuffle seed for the folds")
    parser.add_argument("--model", choices=("bkt", "bkt_forget"), default="bkt_forget")
    args = parser.parse_args(argv)

    train = _load(args.train)
    if args.test:
        folds = [_evaluate(train, _load(args.test), args.model)]
    else:
        if args.folds < 2:
            parser.error("--folds must be at least 2")
        order = np.random.default_rng(args.seed).permutation(len(train))
        parts = np.array_split(order, args.folds)
        folds = []
        for part in parts:
            held = set(part.tolist())
            fold_train = [s for i, s in enumerate(train) if i not in held]
            fold_test = [train[i] for i in sorted(held)]
            folds.append(_evaluate(fold_train, fold_test, args.model))
    keys = ("auc", "rmse", "accuracy", "fit_seconds")
    report: dict[str, object] = {
        "model": args.model,
        **{k: round(float(np.mean([f[k] for f in folds])), 4) for k in keys},
        "n_train_students": int(np.mean([f["n_train_students"] for f in folds])),
        "n_test_students": int(sum(f["n_test_students"] for f in folds)),
        "n_responses": int(sum(f["n_responses"] for f in folds)),
        "folds": [
            {k: round(v, 4) if isinstance(v, float) else v for k, v in f.items()} for f in folds
        ],
    }
    json.dump(report, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
