"""Evaluate the mastery model on DKT 3-line response data (split by student).

Usage::

    python bench/mastery_eval.py --train FILE [--test FILE] [--folds K] [--seed S]
                                 [--model stacked|bkt_forget|bkt|display] [--bins 10]
    python bench/mastery_eval.py --train FILE --write-split DIR [--test-share 0.2] [--seed S]
    python bench/mastery_eval.py --train FILE --print-weights

Fits per-skill parameters on the training students with ``progress.mastery.em.fit``, then
predicts every response of the held-out students from their earlier responses only, with
the functions the app runs:

* ``stacked`` (default): the prediction chain (BKT with per-attempt forgetting,
  ``hmm.predict_sequences``) recalibrated by ``progress.mastery.predict``'s logistic layer,
  whose weights are fitted on the training students only. This is what the app uses to
  predict the next answer.
* ``bkt_forget``: the prediction chain alone. ``bkt``: BKT without forgetting.
* ``display``: the displayed estimate's P(correct) (``bkt.display_params``: cautious prior,
  no per-attempt forgetting). It is not meant to predict; shown for comparison.

Prints JSON: AUC, RMSE, accuracy, ECE over ``--bins`` equal-width bins and the reliability
table (all held-out responses pooled), and the same per fold. ``--write-split`` writes a
held-out split by student (``train.csv``, ``test.csv``, same format) into DIR, which must
be outside the project: the data set is never copied into it.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from progress.mastery.bkt import DEFAULT_PARAMS, display_params  # noqa: E402
from progress.mastery.em import fit  # noqa: E402
from progress.mastery.evaluation import (  # noqa: E402
    auc,
    expected_calibration_error,
    parse_three_line,
    reliability,
)
from progress.mastery.hmm import predict_sequences  # noqa: E402
from progress.mastery.predict import apply_weights, feature_matrix, fit_weights  # noqa: E402

MODELS = ("stacked", "bkt_forget", "bkt", "display")


def _load(path: str) -> list[tuple[list[int], list[int]]]:
    with open(path, encoding="utf-8") as fh:
        return parse_three_line(fh)


def _predict(train: list, test: list, model: str) -> tuple[np.ndarray, dict]:
    started = time.perf_counter()
    result = fit(train, fit_forget=model in ("stacked", "bkt_forget"))
    info: dict = {"em_iterations": result.iterations, "fitted_skills": len(result.fitted_skills)}
    if model == "display":
        shown = {k: display_params(p) for k, p in result.params.items()}
        pred = np.concatenate(
            predict_sequences(test, shown, default=display_params(DEFAULT_PARAMS))
        )
    elif model == "stacked":
        weights = fit_weights(
            feature_matrix(train, predict_sequences(train, result.params)),
            np.concatenate([np.asarray(ob, dtype=np.float64) for _, ob in train]),
        )
        info["weights"] = [round(float(w), 4) for w in weights]
        pred = apply_weights(feature_matrix(test, predict_sequences(test, result.params)), weights)
    else:
        pred = np.concatenate(predict_sequences(test, result.params))
    info["fit_seconds"] = time.perf_counter() - started
    return pred, info


def _scores(y: np.ndarray, pred: np.ndarray, bins: int) -> dict[str, float]:
    return {
        "auc": auc(y, pred),
        "rmse": float(np.sqrt(np.mean((y - pred) ** 2))),
        "accuracy": float(np.mean((pred >= 0.5) == (y == 1))),
        "ece": expected_calibration_error(y, pred, bins=bins),
    }


def _folds(train: list, folds: int, seed: int) -> list[tuple[list, list]]:
    order = np.random.default_rng(seed).permutation(len(train))
    out = []
    for part in np.array_split(order, folds):
        held = set(part.tolist())
        out.append(
            ([s for i, s in enumerate(train) if i not in held], [train[i] for i in sorted(held)])
        )
    return out


def _write(path: Path, sequences: list) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for skills, correct in sequences:
            fh.write(f"{len(skills)}\n{','.join(map(str, skills))},\n")
            fh.write(f"{','.join(map(str, correct))},\n")


def _write_split(train: list, directory: str, share: float, seed: int) -> dict:
    target = Path(directory).resolve()
    if target == ROOT or ROOT in target.parents:
        raise SystemExit("--write-split: choose a directory outside the project")
    target.mkdir(parents=True, exist_ok=True)
    order = np.random.default_rng(seed).permutation(len(train))
    n_test = round(share * len(train))
    held = set(order[:n_test].tolist())
    fit_part = [s for i, s in enumerate(train) if i not in held]
    test_part = [train[i] for i in sorted(held)]
    _write(target / "train.csv", fit_part)
    _write(target / "test.csv", test_part)
    return {
        "train": str(target / "train.csv"),
        "test": str(target / "test.csv"),
        "n_train_students": len(fit_part),
        "n_test_students": len(test_part),
        "seed": seed,
        "test_share": share,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", required=True, help="3-line file to fit on")
    parser.add_argument("--test", help="3-line file to evaluate on (else K-fold on --train)")
    parser.add_argument("--folds", type=int, default=5, help="folds by student (default 5)")
    parser.add_argument("--seed", type=int, default=0, help="shuffle seed for folds and splits")
    parser.add_argument("--model", choices=MODELS, default="stacked")
    parser.add_argument("--bins", type=int, default=10, help="calibration bins (default 10)")
    parser.add_argument("--write-split", metavar="DIR", help="write a held-out split and stop")
    parser.add_argument("--test-share", type=float, default=0.2, help="for --write-split")
    parser.add_argument(
        "--print-weights", action="store_true", help="fit the stack on all of --train and stop"
    )
    args = parser.parse_args(argv)

    train = _load(args.train)
    if args.write_split:
        report: dict = _write_split(train, args.write_split, args.test_share, args.seed)
        json.dump(report, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    if args.print_weights:
        result = fit(train, fit_forget=True)
        x = feature_matrix(train, predict_sequences(train, result.params))
        y = np.concatenate([np.asarray(ob, dtype=np.float64) for _, ob in train])
        json.dump({"weights": [round(float(w), 4) for w in fit_weights(x, y)]}, sys.stdout)
        sys.stdout.write("\n")
        return 0
    if args.test:
        pairs = [(train, _load(args.test))]
    else:
        if args.folds < 2:
            parser.error("--folds must be at least 2")
        pairs = _folds(train, args.folds, args.seed)
    folds, ys, preds = [], [], []
    for fold_train, fold_test in pairs:
        pred, info = _predict(fold_train, fold_test, args.model)
        y = np.concatenate([np.asarray(ob, dtype=np.float64) for _, ob in fold_test])
        ys.append(y)
        preds.append(pred)
        folds.append(
            {
                **_scores(y, pred, args.bins),
                **info,
                "n_train_students": len(fold_train),
                "n_test_students": len(fold_test),
                "n_responses": len(y),
            }
        )
    y_all, p_all = np.concatenate(ys), np.concatenate(preds)
    keys = ("auc", "rmse", "accuracy", "ece", "fit_seconds")
    report = {
        "model": args.model,
        "evaluation": "held-out file" if args.test else f"{args.folds}-fold by student",
        **{f"{k}": round(float(np.mean([f[k] for f in folds])), 4) for k in keys},
        "pooled": {k: round(v, 4) for k, v in _scores(y_all, p_all, args.bins).items()},
        "bins": args.bins,
        "reliability": [
            {k: round(v, 4) if isinstance(v, float) else v for k, v in row.items()}
            for row in reliability(y_all, p_all, bins=args.bins)
        ],
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
