"""The Bible gold set, split for calibration: odd chapters to fit on, even chapters to report on.

Shared by bench_align.py and sensitivity.py. The DP aligns the whole text
(alignment is global); scores are taken over the gold beads of one half,
with the predicted beads whose first English sentence lies in that half.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / "data" / "bible"


@dataclass
class Bible:
    en_lines: list[str]
    zh_lines: list[str]
    gold: list
    en_verses: list[str]
    zh_verses: list[str]

    def half(self, beads, part: str):
        """Beads (src=en, tgt=zh) in the `fit` (odd) or `report` (even) chapters, by their first
        English sentence, or their first Chinese one when they have no English (a 0-1 bead
        belongs to a half too: leaving it out would hide wrongly unaligned sentences)."""
        if part == "all":
            return list(beads)
        want = 1 if part == "fit" else 0

        def chapter(bead) -> int:
            verse = self.en_verses[bead[0][0]] if bead[0] else self.zh_verses[bead[1][0]]
            return int(verse.split(":")[1])

        return [b for b in beads if (b[0] or b[1]) and chapter(b) % 2 == want]


def load() -> Bible:
    from pipeline.align.evaluate import read_alignment, read_lines

    return Bible(
        read_lines(DATA / "en" / "001"),
        read_lines(DATA / "zh" / "001"),
        read_alignment(DATA / "gold" / "001.align"),
        read_lines(DATA / "en.verse"),
        read_lines(DATA / "zh.verse"),
    )


def segments(bible: Bible):
    from pipeline.align import Segment

    zh = [Segment(str(k), line) for k, line in enumerate(bible.zh_lines)]
    en = [Segment(str(k), line) for k, line in enumerate(bible.en_lines)]
    return zh, en


def scores(bible: Bible, beads) -> dict:
    """Strict/lax scores of aligner beads on each half and on the whole set."""
    return score_pairs(bible, [(b.en, b.zh) for b in beads])


def score_pairs(bible: Bible, pairs) -> dict:
    """Strict/lax scores of (English lines, Chinese lines) beads on each half and on the whole set."""
    from pipeline.align.evaluate import merge_within_verses, score

    predicted = merge_within_verses(pairs, bible.en_verses, bible.zh_verses)
    return {part: score(bible.half(bible.gold, part), bible.half(predicted, part)) for part in ("fit", "report", "all")}


def bead_labels(bible: Bible, beads) -> list[bool]:
    """Per aligner bead: whether it is right, i.e. the bead it forms with its neighbours inside one
    verse (as merge_within_verses merges them before scoring) is a gold bead."""
    from pipeline.align.evaluate import merge_within_verses

    pairs = [(tuple(b.en), tuple(b.zh)) for b in beads]
    gold = {(tuple(s), tuple(t)) for s, t in bible.gold}
    verses = (bible.en_verses, bible.zh_verses)
    labels: list[bool] = []
    start = 0
    while start < len(pairs):
        # The longest run from `start` that merge_within_verses turns into one bead.
        end = start + 1
        while end < len(pairs) and len(merge_within_verses(pairs[start : end + 1], *verses)) == 1:
            end += 1
        merged = merge_within_verses(pairs[start:end], *verses)[0]
        labels.extend([merged in gold] * (end - start))
        start = end
    return labels


def bead_part(bible: Bible, bead) -> str:
    """'fit' (odd chapter) or 'report' (even chapter) for an aligner bead, as Bible.half decides."""
    verse = bible.en_verses[bead.en[0]] if bead.en else bible.zh_verses[bead.zh[0]]
    return "fit" if int(verse.split(":")[1]) % 2 else "report"
