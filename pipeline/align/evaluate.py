"""Alignment files in the Vecalign/Bertalign format, and strict/lax precision, recall, F1.

Definitions follow Vecalign's score.py (after Sennrich & Volk 2011): a
predicted bead is a strict hit when it equals a gold bead, a lax hit when it
shares a source and a target sentence with one; precision counts every
predicted bead, recall leaves out beads empty on one side (1-0 and 0-1).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import PipelineError
from pipeline.files import read_bounded

# Alignment and verse-label files are read whole: a FIFO, a device or a file past this size is
# refused before it is read (a typo'd path to /dev/zero would otherwise fill the memory).
MAX_ALIGNMENT_BYTES = 512 * 1024 * 1024

Alignment = list[tuple[tuple[int, ...], tuple[int, ...]]]
LINE = re.compile(r"^\s*\[([\d,\s]*)\]\s*:\s*\[([\d,\s]*)\]")


def format_bead(src: tuple[int, ...], tgt: tuple[int, ...]) -> str:
    return f"[{','.join(map(str, src))}]:[{','.join(map(str, tgt))}]"


def read_alignment(path: str | Path) -> Alignment:
    beads = []
    try:
        lines = _read(path, "an alignment file").splitlines()
    except UnicodeDecodeError:
        raise PipelineError(str(path), "cannot read alignment file (not UTF-8 text)") from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        match = LINE.match(line)
        if not match:
            raise PipelineError(str(path), f"line {number} is not a bead like [0,1]:[2]")
        src, tgt = (tuple(int(x) for x in group.split(",") if x.strip()) for group in match.groups())
        beads.append((src, tgt))
    return beads


def read_lines(path: str | Path) -> list[str]:
    try:
        return _read(path, "a verse-label file").splitlines()
    except UnicodeDecodeError:
        raise PipelineError(str(path), "cannot read (not UTF-8 text)") from None


def _read(path: str | Path, what: str) -> str:
    return read_bounded(Path(path), MAX_ALIGNMENT_BYTES, setting=None, what=what).decode("utf-8")


def merge_within_verses(beads: Alignment, src_verses: list[str], tgt_verses: list[str]) -> Alignment:
    """Merge consecutive predicted beads whose sentences all lie in one verse."""

    def verse_of(bead) -> str | None:
        labels = {src_verses[i] for i in bead[0]} | {tgt_verses[j] for j in bead[1]}
        return labels.pop() if len(labels) == 1 else None

    merged: Alignment = []
    current_verse = None
    for bead in beads:
        verse = verse_of(bead)
        if merged and verse is not None and verse == current_verse:
            src, tgt = merged[-1]
            merged[-1] = (tuple(sorted(src + bead[0])), tuple(sorted(tgt + bead[1])))
        else:
            merged.append(bead)
            current_verse = verse
    return merged


def _counts(gold: Alignment, test: Alignment) -> tuple[int, int, int, int]:
    """(strict hits, strict misses, lax hits, lax misses) of `test` against `gold`."""
    gold_set = {(tuple(s), tuple(t)) for s, t in gold if s or t}
    test_set = {(tuple(s), tuple(t)) for s, t in test if s or t}
    gold_targets: defaultdict[int, set[int]] = defaultdict(set)
    for src, tgt in gold_set:
        for s in src:
            gold_targets[s].update(tgt)
    strict_hit = strict_miss = lax_hit = lax_miss = 0
    for src, tgt in test_set:
        if (src, tgt) in gold_set:
            strict_hit += 1
            lax_hit += 1
            continue
        strict_miss += 1
        reachable = set().union(*(gold_targets[s] for s in src)) if src else set()
        if reachable & set(tgt):
            lax_hit += 1
        else:
            lax_miss += 1
    return strict_hit, strict_miss, lax_hit, lax_miss


@dataclass(frozen=True)
class Scores:
    precision_strict: float
    recall_strict: float
    f1_strict: float
    precision_lax: float
    recall_lax: float
    f1_lax: float

    def table(self) -> str:
        return (
            f"             strict   lax\n"
            f"precision    {self.precision_strict:.3f}   {self.precision_lax:.3f}\n"
            f"recall       {self.recall_strict:.3f}   {self.recall_lax:.3f}\n"
            f"F1           {self.f1_strict:.3f}   {self.f1_lax:.3f}"
        )


def _ratio(hit: int, miss: int) -> float:
    return hit / (hit + miss) if hit + miss else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score(gold: Alignment, test: Alignment) -> Scores:
    ps_hit, ps_miss, pl_hit, pl_miss = _counts(gold, test)
    both_sided_test = [(s, t) for s, t in test if s and t]
    both_sided_gold = [(s, t) for s, t in gold if s and t]
    rs_hit, rs_miss, rl_hit, rl_miss = _counts(both_sided_test, both_sided_gold)
    ps, pl = _ratio(ps_hit, ps_miss), _ratio(pl_hit, pl_miss)
    rs, rl = _ratio(rs_hit, rs_miss), _ratio(rl_hit, rl_miss)
    return Scores(ps, rs, _f1(ps, rs), pl, rl, _f1(pl, rl))
