"""What the aligner knows about each segment: its length, its dictionary concepts, its anchors.

Concepts are English stems: an English segment has the stems of its content
words, a Chinese one the stems its words translate to. Anchors are strings
both languages write the same way: citation and cross-reference keys from
segmentation, numbers and years, Latin-script terms and acronyms, URLs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from pipeline.align.dictionary import CJK, BilingualDictionary, english_stems

ZH_STOPWORDS = frozenset("的 了 是 在 和 与 及 或 也 都 就 而 之 其 这 那 个 们 等 把 被 对 从 向 将 为 以 于 所 着 过 "
                         "吗 呢 吧 啊 一 不 有 并 但 又 还 很 更 最 此 该 即 如 若 则 因 由 因为 所以 但是 而且 以及 "
                         "我们 他们 它们 这些 那些 这个 那个 一个 一些 可以 可能 已经 没有 进行 通过".split())
# ASCII boundaries: in Chinese text a number sits right against characters ("18个").
NUMBER = re.compile(r"(?<![A-Za-z0-9_.])(\d+(?:\.\d+)*)(?![A-Za-z0-9_])")
ACRONYM = re.compile(r"(?<![A-Za-z0-9])([A-Z][A-Za-z]*[A-Z][A-Za-z]*s?|[A-Z]{2,}s?)(?![A-Za-z0-9])")
URL = re.compile(r"https?://\S+|www\.\S+")


def text_anchors(text: str) -> set[str]:
    """Language-neutral anchors found in raw text."""
    found = {f"num:{m.group(1)}" for m in NUMBER.finditer(text)}
    found.update(f"acr:{m.group(1).rstrip('s').lower()}" for m in ACRONYM.finditer(text))
    found.update(f"url:{m.group(0).rstrip('.,;)')}" for m in URL.finditer(text))
    return found


@dataclass
class Segment:
    """One alignable unit: a sentence, a paragraph or a section."""

    id: str
    text: str
    words: list[str]
    anchors: frozenset[str] = frozenset()  # keys from segmentation (cite:, sec:, ...)


@dataclass
class SideFeatures:
    lengths: np.ndarray  # characters (Chinese: without spaces)
    concepts: sparse.csr_matrix  # segment x vocabulary, binary
    content: np.ndarray  # how many concepts a segment can match with
    anchors: sparse.csr_matrix
    anchor_counts: np.ndarray
    # Character 3-grams of the English text, or of the Chinese text's machine
    # translation (Bleualign-style MT signal); None when MT is off.
    mt_grams: sparse.csr_matrix | None = None
    mt_counts: np.ndarray | None = None


def char_ngrams(text: str, n: int = 3) -> set[str]:
    """chrF-style character n-grams: lower-cased, spaces removed."""
    squeezed = re.sub(r"\s+", "", text.lower())
    return {squeezed[i:i + n] for i in range(max(0, len(squeezed) - n + 1))}


class Featurizer:
    """Turns segments of either language into matrices over one shared vocabulary."""

    def __init__(self, dictionary: BilingualDictionary):
        self.dictionary = dictionary
        self.vocabulary: dict[str, int] = {}
        self.anchor_vocabulary: dict[str, int] = {}
        self.gram_vocabulary: dict[str, int] = {}

    def _ids(self, keys, table: dict[str, int]) -> list[int]:
        return sorted({table.setdefault(k, len(table)) for k in keys})

    def _matrix(self, rows: list[list[int]]) -> sparse.csr_matrix:
        indptr = np.zeros(len(rows) + 1, dtype=np.int64)
        indptr[1:] = np.cumsum([len(r) for r in rows])
        indices = np.fromiter((i for r in rows for i in r), dtype=np.int32, count=int(indptr[-1]))
        data = np.ones(len(indices), dtype=np.float32)
        # Width is fixed later (vocabulary grows while both sides are read).
        return sparse.csr_matrix((data, indices, indptr), shape=(len(rows), max(1, 1 + max(indices, default=0))))

    def features(self, segments: list[Segment], lang: str, mt_texts: list[str | None] | None = None) -> SideFeatures:
        """Matrices for one side. `mt_texts`: the English machine translation of each
        Chinese segment, or for English segments any non-None list to switch the MT signal on."""
        concept_rows, content, anchor_rows = [], [], []
        lengths = np.zeros(len(segments), dtype=np.float64)
        for k, segment in enumerate(segments):
            if lang == "zh":
                lengths[k] = sum(1 for c in segment.text if not c.isspace())
                stems: set[str] = set()
                matched_words = 0
                for word in segment.words:
                    if word in ZH_STOPWORDS or not (CJK.search(word) or word[:1].isalpha()):
                        continue
                    word_stems = self.dictionary.stems_for(word)
                    if word_stems:
                        matched_words += 1
                        stems.update(word_stems)
                content.append(matched_words)
            else:
                lengths[k] = len(segment.text)
                stems = set(english_stems(segment.text))
                content.append(len(stems))
            concept_rows.append(self._ids(stems, self.vocabulary))
            anchors = set(segment.anchors) | text_anchors(segment.text)
            anchor_rows.append(self._ids(anchors, self.anchor_vocabulary))
        mt_grams = mt_counts = None
        if mt_texts is not None:
            gram_rows = [self._ids(char_ngrams((mt_texts[k] if lang == "zh" else segment.text) or ""),
                                   self.gram_vocabulary) for k, segment in enumerate(segments)]
            mt_grams = self._matrix(gram_rows)
            mt_counts = np.asarray([len(r) for r in gram_rows], dtype=np.float64)
        return SideFeatures(
            mt_grams=mt_grams,
            mt_counts=mt_counts,
            lengths=lengths,
            concepts=self._matrix(concept_rows),
            content=np.asarray(content, dtype=np.float64),
            anchors=self._matrix(anchor_rows),
            anchor_counts=np.asarray([len(r) for r in anchor_rows], dtype=np.float64),
        )

    def finish(self, *sides: SideFeatures) -> None:
        """Give every side's matrices the final vocabulary width so they multiply."""
        for side in sides:
            side.concepts.resize((side.concepts.shape[0], max(1, len(self.vocabulary))))
            side.anchors.resize((side.anchors.shape[0], max(1, len(self.anchor_vocabulary))))
            if side.mt_grams is not None:
                side.mt_grams.resize((side.mt_grams.shape[0], max(1, len(self.gram_vocabulary))))

