"""How alike the two sides of a bead are, signal by signal, and what the DP pays for it.

Lengths, concept counts and anchor counts of a run of segments come from
1-D prefix sums; the overlap of a run of Chinese segments with a run of
English ones from banded 2-D prefix sums of the overlap matrix, stored as
float32 (the overlaps are small integer counts, exact in float32).

The DP asks for the cost of every bead type at every cell of a block of the
band; `Cells` holds what bead types share at those cells (English run
lengths per width, per-row overlap differences), so each is computed once.
"""

from __future__ import annotations

import math

import numpy as np

from pipeline.align.features import SideFeatures
from pipeline.align.params import AlignParams
from pipeline.align.rowsets import RowSets, banded_prefix

MISMATCH_BELOW = 0.05  # dictionary similarity under which `penalties.mismatch` applies in full at 0
# Cells (rows x band columns) handled in one vectorised pass: bounds the temporary
# arrays (~0.5 MB each, cache-sized) while keeping numpy calls per row few.
BLOCK_CELLS = 1 << 16
LOG_FLOOR = math.log(1e-12)  # the length similarity counts as at least 1e-12
# log(2 * Phi(-x)) = log(erfc(x / sqrt 2)) for x >= 0, tabulated from math.erfc every TAIL_STEP
# and interpolated linearly (within ~5e-9 of exact: the curve bends by less than 1 per unit²).
# numpy has no erfc, and importing scipy.special costs ~0.2 s, a fifth of a 1,000-sentence alignment.
# Past TAIL_END the value is far below LOG_FLOOR and stays at the table's last entry.
TAIL_STEP, TAIL_END = 2e-4, 8.0
_TAIL_X = np.arange(0.0, TAIL_END + TAIL_STEP / 2, TAIL_STEP)
_TAIL_LOG = np.log(np.frompyfunc(lambda x: math.erfc(x / math.sqrt(2)), 1, 1)(_TAIL_X).astype(np.float64))


_TAIL_SLOPE = np.append(np.diff(_TAIL_LOG), 0.0)


def log_two_sided_tail(x: np.ndarray) -> np.ndarray:
    """log P(|Z| >= x) for a standard normal Z, x >= 0."""
    # The grid is uniform: the cell is found by division (np.interp's binary search is 10x slower).
    position = np.minimum(x, TAIL_END) / TAIL_STEP
    cell = position.astype(np.int64)
    return _TAIL_LOG[cell] + (position - cell) * _TAIL_SLOPE[cell]


def prefix_sums(values: np.ndarray) -> np.ndarray:
    out = np.zeros(len(values) + 1)
    np.cumsum(values, out=out[1:])
    return out


def _heading_misfit(a: int, b: int, heads: np.ndarray) -> np.ndarray:
    """1 where a bead pairs a heading with body text, or joins a heading to other segments; else 0."""
    mismatch = (heads[0] > 0) != (heads[1] > 0)
    merged = ((heads[0] > 0) & (a > 1)) | ((heads[1] > 0) & (b > 1))
    return (mismatch | merged).astype(np.float64)


class Cells:
    """Bead end points (i, j), arrays broadcast together, with what bead types share there."""

    def __init__(self, scorer: BeadScorer, i: np.ndarray, j: np.ndarray):
        self.scorer, self.i, self.j = scorer, i, j
        self._memo: dict = {}

    def _get(self, key, make):
        value = self._memo.get(key)
        if value is None:
            value = self._memo[key] = make()
        return value

    def zh_run(self, prefix: np.ndarray, a: int) -> np.ndarray:
        """Sum over Chinese segments i-a .. i-1 of the quantity `prefix` accumulates."""
        return self._get(("zh", id(prefix), a), lambda: prefix[self.i] - prefix[np.maximum(self.i - a, 0)])

    def en_run(self, prefix: np.ndarray, b: int) -> np.ndarray:
        """Sum over English segments j-b .. j-1."""
        return self._get(("en", id(prefix), b), lambda: prefix[self.j] - prefix[np.maximum(self.j - b, 0)])

    def _row(self, prefix: np.ndarray, t: int):
        """Chinese row i-1-t, its stored offsets at column j, and its prefix there."""

        def make():
            r = np.maximum(self.i - 1 - t, 0)
            # In the band, j - col_lo[r] never passes the stored width (see BeadScorer).
            shifted = self.j - self.scorer.col_lo[r]
            return r, shifted, prefix[r, shifted].astype(np.float64)

        return self._get(("row", id(prefix), t), make)

    def overlap(self, prefix: np.ndarray, a: int, b: int) -> np.ndarray:
        """Overlap of Chinese rows i-a .. i-1 with English columns j-b .. j-1.

        Beads outside the band are masked by the caller; clamping keeps their
        (unused) lookups in bounds.
        """

        def row_part(t):
            def make():
                r, shifted, top = self._row(prefix, t)
                return top - prefix[r, np.maximum(shifted - b, 0)]

            return self._get(("part", id(prefix), t, b), make)

        def make_total():
            total = 0.0
            for t in range(a):
                total = total + row_part(t)
            return total

        return self._get(("overlap", id(prefix), a, b), make_total)


class BeadScorer:
    """Similarity and cost of any beads, given their end points."""

    def __init__(self, zh: SideFeatures, en: SideFeatures, params: AlignParams, lo: np.ndarray, hi: np.ndarray):
        self.params = params
        self.lo, self.hi = lo, hi
        self.len_zh, self.len_en = prefix_sums(zh.lengths), prefix_sums(en.lengths)
        self.content_zh, self.content_en = prefix_sums(zh.content), prefix_sums(en.content)
        self.anch_zh, self.anch_en = prefix_sums(zh.anchor_counts), prefix_sums(en.anchor_counts)
        n = len(zh.lengths)
        max_a = max(a for a, _ in params.beads)
        max_b = max(b for _, b in params.beads)
        # Row r's overlap counts cover every column that a bead ending in rows
        # r+1 .. r+max_a can reach, so lookups never leave the stored band.
        self.col_lo = np.maximum(0, lo[:n] - max_b)
        self.col_hi = hi[np.minimum(n, np.arange(n) + max_a)]
        self.width = int((self.col_hi - self.col_lo).max()) + 1 if n else 1
        self.dict_prefix = self._banded_prefix(zh.concepts, en.concepts, params.weights.dictionary > 0)
        self.anchor_prefix = self._banded_prefix(zh.anchors, en.anchors, params.weights.anchors > 0)
        # Blocks and headings count only when both sides know theirs (documents, not one-per-line text).
        self.structure = zh.starts is not None and en.starts is not None
        if self.structure:
            assert (
                zh.starts is not None and en.starts is not None and zh.headings is not None and en.headings is not None
            )
            self.starts_zh, self.starts_en = prefix_sums(zh.starts), prefix_sums(en.starts)
            # Whether a bead ending before segment k ends a block there (the text's end always does).
            self.ends_zh, self.ends_en = np.append(zh.starts, 1.0), np.append(en.starts, 1.0)
            self.head_zh, self.head_en = prefix_sums(zh.headings), prefix_sums(en.headings)
        self.mt_prefix = None
        if (
            zh.mt_grams is not None
            and en.mt_grams is not None
            and zh.mt_counts is not None
            and en.mt_counts is not None
            and params.weights.mt > 0
        ):
            self.mt_prefix = self._banded_prefix(zh.mt_grams, en.mt_grams, True)
            self.mt_zh, self.mt_en = prefix_sums(zh.mt_counts), prefix_sums(en.mt_counts)

    def _banded_prefix(self, left: RowSets, right: RowSets, wanted: bool):
        """Row-wise prefix sums of the two sides' shared ids inside the band (see rowsets.banded_prefix)."""
        return banded_prefix(left, right, self.col_lo, self.col_hi, self.width) if wanted else None

    def _log_length(self, a: int, b: int, cells: Cells) -> np.ndarray:
        """Log of the Gale-Church length similarity: the two-sided tail probability of the length difference."""
        p = self.params
        zh_len, en_len = cells.zh_run(self.len_zh, a), cells.en_run(self.len_en, b)
        mean = (zh_len + en_len / p.ratio) / 2 + 1.0
        delta = (en_len - p.ratio * zh_len) / np.sqrt(p.variance * mean)
        return log_two_sided_tail(np.abs(delta))

    def _overlaps(self, a: int, b: int, cells: Cells) -> dict[str, np.ndarray]:
        """The similarities in 0..1 other than length (anchors NaN where neither side has one)."""
        sims = {}
        if self.dict_prefix is not None:
            matched = cells.overlap(self.dict_prefix, a, b)
            content = cells.zh_run(self.content_zh, a) + cells.en_run(self.content_en, b)
            sims["dictionary"] = np.minimum(
                1.0, np.divide(2 * matched, content, out=np.zeros(content.shape), where=content > 0)
            )
        if self.anchor_prefix is not None:
            shared = cells.overlap(self.anchor_prefix, a, b)
            count = cells.zh_run(self.anch_zh, a) + cells.en_run(self.anch_en, b)
            sims["anchors"] = np.minimum(
                1.0, np.divide(2 * shared, count, out=np.full(count.shape, np.nan), where=count > 0)
            )
        if self.mt_prefix is not None:
            # Dice over character 3-grams of the translated Chinese and the English (a chrF-like overlap).
            shared = cells.overlap(self.mt_prefix, a, b)
            grams = cells.zh_run(self.mt_zh, a) + cells.en_run(self.mt_en, b)
            sims["mt"] = np.minimum(1.0, np.divide(2 * shared, grams, out=np.zeros(grams.shape), where=grams > 0))
        return sims

    def _structure(self, a: int, b: int, cells: Cells) -> tuple[np.ndarray, np.ndarray]:
        """Block boundaries the beads disagree with (a boundary inside the bead on either side, or
        a bead that ends a block on one side only), and per bead the heading counts of each side."""
        inside = (cells.zh_run(self.starts_zh, max(a - 1, 0)) if a > 1 else 0.0) + (
            cells.en_run(self.starts_en, max(b - 1, 0)) if b > 1 else 0.0
        )
        # zh_run(prefix, a - 1) sums segments i-a+1 .. i-1: the starts strictly inside the bead.
        disagree = inside + np.abs(self.ends_zh[cells.i] - self.ends_en[cells.j])
        heads = np.stack(np.broadcast_arrays(cells.zh_run(self.head_zh, a), cells.en_run(self.head_en, b)))
        return np.asarray(disagree, dtype=np.float64), heads

    def similarities(self, a: int, b: int, cells: Cells) -> dict[str, np.ndarray]:
        """Each signal's similarity in 0..1 for the beads (a, b) ending at the cells."""
        sims = {"length": np.exp(self._log_length(a, b, cells)), **self._overlaps(a, b, cells)}
        if self.structure:
            disagree, heads = self._structure(a, b, cells)
            sims["blocks"] = 1.0 / (1.0 + disagree)
            # 1: headings paired with headings; 0: a heading with body text; NaN: no heading.
            with_heading = (heads[0] > 0) | (heads[1] > 0)
            sims["headings"] = np.where(with_heading, 1.0 - _heading_misfit(a, b, heads), np.nan)
        return sims

    def cost(self, a: int, b: int, cells: Cells) -> np.ndarray:
        """The DP cost of the beads (a, b) ending at the cells: low for likely pairs."""
        p = self.params
        sims = self._overlaps(a, b, cells)
        size = (a + b) / 2
        penalty = p.penalty(a, b)
        # The length similarity floored at 1e-12, in logs (no exp/log round trip).
        cost = -p.weights.length * np.maximum(self._log_length(a, b, cells), LOG_FLOOR) / 3 + penalty
        if "dictionary" in sims:
            cost = cost + p.weights.dictionary * (1 - sims["dictionary"]) * size
            mismatch = p.penalties.mismatch
            if mismatch:
                # Pairs that share (almost) no dictionary words: make skipping them cheaper than pairing.
                cost = cost + mismatch * np.maximum(0.0, MISMATCH_BELOW - sims["dictionary"]) / MISMATCH_BELOW
        if "anchors" in sims:
            # Shared anchors pull a pair together; anchors on one side only push it apart.
            anchored = sims["anchors"]
            cost = cost + np.where(np.isnan(anchored), 0.0, p.weights.anchors * (0.5 - anchored))
        if "mt" in sims:
            cost = cost + p.weights.mt * (1 - sims["mt"]) * size
        if self.structure:
            disagree, heads = self._structure(a, b, cells)
            cost = cost + p.weights.blocks * disagree + p.weights.headings * _heading_misfit(a, b, heads)
        return cost
