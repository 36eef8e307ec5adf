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
    """Similarity of any bead from prefix sums and banded overlap counts."""

    def __init__(self, zh: SideFeatures, en: SideFeatures, params: AlignParams, lo: np.ndarray, hi: np.ndarray):
        self.params = params
        self.len_zh, self.len_en = _prefix(zh.lengths), _prefix(en.lengths)
        self.content_zh, self.content_en = _prefix(zh.content), _prefix(en.content)
        self.anch_zh, self.anch_en = _prefix(zh.anchor_counts), _prefix(en.anchor_counts)
        n, m = len(zh.lengths), len(en.lengths)
        max_a = max(a for a, _ in params.beads)
        max_b = max(b for _, b in params.beads)
        # Row r's overlap counts cover every column that a bead ending in rows
        # r+1 .. r+max_a can reach, so lookups never leave the stored band.
        self.col_lo = np.maximum(0, lo[:n] - max_b)
        self.col_hi = hi[np.minimum(n, np.arange(n) + max_a)]
        self.dict_prefix = self._banded_prefix(zh.concepts, en.concepts, params.weights.get("dictionary", 0) > 0)
        self.anchor_prefix = self._banded_prefix(zh.anchors, en.anchors, params.weights.get("anchors", 0) > 0)
        self.mt_prefix = None
        if zh.mt_grams is not None and en.mt_grams is not None and params.weights.get("mt", 0) > 0:
            self.mt_prefix = self._banded_prefix(zh.mt_grams, en.mt_grams, True)
            self.mt_zh, self.mt_en = _prefix(zh.mt_counts), _prefix(en.mt_counts)

    def _empty_prefix(self) -> np.ndarray:
        width = int((self.col_hi - self.col_lo).max()) + 1
        return np.zeros((len(self.col_lo), width))

    def _banded_prefix(self, left: sparse.csr_matrix, right: sparse.csr_matrix, wanted: bool):
        """Row-wise prefix sums of left @ right.T inside the band, as one 2-D array."""
        if not wanted:
            return None
        prefix = self._empty_prefix()
        right_t = right.T.tocsc()
        block = 256
        for start in range(0, left.shape[0], block):
            stop = min(left.shape[0], start + block)
            c0, c1 = int(self.col_lo[start:stop].min()), int(self.col_hi[start:stop].max())
            product = (left[start:stop] @ right_t[:, c0:c1]).toarray()
            for r in range(start, stop):
                row = product[r - start, self.col_lo[r] - c0:self.col_hi[r] - c0]
                np.cumsum(row, out=prefix[r, 1:len(row) + 1])
        return prefix

    def _blocks(self, prefix: np.ndarray, i: int, js: np.ndarray, shape: list[tuple[int, int]]) -> np.ndarray:
        """Overlap sums for every bead (a, b) in `shape` ending at (i, js), as a beads x columns array.

        One difference per preceding row and English width, then a running
        sum over the rows: the band guarantees every index is stored.
        """
        max_a = max(a for a, _ in shape)
        widths = sorted({b for _, b in shape})
        per_row = []  # per_row[t][b]: overlap of row i-1-t with columns js-b .. js-1
        for t in range(max_a):
            r = i - 1 - t
            row = prefix[r]
            shifted = js - self.col_lo[r]
            top = row[shifted]
            # Beads wider than the columns to their left are invalid and masked
            # by the caller; clamping keeps their (unused) lookups in bounds.
            per_row.append({b: top - row[np.maximum(shifted - b, 0)] for b in widths})
        out = np.empty((len(shape), len(js)))
        for k, (a, b) in enumerate(shape):
            total = per_row[0][b].copy()
            for t in range(1, a):
                total += per_row[t][b]
            out[k] = total
        return out

    def similarities(self, i: int, js: np.ndarray, shape: list[tuple[int, int]]) -> dict[str, np.ndarray]:
        """Each signal's similarity in 0..1 for every bead (a, b) in `shape` ending at (i, js)."""
        p = self.params
        a_s = np.array([a for a, _ in shape])[:, None]
        b_s = np.array([b for _, b in shape])[:, None]
        starts = np.maximum(js[None, :] - b_s, 0)
        zh_len = self.len_zh[i] - self.len_zh[i - a_s]
        en_len = self.len_en[js][None, :] - self.len_en[starts]
        mean = (zh_len + en_len / p.ratio) / 2 + 1.0
        delta = (en_len - p.ratio * zh_len) / np.sqrt(p.variance * mean)
        sims = {"length": np.exp(math.log(2) + log_ndtr(-np.abs(delta)))}
        if self.dict_prefix is not None:
            matched = self._blocks(self.dict_prefix, i, js, shape)
            content = (self.content_zh[i] - self.content_zh[i - a_s]) + (self.content_en[js][None, :] - self.content_en[starts])
            sims["dictionary"] = np.minimum(1.0, np.divide(2 * matched, content, out=np.zeros_like(matched),
                                                           where=content > 0))
        if self.anchor_prefix is not None:
            shared = self._blocks(self.anchor_prefix, i, js, shape)
            count = (self.anch_zh[i] - self.anch_zh[i - a_s]) + (self.anch_en[js][None, :] - self.anch_en[starts])
            sims["anchors"] = np.minimum(1.0, np.divide(2 * shared, count, out=np.full_like(shared, np.nan),
                                                        where=count > 0))
        if self.mt_prefix is not None:
            # Dice over character 3-grams of the translated Chinese and the English (a chrF-like overlap).
            shared = self._blocks(self.mt_prefix, i, js, shape)
            grams = (self.mt_zh[i] - self.mt_zh[i - a_s]) + (self.mt_en[js][None, :] - self.mt_en[starts])
            sims["mt"] = np.minimum(1.0, np.divide(2 * shared, grams, out=np.zeros_like(shared), where=grams > 0))
        return sims

    def cost(self, i: int, js: np.ndarray, shape: list[tuple[int, int]]) -> np.ndarray:
        p = self.params
        sims = self.similarities(i, js, shape)
        size = np.array([(a + b) / 2 for a, b in shape])[:, None]
        penalty = np.array([p.penalties.get(f"{a}-{b}", 2.0) for a, b in shape])[:, None]
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
    width = int((hi - lo).max()) + 1
    table = np.full((n + 1, width), INF)
    back = np.full((n + 1, width), -1, dtype=np.int8)
    beads = list(params.beads)
    skip_en = beads.index((0, 1)) if (0, 1) in beads else None
    skip_cost = params.penalties["skip"]
    for i in range(n + 1):
        js = np.arange(lo[i], hi[i] + 1)
        best = np.full(len(js), INF)
        arg = np.full(len(js), -1, dtype=np.int8)
        if i == 0:
            best[js == 0] = 0.0
        pairs = [(k, a, b) for k, (a, b) in enumerate(beads) if a > 0 and b > 0 and i - a >= 0]
        costs = scorer.cost(i, js, [(a, b) for _, a, b in pairs]) if pairs else None
        cost_row = {k: n for n, (k, _, _) in enumerate(pairs)}
        for k, (a, b) in enumerate(beads):
            if a == 0 or i - a < 0:
                continue
            prev_js = js - b
            valid = (prev_js >= lo[i - a]) & (prev_js <= hi[i - a])
            if not valid.any():
                continue
            prev = np.full(len(js), INF)
            prev[valid] = table[i - a, prev_js[valid] - lo[i - a]]
            if b == 0:
                total = prev + skip_cost
            else:
                total = prev + costs[cost_row[k]]
            better = total < best
            best[better] = total[better]
            arg[better] = k
        if skip_en is not None and len(js) > 1:
            # best[j] = min(best[j], best[j-1] + skip): a prefix minimum of best - skip*j.
            offset = skip_cost * np.arange(len(js))
            running = np.minimum.accumulate(best - offset) + offset
            # Strictly better only: best - offset + offset can round below best.
            from_left = running < best - 1e-9
            best = np.where(from_left, running, best)
            arg[from_left] = skip_en
        table[i, :len(js)] = best
        back[i, :len(js)] = arg
    return _trace(table, back, lo, beads, scorer, n, m)


def _trace(table, back, lo, beads, scorer: BeadScorer, n: int, m: int) -> list[Bead]:
    path = []
    i, j = n, m
    while i > 0 or j > 0:
        k = int(back[i, j - lo[i]])
        if k < 0:
            raise RuntimeError(f"alignment path broken at ({i}, {j})")
        a, b = beads[k]
        path.append((i, j, a, b))
        i, j = i - a, j - b
    out = []
    weights = scorer.params.weights
    for i, j, a, b in reversed(path):
        zh_ids, en_ids = tuple(range(i - a, i)), tuple(range(j - b, j))
        if a == 0 or b == 0:
            out.append(Bead(zh_ids, en_ids, 0.0, {}))
            continue
        sims = {k: float(v[0, 0]) for k, v in scorer.similarities(i, np.array([j]), [(a, b)]).items()}
        signals = {k: (None if math.isnan(v) else round(v, 4)) for k, v in sims.items()}
        used = {k: v for k, v in signals.items() if v is not None and weights.get(k, 0) > 0}
        total = sum(weights[k] * v for k, v in used.items()) / sum(weights[k] for k in used) if used else 0.0
        out.append(Bead(zh_ids, en_ids, round(total, 4), signals))
    return out
