"""Predicting the next answer (pure: numpy + stdlib, no ORM, no clock).

The prediction is the prediction chain's P(correct) (BKT with the fitted per-attempt
``forget``, see ``bkt.py``) recalibrated by a small logistic layer that also knows how this
learner does overall::

    z = w0 + w1 * logit(P_chain(correct))
           + w2 * logit((correct + 0.7 * 2) / (answers + 2))   # the learner's accuracy so far
           + w3 * log(1 + answers)                             # how many answers so far
    P(correct) = 1 / (1 + exp(-z))

where ``correct`` / ``answers`` count all the learner's earlier answers, on every concept
(the app reads them off ``LearnerStats``). The weights are fitted by logistic regression
on the chain's own predictions for the training learners (:func:`fit_weights`);
:data:`STACK_WEIGHTS` is that fit on the whole ASSISTments file (``bench/mastery_eval.py
--print-weights``). It is only a prediction: it never changes the displayed estimate.
The app uses it to pick questions at the right difficulty (``practice.selection``);
``bench/mastery_eval.py`` scores it (AUC, calibration).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from progress.mastery.bkt import BKTParams, decay_factor, predict_correct

ACCURACY_PRIOR = 0.7
ACCURACY_PRIOR_WEIGHT = 2.0
_EPS = 1e-4

# Fitted on the whole of builder_train.csv (3,361 students): see the module docstring.
STACK_WEIGHTS = (-0.3302, 0.9036, 0.4029, 0.0257)


def _logit(p: float) -> float:
    p = min(max(p, _EPS), 1.0 - _EPS)
    return math.log(p / (1.0 - p))


def features(*, chain_correct: float, learner_correct: int, learner_answers: int) -> list[float]:
    """The logistic layer's inputs for one answer (the constant first)."""
    accuracy = (learner_correct + ACCURACY_PRIOR * ACCURACY_PRIOR_WEIGHT) / (
        learner_answers + ACCURACY_PRIOR_WEIGHT
    )
    return [1.0, _logit(chain_correct), _logit(accuracy), math.log1p(learner_answers)]


def calibrated(x: Sequence[float], weights: Sequence[float] = STACK_WEIGHTS) -> float:
    z = sum(w * v for w, v in zip(weights, x, strict=True))
    return 1.0 / (1.0 + math.exp(-z))


def next_correct(
    *,
    p_chain: float | None,
    params: BKTParams,
    gap_steps: int,
    elapsed_days: float | None,
    learner_correct: int,
    learner_answers: int,
    weights: Sequence[float] = STACK_WEIGHTS,
) -> float:
    """P(the learner's next answer on this concept is right).

    ``p_chain`` is the stored prediction-chain estimate (None: never practised, the prior).
    """
    if p_chain is None:
        p = params.prior
    else:
        keep = decay_factor(gap_steps=gap_steps, elapsed_days=elapsed_days, params=params)
        p = p_chain * keep
    x = features(
        chain_correct=predict_correct(p, params),
        learner_correct=learner_correct,
        learner_answers=learner_answers,
    )
    return calibrated(x, weights)


# --- vectorised, for fitting and the benchmark ------------------------------------------


def feature_matrix(
    sequences: Sequence[tuple[Sequence[int], Sequence[float]]],
    chain_predictions: Sequence[NDArray[np.float64]],
) -> NDArray[np.float64]:
    """One row of :func:`features` per response, in the input's (student-major) order;
    each learner's counts are of their earlier responses only."""
    blocks = []
    for (_, obs), chain in zip(sequences, chain_predictions, strict=True):
        y = np.asarray(obs, dtype=np.float64)
        answers = np.arange(len(y), dtype=np.float64)
        correct = np.concatenate(([0.0], np.cumsum(y)[:-1])) if len(y) else y
        accuracy = (correct + ACCURACY_PRIOR * ACCURACY_PRIOR_WEIGHT) / (
            answers + ACCURACY_PRIOR_WEIGHT
        )
        chain = np.clip(np.asarray(chain, dtype=np.float64), _EPS, 1.0 - _EPS)
        accuracy = np.clip(accuracy, _EPS, 1.0 - _EPS)
        blocks.append(
            np.column_stack(
                (
                    np.ones(len(y)),
                    np.log(chain / (1.0 - chain)),
                    np.log(accuracy / (1.0 - accuracy)),
                    np.log1p(answers),
                )
            )
        )
    return np.concatenate(blocks) if blocks else np.empty((0, 4))


def fit_weights(
    x: NDArray[np.float64], y: NDArray[np.float64], *, l2: float = 1e-4, iterations: int = 30
) -> NDArray[np.float64]:
    """Logistic regression by Newton's method (a tiny ridge keeps it well posed)."""
    w = np.zeros(x.shape[1])
    eye = np.eye(x.shape[1])
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        grad = x.T @ (p - y) / len(y) + l2 * w
        hess = (x * (p * (1.0 - p))[:, None]).T @ x / len(y) + l2 * eye
        delta = np.linalg.solve(hess, grad)
        w -= delta
        if np.max(np.abs(delta)) < 1e-10:
            break
    return w


def apply_weights(x: NDArray[np.float64], w: Sequence[float]) -> NDArray[np.float64]:
    return 1.0 / (1.0 + np.exp(-(x @ np.asarray(w, dtype=np.float64))))
