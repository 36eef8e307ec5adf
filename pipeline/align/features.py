"""What the aligner knows about each segment: its length, its dictionary concepts, its anchors.

Concepts are English stems: an English segment has the stems of its content
words, a Chinese one the stems its words translate to. Anchors are strings
both languages write the same way: citation and cross-reference keys from
segmentation, and the verbatim material verbatim.py finds (numbers, acronyms,
URLs, file names, code identifiers). Blocks and headings tell where the text
has boundaries a translation usually keeps.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from pipeline.align.dictionary import CJK, BilingualDictionary, english_stems
from pipeline.align.rowsets import RowSets
from pipeline.align.verbatim import text_anchors

ZH_STOPWORDS = frozenset(
    "的 了 是 在 和 与 及 或 也 都 就 而 之 其 这 那 个 们 等 把 被 对 从 向 将 为 以 于 所 着 过 "
    "吗 呢 吧 啊 一 不 有 并 但 又 还 很 更 最 此 该 即 如 若 则 因 由 因为 所以 但是 而且 以及 "
    "我们 他们 它们 这些 那些 这个 那个 一个 一些 可以 可能 已经 没有 进行 通过".split()
)


@dataclass
class Segment:
    """One alignable unit: a sentence, a paragraph or a section."""

    id: str
    text: str
    anchors: frozenset[str] = frozenset()  # keys from segmentation (cite:, sec:, ...)
    kind: str = "sentence"  # or "heading": a section's title
    # The block (paragraph, list item, heading) the segment belongs to: where it changes between
    # two segments, the text has a boundary a translation usually keeps. None: no blocks known.
    block: str | None = None


@dataclass
class SideFeatures:
    lengths: np.ndarray  # characters (Chinese: without spaces)
    concepts: RowSets  # each segment's concept ids
    content: np.ndarray  # how many concepts a segment can match with
    anchors: RowSets
    anchor_counts: np.ndarray
    # Character 3-grams of the English text, or of the Chinese text's machine
    # translation (Bleualign-style MT signal); None when MT is off.
    mt_grams: RowSets | None = None
    mt_counts: np.ndarray | None = None
    # 1 where a segment opens a new block (never the first segment), and where it is a heading.
    starts: np.ndarray | None = None
    headings: np.ndarray | None = None

    def rows(self, start: int, end: int) -> SideFeatures:
        """Segments start .. end-1 as a side of their own (a stretch to align again)."""

        def part(values):
            return None if values is None else values[start:end]

        starts = part(self.starts)
        if starts is not None and len(starts):
            starts = np.concatenate(([0.0], starts[1:]))  # the stretch's first segment opens no block in it
        return SideFeatures(
            lengths=self.lengths[start:end],
            concepts=self.concepts.rows(start, end),
            content=self.content[start:end],
            anchors=self.anchors.rows(start, end),
            anchor_counts=self.anchor_counts[start:end],
            mt_grams=self.mt_grams.rows(start, end) if self.mt_grams is not None else None,
            mt_counts=part(self.mt_counts),
            starts=starts,
            headings=part(self.headings),
        )


def char_ngrams(text: str, n: int = 3) -> set[str]:
    """chrF-style character n-grams: lower-cased, spaces removed."""
    squeezed = re.sub(r"\s+", "", text.lower())
    return {squeezed[i : i + n] for i in range(max(0, len(squeezed) - n + 1))}


class Featurizer:
    """Turns segments of either language into matrices over one shared vocabulary."""

    def __init__(self, dictionary: BilingualDictionary):
        self.dictionary = dictionary
        self.vocabulary: dict[str, int] = {}
        self.anchor_vocabulary: dict[str, int] = {}
        self.gram_vocabulary: dict[str, int] = {}
        self._word_concepts: dict[str, tuple[int, ...]] = {}  # zh word -> concept ids, () when it has none

    def _ids(self, keys, table: dict[str, int]) -> list[int]:
        return sorted({table.setdefault(k, len(table)) for k in keys})

    def _concepts_of_word(self, word: str) -> tuple[int, ...]:
        if word in ZH_STOPWORDS or not (CJK.match(word) or word[:1].isalpha()):
            return ()
        return tuple(self._ids(self.dictionary.stems_for(word), self.vocabulary))

    def _zh_concepts(self, text: str) -> tuple[list[int], int]:
        """Concept ids of a Chinese text, and how many of its words brought some."""
        known = self._word_concepts
        ids: set[int] = set()
        matched = 0
        for word in self.dictionary.words(text):
            concepts = known.get(word)
            if concepts is None:
                concepts = known[word] = self._concepts_of_word(word)
            if concepts:
                matched += 1
                ids.update(concepts)
        return sorted(ids), matched

    def features(self, segments: list[Segment], lang: str, mt_texts: list[str | None] | None = None) -> SideFeatures:
        """Matrices for one side. `mt_texts`: the English machine translation of each
        Chinese segment, or for English segments any non-None list to switch the MT signal on."""
        concept_rows, content, anchor_rows = [], [], []
        lengths = np.zeros(len(segments), dtype=np.float64)
        for k, segment in enumerate(segments):
            if lang == "zh":
                lengths[k] = len(segment.text) - sum(map(str.isspace, segment.text))
                ids, matched = self._zh_concepts(segment.text)
                concept_rows.append(ids)
                content.append(matched)
            else:
                lengths[k] = len(segment.text)
                stems = set(english_stems(segment.text))
                concept_rows.append(self._ids(stems, self.vocabulary))
                content.append(len(stems))
            anchors = set(segment.anchors) | text_anchors(segment.text)
            anchor_rows.append(self._ids(anchors, self.anchor_vocabulary))
        mt_grams = mt_counts = None
        if mt_texts is not None:
            gram_rows = [
                self._ids(char_ngrams((mt_texts[k] if lang == "zh" else segment.text) or ""), self.gram_vocabulary)
                for k, segment in enumerate(segments)
            ]
            mt_grams = RowSets.from_rows(gram_rows)
            mt_counts = np.asarray([len(r) for r in gram_rows], dtype=np.float64)
        blocks = [segment.block for segment in segments]
        # Block structure is known when segments say which block they are in (documents), not for
        # text given a segment a line.
        known = any(b is not None for b in blocks)
        starts = np.asarray([k > 0 and blocks[k] != blocks[k - 1] for k in range(len(segments))], dtype=np.float64)
        return SideFeatures(
            starts=starts if known else None,
            headings=np.asarray([segment.kind == "heading" for segment in segments], dtype=np.float64),
            mt_grams=mt_grams,
            mt_counts=mt_counts,
            lengths=lengths,
            concepts=RowSets.from_rows(concept_rows),
            content=np.asarray(content, dtype=np.float64),
            anchors=RowSets.from_rows(anchor_rows),
            anchor_counts=np.asarray([len(r) for r in anchor_rows], dtype=np.float64),
        )
