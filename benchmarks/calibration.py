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
    source: str  # "bible" or a bitext pair's name
    part: str  # "fit" or "report"
    features: tuple[float, ...]
    score: float
    right: bool


def sample(source: str, part: str, bead: tuple[int, int], signals: dict, score: float, right: bool) -> Sample:
    return Sample(source, part, tuple(confidence.features(bead, signals)), float(score), bool(right))


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


def arrays(samples: list[Sample], model: confidence.ConfidenceModel) -> tuple[np.ndarray, np.ndarray]:
    """The model's probabilities for the samples, and whether each is right."""
    rows = np.asarray([s.features for s in samples], dtype=np.float64).reshape(len(samples), -1)
    scores = model.probability(rows) if len(samples) else np.zeros(0)
    return np.round(scores, 4), np.asarray([s.right for s in samples], dtype=bool)


def fit(samples: list[Sample]) -> tuple[confidence.ConfidenceModel, dict]:
    """The model fitted on the samples, each source weighing the same (a long text must not drown
    the documents), and a record of what it was fitted on."""
    counts: dict[str, int] = {}
    for s in samples:
        counts[s.source] = counts.get(s.source, 0) + 1
    rows = np.asarray([s.features for s in samples], dtype=np.float64)
    labels = np.asarray([s.right for s in samples], dtype=np.float64)
    weights = np.asarray([len(samples) / len(counts) / counts[s.source] for s in samples])
    model = confidence.fit(rows, labels, weights, L2)
    provenance = {
        "fitted_by": "benchmarks/bench_bitext.py --fit",
        "fitted_on": {source: {"beads": n, "right": sum(s.right for s in samples if s.source == source)}
                      for source, n in sorted(counts.items())},
        "source_weights": "equal per source",
        "l2": L2,
    }
    return model, provenance


def write_model(model: confidence.ConfidenceModel, provenance: dict, path: Path = confidence.MODEL_FILE) -> None:
    path.write_text(json.dumps(model.to_dict(provenance), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
