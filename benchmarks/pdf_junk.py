"""Junk in sentences: the share of emitted sentences that are not prose, against a hand-made truth.

The truth (benchmarks/data/pdf-junk/<slug>.junk.jsonl, format in its README)
boxes the non-prose regions of a few pages of each corpus PDF: tables of
contents, bibliography entries, table cells, code and figure text. The text
inside each box is read with bare pdfplumber, independently of the pipeline.
A sentence emitted on a covered page is junk when its text lies inside such a
region (compared without spaces and punctuation, so hyphenation and line
joins do not matter): contained in one, or at least half of its characters
matched by runs of a region's text, and more of it there than in the rest of
the page (its prose, captions, footnotes), so that a caption naming what a
figure shows is not taken for the figure's labels.
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
GRAM = 8  # characters: the pieces of a sentence looked up in the page's prose (any order, any column)


@dataclass(frozen=True)
class JunkCount:
    junk: int
    sentences: int
    examples: tuple[str, ...] = ()

    @property
    def share(self) -> float:
        return self.junk / self.sentences if self.sentences else 0.0


@dataclass(frozen=True)
class PageTruth:
    """The keys of a covered page's junk regions, and the grams of the rest of its text (its prose)."""

    regions: tuple[str, ...]
    prose: frozenset[str]


def key(text: str) -> str:
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", text).lower())


def grams(text: str) -> frozenset[str]:
    return frozenset(text[i : i + GRAM] for i in range(len(text) - GRAM + 1))


def truth_regions(pdf: Path) -> dict[int, PageTruth] | None:
    """Page -> its junk regions and prose, or None when the file has no truth."""
    path = DATA / f"{pdf.stem}.junk.jsonl"
    if not path.is_file():
        return None
    entries = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    boxes: dict[int, list[tuple[float, float, float, float]]] = {}
    regions: dict[int, list[str]] = {}
    with pdfplumber.open(io.BytesIO(pdf.read_bytes())) as handle:
        for entry in entries:
            if entry["kind"] not in KINDS:
                raise ValueError(f"{path}: unknown kind {entry['kind']!r}")
            page = handle.pages[entry["page"] - 1]
            text = page.within_bbox(tuple(entry["bbox"])).extract_text() or ""
            regions.setdefault(entry["page"], []).append(key(text))
            boxes.setdefault(entry["page"], []).append(tuple(entry["bbox"]))
        truth = {}
        for number, page_boxes in boxes.items():
            words = handle.pages[number - 1].extract_words()
            prose = [w["text"] for w in words if not any(_inside(w, box) for box in page_boxes)]
            truth[number] = PageTruth(tuple(regions[number]), grams(key(" ".join(prose))))
    return truth


def _inside(word: dict, box: tuple[float, float, float, float]) -> bool:
    cx, cy = (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2
    return box[0] <= cx <= box[2] and box[1] <= cy <= box[3]


def region_share(sentence_key: str, region: str) -> float:
    """How much of the sentence a region's text holds: all of it, or its runs of MIN_RUN or more, in order."""
    if len(sentence_key) < MIN_RUN:
        # A scrap of a letter or two ("R ,") lies in any region by chance: only a whole one counts.
        return 1.0 if sentence_key == region else 0.0
    if sentence_key in region:
        return 1.0
    blocks = SequenceMatcher(None, sentence_key, region, autojunk=False).get_matching_blocks()
    return sum(b.size for b in blocks if b.size >= MIN_RUN) / len(sentence_key)


def prose_share(sentence_key: str, prose: frozenset[str]) -> float:
    """How much of the sentence the page's prose holds: characters covered by its grams found there."""
    if len(sentence_key) < GRAM:
        return 0.0
    covered = [False] * len(sentence_key)
    for i in range(len(sentence_key) - GRAM + 1):
        if sentence_key[i : i + GRAM] in prose:
            covered[i : i + GRAM] = [True] * GRAM
    return sum(covered) / len(sentence_key)


def is_junk(sentence_key: str, pages: list[PageTruth]) -> bool:
    """Junk: at least COVERED of the sentence lies in one region, and more of it there than in the prose.

    The second test keeps a caption or a line of running text that shares words with a figure's
    labels (a caption names what the figure shows) from counting as figure text.
    """
    best = max((region_share(sentence_key, region) for page in pages for region in page.regions), default=0.0)
    if best < COVERED:
        return False
    return best > max(prose_share(sentence_key, page.prose) for page in pages)


def count_junk(sentences, truth: dict[int, PageTruth]) -> JunkCount:
    """Sentences (objects with .text and .page) on the covered pages, and how many of them are junk.

    A paragraph that runs over a page break carries its first page; its sentences are also
    compared with the regions of the next page.
    """
    junk, total, examples = 0, 0, []
    for sentence in sentences:
        if sentence.page not in truth:
            continue
        sentence_key = key(sentence.text)
        if not sentence_key:
            continue
        total += 1
        pages = [truth[sentence.page]] + ([truth[sentence.page + 1]] if sentence.page + 1 in truth else [])
        if is_junk(sentence_key, pages):
            junk += 1
            examples.append(sentence.text[:80])
    return JunkCount(junk, total, tuple(examples))
