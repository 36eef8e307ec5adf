"""The banded dynamic programme over beads, and the score of each bead.

Rows are Chinese segments, columns English ones. The band follows the
diagonal that the two sides' cumulative lengths predict, so cost grows with
n x band, not n x m. Each row is one vectorised pass per bead type; 0-1 beads
(skipping an English segment) depend on the same row and are resolved with a
prefix-minimum scan.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from scipy.special import log_ndtr

from pipeline.align.features import SideFeatures
from pipeline.settings import AlignSettings

INF = np.inf
MISMATCH_BELOW = 0.05  # dictionary similarity under which `penalties.mismatch` applies in full at 0
# Cells (rows x band columns) whose costs are computed in one vectorised pass: bounds the
# temporary arrays (~0.5 MB each, cache-sized) while keeping numpy calls per row few.
BLOCK_CELLS = 1 << 16


def _defaults() -> AlignSettings:
    return AlignSettings()


@dataclass(frozen=True)
class AlignParams:
    """The DP's parameters; defaults are those of settings.AlignSettings (defined there only)."""

    beads: tuple[tuple[int, int], ...] = tuple(tuple(b) for b in _defaults().beads)
    band: int = _defaults().band
    weights: dict = field(default_factory=lambda: _defaults().weights.model_dump())
    penalties: dict = field(default_factory=lambda: _defaults().penalties.as_dict())
    ratio: float = _defaults().length.ratio  # English characters per Chinese character (prior when not estimated)
    variance: float = _defaults().length.variance  # Gale-Church variance per Chinese character, at that ratio
    estimate_ratio: bool = _defaults().length.estimate_ratio  # estimate the ratio from the two texts

    @classmethod
    def from_settings(cls, settings: AlignSettings) -> AlignParams:
        return cls(
            beads=tuple(tuple(b) for b in settings.beads),
            band=settings.band,
            weights=settings.weights.model_dump(),
            penalties=settings.penalties.as_dict(),
            ratio=settings.length.ratio,
            variance=settings.length.variance,
            estimate_ratio=settings.length.estimate_ratio,
        )

    def for_texts(self, zh_total: float, en_total: float, zh_count: int, en_count: int) -> AlignParams:
        """The length model fitted to these two texts, as Gale and Church fit c to their data.

        How many English characters a Chinese one becomes depends on the text
        (terse classical Chinese vs technical prose full of Latin terms), so the
        ratio comes from the texts themselves when there is enough of them, and
        the variance scales with it.
        """
        if not self.estimate_ratio or min(zh_count, en_count) < 3 or zh_total <= 0 or en_total <= 0:
            return self
        ratio = min(max(en_total / zh_total, self.ratio / 2), self.ratio * 1.5)
        return dataclasses.replace(self, ratio=ratio, variance=self.variance * ratio / self.ratio,
                                   estimate_ratio=False)

    def length_only(self) -> AlignParams:
        """The Gale-Church baseline: the same programme with every other signal off."""
        weights = {k: (v if k == "length" else 0.0) for k, v in self.weights.items()}
        return dataclasses.replace(self, weights=weights)


@dataclass(frozen=True)
class Bead:
    zh: tuple[int, ...]
    en: tuple[int, ...]
    score: float  # 0..1, weighted mean of the signals' similarities
    signals: dict  # signal -> similarity in 0..1 (None where the signal had nothing to say)


def _prefix(values: np.ndarray) -> np.ndarray:
    out = np.zeros(len(values) + 1)
    np.cumsum(values, out=out[1:])
    return out


class BeadScorer:
    """Similarity and cost of any beads, given as arrays of end points, from prefix sums.

    Lengths, concept counts and anchor counts of a run of segments come from
    1-D prefix sums; the overlap of a run of Chinese segments with a run of
    English ones from banded 2-D prefix sums of the overlap matrix, stored as
    float32 (the overlaps are small integer counts, exact in float32).
    """

    def __init__(self, zh: SideFeatures, en: SideFeatures, params: AlignParams, lo: np.ndarray, hi: np.ndarray):
        self.params = params
        self.len_zh, self.len_en = _prefix(zh.lengths), _prefix(en.lengths)
        self.content_zh, self.content_en = _prefix(zh.content), _prefix(en.content)
        self.anch_zh, self.anch_en = _prefix(zh.anchor_counts), _prefix(en.anchor_counts)
        n = len(zh.lengths)
        max_a = max(a for a, _ in params.beads)
        max_b = max(b for _, b in params.beads)
        # Row r's overlap counts cover every column that a bead ending in rows
        # r+1 .. r+max_a can reach, so lookups never leave the stored band.
        self.col_lo = np.maximum(0, lo[:n] - max_b)
        self.col_hi = hi[np.minimum(n, np.arange(n) + max_a)]
        self.width = int((self.col_hi - self.col_lo).max()) + 1 if n else 1
        self.dict_prefix = self._banded_prefix(zh.concepts, en.concepts, params.weights.get("dictionary", 0) > 0)
        self.anchor_prefix = self._banded_prefix(zh.anchors, en.anchors, params.weights.get("anchors", 0) > 0)
        self.mt_prefix = None
        if zh.mt_grams is not None and en.mt_grams is not None and params.weights.get("mt", 0) > 0:
            self.mt_prefix = self._banded_prefix(zh.mt_grams, en.mt_grams, True)
            self.mt_zh, self.mt_en = _prefix(zh.mt_counts), _prefix(en.mt_counts)

    def _banded_prefix(self, left: sparse.csr_matrix, right: sparse.csr_matrix, wanted: bool):
        """Row-wise prefix sums of left @ right.T inside the band: prefix[r, k] sums columns col_lo[r] .. +k-1."""
        if not wanted:
            return None
        n = left.shape[0]
        prefix = np.zeros((n, self.width), dtype=np.float32)
        right_t = right.T.tocsc()
        offsets = np.arange(self.width - 1)
        block = max(1, BLOCK_CELLS // self.width)
        for start in range(0, n, block):
            stop = min(n, start + block)
            c0, c1 = int(self.col_lo[start:stop].min()), int(self.col_hi[start:stop].max())
            product = (left[start:stop] @ right_t[:, c0:c1]).toarray()
            columns = (self.col_lo[start:stop] - c0)[:, None] + offsets[None, :]
            inside = offsets[None, :] < (self.col_hi[start:stop] - self.col_lo[start:stop])[:, None]
            gathered = np.take_along_axis(product, np.minimum(columns, max(0, c1 - c0 - 1)), axis=1) if c1 > c0 \
                else np.zeros(columns.shape)
            np.cumsum(np.where(inside, gathered, 0.0), axis=1, out=prefix[start:stop, 1:])
        return prefix

    def _overlap(self, prefix: np.ndarray, a: int, b: int, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """Overlap of Chinese rows i-a .. i-1 with English columns j-b .. j-1 (i, j broadcast together).

        Beads outside the band are masked by the caller; clamping keeps their
        (unused) lookups in bounds.
        """
        last = self.width - 1
        total = 0.0
        for t in range(a):
            r = np.maximum(i - 1 - t, 0)
            shifted = j - self.col_lo[r]
            top = prefix[r, np.clip(shifted, 0, last)]
            total = total + (top.astype(np.float64) - prefix[r, np.clip(shifted - b, 0, last)])
        return total

    def similarities(self, a: int, b: int, i: np.ndarray, j: np.ndarray) -> dict[str, np.ndarray]:
        """Each signal's similarity in 0..1 for the beads (a, b) ending at (i, j), arrays broadcast together."""
        p = self.params
        start = np.maximum(j - b, 0)
        zh_len = self.len_zh[i] - self.len_zh[np.maximum(i - a, 0)]
        en_len = self.len_en[j] - self.len_en[start]
        mean = (zh_len + en_len / p.ratio) / 2 + 1.0
        delta = (en_len - p.ratio * zh_len) / np.sqrt(p.variance * mean)
        sims = {"length": np.exp(math.log(2) + log_ndtr(-np.abs(delta)))}
        if self.dict_prefix is not None:
            matched = self._overlap(self.dict_prefix, a, b, i, j)
            content = (self.content_zh[i] - self.content_zh[np.maximum(i - a, 0)]) + \
                (self.content_en[j] - self.content_en[start])
            sims["dictionary"] = np.minimum(1.0, np.divide(2 * matched, content, out=np.zeros(content.shape),
                                                           where=content > 0))
        if self.anchor_prefix is not None:
            shared = self._overlap(self.anchor_prefix, a, b, i, j)
            count = (self.anch_zh[i] - self.anch_zh[np.maximum(i - a, 0)]) + (self.anch_en[j] - self.anch_en[start])
            sims["anchors"] = np.minimum(1.0, np.divide(2 * shared, count, out=np.full(count.shape, np.nan),
                                                        where=count > 0))
        if self.mt_prefix is not None:
            # Dice over character 3-grams of the translated Chinese and the English (a chrF-like overlap).
            shared = self._overlap(self.mt_prefix, a, b, i, j)
            grams = (self.mt_zh[i] - self.mt_zh[np.maximum(i - a, 0)]) + (self.mt_en[j] - self.mt_en[start])
            sims["mt"] = np.minimum(1.0, np.divide(2 * shared, grams, out=np.zeros(grams.shape), where=grams > 0))
        return sims

    def cost(self, a: int, b: int, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """The DP cost of the beads (a, b) ending at (i, j): low for likely pairs."""
        p = self.params
        sims = self.similarities(a, b, i, j)
        size = (a + b) / 2
        penalty = p.penalties.get(f"{a}-{b}", 2.0)
        cost = -p.weights.get("length", 0) * np.log(np.maximum(sims["length"], 1e-12)) / 3 + penalty
        if "dictionary" in sims:
            cost = cost + p.weights["dictionary"] * (1 - sims["dictionary"]) * size
            mismatch = p.penalties.get("mismatch", 0.0)
            if mismatch:
                # Pairs that share (almost) no dictionary words: make skipping them cheaper than pairing.
                cost = cost + mismatch * np.maximum(0.0, MISMATCH_BELOW - sims["dictionary"]) / MISMATCH_BELOW
        if "anchors" in sims:
            # Shared anchors pull a pair together; anchors on one side only push it apart.
            anchored = sims["anchors"]
            cost = cost + np.where(np.isnan(anchored), 0.0, p.weights["anchors"] * (0.5 - anchored))
        if "mt" in sims:
            cost = cost + p.weights["mt"] * (1 - sims["mt"]) * size
        return cost


def band_limits(zh: SideFeatures, en: SideFeatures, band: int) -> tuple[np.ndarray, np.ndarray]:
    """Column range of each row, around the diagonal the cumulative lengths predict."""
    n, m = len(zh.lengths), len(en.lengths)
    cz = _prefix(zh.lengths + 1)
    ce = _prefix(en.lengths + 1)
    centre = np.searchsorted(ce / ce[-1], cz / cz[-1], side="left")
    width = max(band, int(2 * math.sqrt(max(n, m, 1))))
    lo = np.clip(centre - width, 0, m)
    hi = np.clip(centre + width, 0, m)
    lo[0], hi[-1] = 0, m
    lo = np.minimum.accumulate(lo[::-1])[::-1]  # never let a later row start before an earlier one ends
    hi = np.maximum.accumulate(hi)
    return lo.astype(np.int64), hi.astype(np.int64)


def align(zh: SideFeatures, en: SideFeatures, params: AlignParams) -> list[Bead]:
    """The lowest-cost sequence of beads covering every segment of both sides exactly once."""
    n, m = len(zh.lengths), len(en.lengths)
    if n == 0 or m == 0:
        return [Bead((i,), (), 0.0, {}) for i in range(n)] + [Bead((), (j,), 0.0, {}) for j in range(m)]
    params = params.for_texts(float(zh.lengths.sum()), float(en.lengths.sum()), n, m)
    lo, hi = band_limits(zh, en, params.band)
    scorer = BeadScorer(zh, en, params, lo, hi)
    return _beads(_search(scorer, lo, hi, n, m), scorer)


def _search(scorer: BeadScorer, lo: np.ndarray, hi: np.ndarray, n: int, m: int) -> list[tuple[int, int, int, int]]:
    """The lowest-cost path inside the band, as (end row, end column, a, b) per bead, in order."""
    params = scorer.params
    width = int((hi - lo).max()) + 1
    # Row i of the table holds columns lo[i] .. hi[i]; memory is rows x band.
    table = np.full((n + 1, width), INF)
    back = np.full((n + 1, width), -1, dtype=np.int8)
    beads = list(params.beads)
    skip_en = beads.index((0, 1)) if (0, 1) in beads else None
    skip_cost = params.penalties["skip"]
    steps = [(k, a, b) for k, (a, b) in enumerate(beads) if a > 0]
    offsets = np.arange(width)
    skip_offset = skip_cost * offsets
    rows_per_block = max(1, BLOCK_CELLS // width)
    for first in range(0, n + 1, rows_per_block):
        rows = np.arange(first, min(n + 1, first + rows_per_block))
        # Cells past a row's band are clamped to its last column; their costs are never read.
        cols = np.minimum(lo[rows][:, None] + offsets[None, :], hi[rows][:, None])
        # Bead costs do not depend on the table: each pair type's cost for every
        # cell of the block in one pass; the recurrence below only adds and compares.
        step_costs = {}
        for k, a, b in steps:
            if b > 0:
                step_costs[k] = scorer.cost(a, b, rows[:, None], cols)
        for r, i in enumerate(rows):
            length = int(hi[i] - lo[i]) + 1
            best = np.full(length, INF)
            arg = np.full(length, -1, dtype=np.int8)
            if i == 0:
                best[0 - lo[0]] = 0.0
            for k, a, b in steps:
                if i - a < 0:
                    continue
                # Column j comes from column j - b of row i - a, when that row's band holds it.
                shift = int(lo[i] - lo[i - a]) - b
                first_ok = max(0, -shift)
                last_ok = min(length, int(hi[i - a] - lo[i - a]) + 1 - shift)
                if last_ok <= first_ok:
                    continue
                prev = table[i - a, first_ok + shift:last_ok + shift]
                if b == 0:
                    total = prev + skip_cost
                else:
                    total = prev + step_costs[k][r, first_ok:last_ok]
                window = best[first_ok:last_ok]
                better = total < window
                window[better] = total[better]
                arg[first_ok:last_ok][better] = k
            if skip_en is not None and length > 1:
                # best[j] = min(best[j], best[j-1] + skip): a prefix minimum of best - skip*j.
                offset = skip_offset[:length]
                running = np.minimum.accumulate(best - offset) + offset
                # Strictly better only: best - offset + offset can round below best.
                from_left = running < best - 1e-9
                best = np.where(from_left, running, best)
                arg[from_left] = skip_en
            table[i, :length] = best
            back[i, :length] = arg
    path = []
    i, j = n, m
    while i > 0 or j > 0:
        k = int(back[i, j - lo[i]])
        if k < 0:
            raise RuntimeError(f"alignment path broken at ({i}, {j})")
        a, b = beads[k]
        path.append((i, j, a, b))
        i, j = i - a, j - b
    path.reverse()
    return path


def _beads(path, scorer: BeadScorer) -> list[Bead]:
    # Every pair bead's signals, computed per bead type in one vectorised pass.
    signals_at: dict[int, dict] = {}
    for a, b in {(a, b) for _, _, a, b in path if a and b}:
        where = [k for k, (_, _, a2, b2) in enumerate(path) if (a2, b2) == (a, b)]
        ends_i = np.array([path[k][0] for k in where])
        ends_j = np.array([path[k][1] for k in where])
        sims = scorer.similarities(a, b, ends_i, ends_j)
        for column, k in enumerate(where):
            signals_at[k] = {name: float(values[column]) for name, values in sims.items()}
    out = []
    weights = scorer.params.weights
    for k, (i, j, a, b) in enumerate(path):
        zh_ids, en_ids = tuple(range(i - a, i)), tuple(range(j - b, j))
        if a == 0 or b == 0:
            out.append(Bead(zh_ids, en_ids, 0.0, {}))
            continue
        signals = {name: (None if math.isnan(v) else round(v, 4)) for name, v in signals_at[k].items()}
        used = {name: v for name, v in signals.items() if v is not None and weights.get(name, 0) > 0}
        total = sum(weights[name] * v for name, v in used.items()) / sum(weights[name] for name in used) if used else 0.0
        out.append(Bead(zh_ids, en_ids, round(total, 4), signals))
    return out
