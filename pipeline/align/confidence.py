"""A bead's score: the estimated probability that it is right.

A logistic model over what a bead shows (its signals, its type, how clearly
it beat the beads next to it, how its neighbours fared) turns the evidence
into a probability; one for documents (whose blocks and headings are known),
one for text given a segment a line. Its coefficients are not typed by hand: they are fitted
by `benchmarks/bench_bitext.py --fit` on one half of the gold alignments at
hand (odd Bible chapters and some of ../shared/bitext's document pairs) and
shipped in confidence.json with what they were fitted on; the benchmark
checks them on the other half (ROC AUC, calibration error, and the precision
at `align.min_confidence`).

Only beads that pair text on both sides get a probability; a 1-0 or 0-1 bead
claims nothing and scores 0.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from pipeline.align.evidence import MARGIN_CAP
from pipeline.types import Bead

MODEL_FILE = Path(__file__).with_name("confidence.json")
# Characters at which the size feature saturates: longer beads are all "long".
SIZE_SCALE = math.log(200.0)
WIDE = 3  # beads either side that `context_wide` averages over

FEATURES = (
    "dictionary",
    "length",
    "anchors",
    "has_anchors",
    "blocks",
    "heading_pair",
    "heading_mismatch",
    "margin",
    "margin_log",
    "margin_far",
    "gain",
    "cost",
    "one_to_one",
    "three_or_more",
    "context",
    "context_wide",
    "skipped_neighbours",
    "size",
)


def _value(signals: dict, name: str, default: float = 0.0) -> float:
    value = signals.get(name)
    return default if value is None else float(value)


def features(bead: tuple[int, int], signals: dict) -> list[float]:
    """The model's inputs for one pair bead with `bead` = (Chinese count, English count), read from
    its signals alone (with_context() adds what its neighbours show), as alignments.jsonl holds them."""
    a, b = bead
    headings = signals.get("headings")
    return [
        _value(signals, "dictionary"),
        _value(signals, "length"),
        _value(signals, "anchors"),
        float(signals.get("anchors") is not None),
        1.0 - _value(signals, "blocks", 1.0),
        float(headings == 1.0),
        float(headings == 0.0),
        _value(signals, "margin") / MARGIN_CAP,
        math.log1p(max(0.0, _value(signals, "margin"))) / math.log1p(MARGIN_CAP),
        math.log1p(max(0.0, _value(signals, "margin_far"))) / math.log1p(MARGIN_CAP),
        _value(signals, "gain") / MARGIN_CAP,
        _value(signals, "cost") / MARGIN_CAP,
        float(a == 1 and b == 1),
        float(a + b >= 3),
        _value(signals, "context"),
        _value(signals, "context_wide"),
        _value(signals, "skipped_neighbours") / 2.0,
        min(1.0, math.log1p(_value(signals, "zh_chars")) / SIZE_SCALE),
    ]


def with_context(beads: list[Bead]) -> list[Bead]:
    """The pair beads' signals gain `context`, the mean dictionary similarity of the beads either side
    (a 1-0 or 0-1 neighbour counts 0), `context_wide`, the same over WIDE beads either side, and
    `skipped_neighbours`, how many of the two next to it are 1-0 or 0-1."""
    out = list(beads)
    similarity = [b.signals.get("dictionary") or 0.0 for b in beads]
    for k, bead in enumerate(beads):
        if not (bead.zh and bead.en):
            continue
        near = [t for t in (k - 1, k + 1) if 0 <= t < len(beads)]
        wide = [t for t in range(k - WIDE, k + WIDE + 1) if t != k and 0 <= t < len(beads)]
        signals = dict(bead.signals)
        signals["context"] = round(sum(similarity[t] for t in near) / len(near), 4) if near else 0.0
        signals["context_wide"] = round(sum(similarity[t] for t in wide) / len(wide), 4) if wide else 0.0
        signals["skipped_neighbours"] = sum(1 for t in near if not (beads[t].zh and beads[t].en))
        out[k] = Bead(bead.zh, bead.en, bead.score, signals)
    return out


def regime(signals: dict) -> str:
    """Which model reads a bead: "document" where the text's blocks and headings were known (their
    evidence counts there), "text" for one segment a line (a presplit corpus, a plain text)."""
    return "document" if "blocks" in signals else "text"


REGIMES = ("text", "document")


@dataclass(frozen=True)
class ConfidenceModel:
    """Logistic regression over standardised FEATURES."""

    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float

    def probability(self, rows: np.ndarray) -> np.ndarray:
        z = ((rows - self.mean) / self.scale) @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-z))

    def to_dict(self) -> dict:
        return {
            "mean": [round(float(v), 6) for v in self.mean],
            "scale": [round(float(v), 6) for v in self.scale],
            "coef": [round(float(v), 6) for v in self.coef],
            "intercept": round(float(self.intercept), 6),
        }


@dataclass(frozen=True)
class Calibration:
    """One model per regime."""

    models: dict[str, ConfidenceModel]

    def probabilities(self, regimes: list[str], rows: np.ndarray) -> np.ndarray:
        out = np.zeros(len(regimes))
        for name, model in self.models.items():
            chosen = np.asarray([r == name for r in regimes], dtype=bool)
            if chosen.any():
                out[chosen] = model.probability(rows[chosen])
        return out

    def to_dict(self, provenance: dict) -> dict:
        return {"features": list(FEATURES), **{n: m.to_dict() for n, m in self.models.items()}, **provenance}


@lru_cache(maxsize=4)
def load_model(path: Path = MODEL_FILE) -> Calibration:
    data = json.loads(path.read_text(encoding="utf-8"))
    if tuple(data["features"]) != FEATURES:
        raise RuntimeError(f"{path}: fitted on other features than confidence.FEATURES; refit (bench_bitext.py --fit)")
    return Calibration(
        {
            name: ConfidenceModel(
                np.asarray(data[name]["mean"]),
                np.asarray(data[name]["scale"]),
                np.asarray(data[name]["coef"]),
                float(data[name]["intercept"]),
            )
            for name in REGIMES
        }
    )


def calibrated(beads: list[Bead], model: Calibration | None = None) -> list[Bead]:
    """The beads, with context signals, and `score` the probability that each is right (0 for 1-0 and 0-1)."""
    beads = with_context(beads)
    where = [k for k, bead in enumerate(beads) if bead.zh and bead.en]
    if not where:
        return beads
    rows = np.asarray([features((len(beads[k].zh), len(beads[k].en)), beads[k].signals) for k in where])
    probabilities = (model or load_model()).probabilities([regime(beads[k].signals) for k in where], rows)
    for k, p in zip(where, probabilities.tolist()):
        beads[k] = Bead(beads[k].zh, beads[k].en, round(p, 4), beads[k].signals)
    return beads


def unclaimed(beads: list[Bead], floor: float) -> list[Bead]:
    """The calibrated beads with each pair bead scoring below `floor` taken apart into 1-0 and 0-1 beads
    in place (its Chinese first, as the DP orders a skip run): a pairing the model all but rules out is
    reported as unmatched text rather than as a translation. `floor` is align.min_claim: on the fit
    half of bench_bitext the pairs scoring under 0.05 are pairs that translate nothing of each other
    and a sentence a PDF's text layer ran together out of a whole list, forced against a few of its
    items."""
    out: list[Bead] = []
    for bead in beads:
        if bead.zh and bead.en and bead.score < floor:
            out += [Bead((i,), (), 0.0, {}) for i in bead.zh] + [Bead((), (j,), 0.0, {}) for j in bead.en]
        else:
            out.append(bead)
    return out


def fit(rows: np.ndarray, labels: np.ndarray, weights: np.ndarray, l2: float) -> ConfidenceModel:
    """Weighted, L2-regularised logistic regression by Newton's method (IRLS) on standardised rows."""
    mean = np.average(rows, axis=0, weights=weights)
    scale = np.sqrt(np.average((rows - mean) ** 2, axis=0, weights=weights))
    scale[scale < 1e-9] = 1.0
    x = np.hstack([(rows - mean) / scale, np.ones((len(rows), 1))])
    w = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], l2)
    penalty[-1] = 0.0  # the intercept is not shrunk
    for _ in range(100):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        gradient = x.T @ (weights * (p - labels)) + penalty * w
        hessian = (x * (weights * p * (1 - p))[:, None]).T @ x + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-10:
            break
    return ConfidenceModel(mean, scale, w[:-1], float(w[-1]))
