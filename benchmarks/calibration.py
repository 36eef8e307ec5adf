"""Labelled beads for the confidence model: collecting them, fitting the model, judging its scores.

Shared by bench_bitext.py (which fits with --fit and checks the targets) and
bench_align.py. A sample is one pair bead (text on both sides): where it
comes from, which half of the calibration split it belongs to, the model's
features (read from the bead's signals, as alignments.jsonl holds them), the
score the pipeline gave it, and whether it is right.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from pipeline.align import confidence

ECE_BINS = 10  # equal-width probability bins for the expected calibration error
L2 = 1.0  # ridge penalty of the logistic fit, on standardised features


@dataclass(frozen=True)
class Sample:
    source: str  # "bible", a bitext pair's name, or "unrelated ..."
    part: str  # "fit" or "report"
    regime: str  # which model reads it (confidence.regime)
    features: tuple[float, ...]
    score: float
    right: bool


def sample(source: str, part: str, bead: tuple[int, int], signals: dict, score: float, right: bool) -> Sample:
    features = tuple(confidence.features(bead, signals))
    return Sample(source, part, confidence.regime(signals), features, float(score), bool(right))


def auc(scores: np.ndarray, right: np.ndarray) -> float | None:
    """ROC AUC: the chance that a right bead scores above a wrong one (ties count half)."""
    pos, neg = scores[right], scores[~right]
    if not len(pos) or not len(neg):
        return None
    order = np.argsort(np.concatenate([pos, neg]), kind="mergesort")
    values = np.concatenate([pos, neg])[order]
    ranks = np.empty(len(values))
    start = 0
    while start < len(values):  # average ranks over ties
        end = start
        while end < len(values) and values[end] == values[start]:
            end += 1
        ranks[start:end] = (start + end + 1) / 2
        start = end
    rank_of = np.empty(len(values))
    rank_of[order] = ranks
    return float((rank_of[: len(pos)].sum() - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg)))


def ece(scores: np.ndarray, right: np.ndarray, bins: int = ECE_BINS) -> float:
    """Expected calibration error: |share right - mean score| per equal-width bin, weighted by its beads."""
    which = np.minimum((scores * bins).astype(int), bins - 1)
    total = 0.0
    for b in range(bins):
        inside = which == b
        if inside.any():
            total += inside.sum() / len(scores) * abs(right[inside].mean() - scores[inside].mean())
    return float(total)


def at_cutoff(scores: np.ndarray, right: np.ndarray, cutoff: float) -> tuple[float, float, int]:
    """Precision and recall (of the right beads) of the beads scoring at least `cutoff`, and how many."""
    kept = scores >= cutoff
    precision = float(right[kept].mean()) if kept.any() else 1.0
    recall = float(right[kept].sum() / right.sum()) if right.any() else 0.0
    return precision, recall, int(kept.sum())


def arrays(samples: list[Sample], model: confidence.Calibration) -> tuple[np.ndarray, np.ndarray]:
    """The model's probabilities for the samples, and whether each is right."""
    rows = np.asarray([s.features for s in samples], dtype=np.float64).reshape(len(samples), -1)
    scores = model.probabilities([s.regime for s in samples], rows) if len(samples) else np.zeros(0)
    return np.round(scores, 4), np.asarray([s.right for s in samples], dtype=bool)


def _fit_one(samples: list[Sample]) -> confidence.ConfidenceModel:
    """A model fitted on the samples, each source weighing the same (a long text must not drown a
    short document)."""
    counts: dict[str, int] = {}
    for s in samples:
        counts[s.source] = counts.get(s.source, 0) + 1
    rows = np.asarray([s.features for s in samples], dtype=np.float64).reshape(len(samples), -1)
    labels = np.asarray([s.right for s in samples], dtype=np.float64)
    weights = np.asarray([len(samples) / len(counts) / counts[s.source] for s in samples])
    return confidence.fit(rows, labels, weights, L2)


def fit(samples: list[Sample]) -> tuple[confidence.Calibration, dict]:
    """One model per regime fitted on its samples, and a record of what each was fitted on."""
    models, fitted_on = {}, {}
    for regime in confidence.REGIMES:
        chosen = [s for s in samples if s.regime == regime]
        if not chosen:
            raise SystemExit(f"no {regime} beads to fit the confidence model on")
        models[regime] = _fit_one(chosen)
        fitted_on[regime] = {
            source: {
                "beads": sum(s.source == source for s in chosen),
                "right": sum(s.right for s in chosen if s.source == source),
            }
            for source in sorted({s.source for s in chosen})
        }
    provenance = {
        "fitted_by": "benchmarks/bench_bitext.py --fit",
        "fitted_on": fitted_on,
        "source_weights": "equal per source within a regime",
        "l2": L2,
    }
    return confidence.Calibration(models), provenance


def write_model(model: confidence.Calibration, provenance: dict, path: Path = confidence.MODEL_FILE) -> None:
    path.write_text(json.dumps(model.to_dict(provenance), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
