"""What the chosen path's beads show: each signal's similarity, and how clearly the path chose them.

The DP picks the cheapest path; whether a bead on it is right depends also on
how clearly it beat the alternatives. Two measures, in cost units:

- `margin`: the cheapest change of where this bead begins or ends (moving
  the boundary between it and a neighbour by one segment on either side,
  which turns a 1-2 and a 1-1 into a 1-1 and a 1-2, or a 1-1 and a 0-1 into
  a 1-2) minus the cost of the path as it is: near zero where the text gives
  no reason to prefer one over the other (a run of short sentences, an
  unrelated pair), large where it does;
  `margin_far` is the same for the bead's other end (the better of the two);
- `gain`: what leaving the bead's segments unaligned would cost more than
  pairing them; `cost`: what the DP paid for the bead.

Signals are rounded to 4 places: they are written to alignments.jsonl, and
what is written is what the confidence model reads (confidence.py).
"""

from __future__ import annotations

import math

import numpy as np

from pipeline.align.scoring import BeadScorer, Cells
from pipeline.types import Bead

# Margins and gains are capped: beyond this, a bead is as clearly chosen as it can be.
MARGIN_CAP = 10.0
SHIFTS = ((0, -1), (0, 1), (-1, 0), (1, 0))

Path = list[tuple[int, int, int, int]]


def beads(path: Path, scorer: BeadScorer) -> list[Bead]:
    """The path's beads with their signals (pairs only; 1-0 and 0-1 beads have none)."""
    own = costs(scorer, path)
    node_margin = _node_margins(scorer, path, own)
    signals_at: dict[int, dict[str, float | None]] = {}
    for a, b in sorted({(a, b) for _, _, a, b in path if a and b}):
        where = [k for k, (_, _, a2, b2) in enumerate(path) if (a2, b2) == (a, b)]
        cells = Cells(scorer, np.array([path[k][0] for k in where]), np.array([path[k][1] for k in where]))
        sims = scorer.similarities(a, b, cells)
        zh_chars = cells.zh_run(scorer.len_zh, a)
        for column, k in enumerate(where):
            signals = {name: _rounded(values[column]) for name, values in sims.items()}
            signals["margin"] = _rounded(min(node_margin[k], node_margin[k + 1], MARGIN_CAP))
            signals["margin_far"] = _rounded(min(max(node_margin[k], node_margin[k + 1]), MARGIN_CAP))
            signals["cost"] = _rounded(max(-MARGIN_CAP, min(own[k], MARGIN_CAP)))
            gain = (a + b) * scorer.params.penalties.skip - own[k]
            signals["gain"] = _rounded(max(-MARGIN_CAP, min(gain, MARGIN_CAP)))
            signals["zh_chars"] = int(zh_chars[column])
            signals_at[k] = signals
    return [
        Bead(tuple(range(i - a, i)), tuple(range(j - b, j)), 0.0, signals_at.get(k, {}))
        for k, (i, j, a, b) in enumerate(path)
    ]


def _rounded(value: float) -> float | None:
    return None if math.isnan(value) else round(float(value), 4)


def costs(scorer: BeadScorer, beads: list[tuple[int, int, int, int]]) -> np.ndarray:
    """The DP cost of each bead (end row, end column, a, b); inf for a bead type the DP does not allow."""
    out = np.full(len(beads), np.inf)
    allowed = set(scorer.params.beads)
    skip = scorer.params.penalties.skip
    by_type: dict[tuple[int, int], list[int]] = {}
    for k, (_, _, a, b) in enumerate(beads):
        if (a, b) in allowed:
            by_type.setdefault((a, b), []).append(k)
    for (a, b), where in by_type.items():
        if a == 0 or b == 0:
            out[where] = skip * (a + b)
            continue
        ends_i = np.array([beads[k][0] for k in where])
        ends_j = np.array([beads[k][1] for k in where])
        out[where] = scorer.cost(a, b, Cells(scorer, ends_i, ends_j))
    return out


def _node_margins(scorer: BeadScorer, path: Path, own: np.ndarray) -> np.ndarray:
    """Per boundary between beads (k = 0 .. len(path), 0 and the last being the texts' ends, which
    cannot move): how much the cheapest one-segment move of that boundary would add to the path's cost."""
    n, m = len(scorer.len_zh) - 1, len(scorer.len_en) - 1
    margins = np.full(len(path) + 1, np.inf)
    if len(path) < 2:
        return margins
    for di, dj in SHIFTS:
        left, right, nodes = [], [], []
        for k in range(1, len(path)):
            i, j, a, b = path[k - 1]
            i2, j2, a2, b2 = path[k]
            ni, nj = i + di, j + dj
            if not (0 <= ni <= n and 0 <= nj <= m) or not (scorer.lo[ni] <= nj <= scorer.hi[ni]):
                continue
            if min(a + di, b + dj, a2 - di, b2 - dj) < 0:
                continue
            left.append((ni, nj, a + di, b + dj))
            right.append((i2, j2, a2 - di, b2 - dj))
            nodes.append(k)
        if not nodes:
            continue
        change = costs(scorer, left) + costs(scorer, right) - own[[k - 1 for k in nodes]] - own[nodes]
        margins[nodes] = np.minimum(margins[nodes], change)
    return margins
