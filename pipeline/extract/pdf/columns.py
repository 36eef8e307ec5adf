"""Columns of a page: the gutters between them, found where no word crosses down the page.

Part of the layout (layout.py): words are grouped into rows first; a gutter
is an x position that rows leave open with text on both sides of it, or that
only a few full-width bands (a title, a wide figure's caption) cross.
"""

from __future__ import annotations

import numpy as np

# A gutter may be crossed by this share of the rows that reach it anywhere on the page ...
GUTTER_CROSSING_SHARE = 0.12
# ... or by up to this share when the crossing rows form a few bands: a paper's first page has its
# title, authors and a full-width abstract above the two columns, other pages a wide figure.
GUTTER_BAND_CROSSING_SHARE = 0.35
GUTTER_MAX_BANDS = 3
GUTTER_BAND_MIN_WIDTH = 8  # points: a gutter admitted by the band rule is a real column gap, not a word gap
GUTTER_MIN_COLUMN = 0.1  # share of the page width: no column of running text is narrower


def find_gutters(rows: list[list[dict]], width: float) -> list[float]:
    """x positions of column gutters on a page (empty for one column)."""
    long_rows = [r for r in rows if len(r) >= 3]
    if len(long_rows) < 8:
        return []
    grid = int(width) + 1
    covered = np.zeros((len(long_rows), grid), dtype=bool)
    left_edge = np.empty(len(long_rows))
    right_edge = np.empty(len(long_rows))
    for i, row in enumerate(long_rows):
        for word in row:
            covered[i, int(word["x0"]) + 1 : max(int(word["x0"]) + 1, int(word["x1"]))] = True
        left_edge[i], right_edge[i] = row[0]["x0"], row[-1]["x1"]
    xs = np.arange(grid)
    both = (left_edge[:, None] < xs[None, :] - 2) & (right_edge[:, None] > xs[None, :] + 2) & ~covered
    crossing = covered.sum(axis=0)
    # Rows wholly on one side count too: when the columns' baselines do not line up, a row holds
    # one column's line only, and the gutter shows as lines ending left of it and lines starting right of it.
    left_only = (right_edge[:, None] <= xs[None, :] + 2).sum(axis=0)
    right_only = (left_edge[:, None] >= xs[None, :] - 2).sum(axis=0)
    open_rows = both.sum(axis=0)
    enough = np.maximum(both.sum(axis=0), np.minimum(left_only, right_only)) >= max(6, 0.25 * len(long_rows))
    valid = enough & (crossing <= GUTTER_CROSSING_SHARE * (open_rows + crossing))
    # Rows are in top-to-bottom order: a gutter crossed only by full-width bands is still a gutter,
    # while words that line up by chance in one column cross it all down the page.
    banded = np.zeros(grid, dtype=bool)
    for x in np.flatnonzero(enough & ~valid & (crossing <= GUTTER_BAND_CROSSING_SHARE * (open_rows + crossing))):
        state = covered[:, x][covered[:, x] | both[:, x]]
        bands = int(state[0]) + int(np.count_nonzero(state[1:] & ~state[:-1]))
        banded[x] = bands <= GUTTER_MAX_BANDS
    for flags in (valid, banded):
        flags[: int(width * 0.2)] = False
        flags[int(width * 0.8) :] = False
    runs: list[tuple[int, int]] = []
    start: int | None = None
    either = valid | banded
    for end in range(grid + 1):
        if end < grid and either[end]:
            start = end if start is None else start
        elif start is not None:
            # Short runs are word gaps that line up by chance.
            needed = GUTTER_BAND_MIN_WIDTH if banded[start:end].any() else 3
            if end - start >= needed:
                if runs and start - runs[-1][1] < GUTTER_MIN_COLUMN * width:
                    # Two gaps closer than a column is wide frame a strip of labels (the numbers of a
                    # hanging list, line numbers), not a column: the wider gap is the gutter.
                    if end - start > runs[-1][1] - runs[-1][0]:
                        runs[-1] = (start, end)
                else:
                    runs.append((start, end))
            start = None
    # The middle of each run: its widest-open point.
    return [(a + b - 1) / 2 for a, b in runs]
