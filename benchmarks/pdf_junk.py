"""Junk in sentences: the share of emitted sentences that are not prose, against a hand-made truth.

The truth (benchmarks/data/pdf-junk/<slug>.junk.jsonl, format in its README)
boxes the non-prose regions of a few pages of each corpus PDF: tables of
contents, bibliography entries, table cells, code and figure text. The text
inside each box is read with bare pdfplumber, independently of the pipeline.
A sentence emitted on a covered page is junk when its text lies inside such a
region (compared without spaces and punctuation, so hyphenation and line
joins do not matter): contained in one, or at least half of its characters
matched by runs of a region's text.
"""

from __future__ import annotations

import io
import json
import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

import pdfplumber

DATA = Path(__file__).resolve().parent / "data" / "pdf-junk"
KINDS = ("toc", "reference", "table", "code", "figure_text")
MIN_RUN = 6  # characters: shorter common runs are chance (common words)
COVERED = 0.5  # share of a sentence's characters inside a region that makes it junk


@dataclass(frozen=True)
class JunkCount:
    junk: int
    sentences: int
    examples: tuple[str, ...] = ()

    @property
    def share(self) -> float:
        return self.junk / self.sentences if self.sentences else 0.0


def key(text: str) -> str:
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", text).lower())


def truth_regions(pdf: Path) -> dict[int, list[str]] | None:
    """Page -> the keys of its junk regions, or None when the file has no truth."""
    path = DATA / f"{pdf.stem}.junk.jsonl"
    if not path.is_file():
        return None
    entries = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    regions: dict[int, list[str]] = {}
    with pdfplumber.open(io.BytesIO(pdf.read_bytes())) as handle:
        for entry in entries:
            if entry["kind"] not in KINDS:
                raise ValueError(f"{path}: unknown kind {entry['kind']!r}")
            page = handle.pages[entry["page"] - 1]
            text = page.within_bbox(tuple(entry["bbox"])).extract_text() or ""
            regions.setdefault(entry["page"], []).append(key(text))
    return regions


def is_junk(sentence_key: str, regions: list[str]) -> bool:
    if any(sentence_key in region for region in regions):
        return True
    for region in regions:
        blocks = SequenceMatcher(None, sentence_key, region, autojunk=False).get_matching_blocks()
        if sum(b.size for b in blocks if b.size >= MIN_RUN) >= COVERED * len(sentence_key):
            return True
    return False


def count_junk(sentences, regions: dict[int, list[str]]) -> JunkCount:
    """Sentences (objects with .text and .page) on the covered pages, and how many of them are junk.

    A paragraph that runs over a page break carries its first page; its sentences are also
    compared with the regions of the next page.
    """
    junk, total, examples = 0, 0, []
    for sentence in sentences:
        if sentence.page not in regions:
            continue
        sentence_key = key(sentence.text)
        if not sentence_key:
            continue
        total += 1
        if is_junk(sentence_key, regions[sentence.page] + regions.get(sentence.page + 1, [])):
            junk += 1
            examples.append(sentence.text[:80])
    return JunkCount(junk, total, tuple(examples))
