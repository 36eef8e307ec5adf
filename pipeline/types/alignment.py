"""Stage 4's results: beads between the two sides, and the aligned document pair."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Bead:
    zh: tuple[int, ...]
    en: tuple[int, ...]
    score: float  # a sentence pair's probability of being right (align/confidence.py); 0 for 1-0 and 0-1
    signals: dict  # the evidence: signal -> similarity in 0..1 (None: nothing to say), margin, gain, ...


@dataclass(slots=True)
class AlignmentRecord:
    id: str
    level: str  # section | paragraph | sentence
    bead: str  # "1-2": Chinese count, English count
    zh: list[str]
    en: list[str]
    # Sentences: the probability that the bead is right; paragraphs and sections: the mean of their
    # sentence beads' scores. 0 for a bead with one side empty.
    score: float
    signals: dict[str, float | None]  # the evidence the score was read from (see align/evidence.py)
    status: str  # aligned | unaligned


@dataclass
class DocumentAlignment:
    zh_source: str
    en_source: str
    records: list[AlignmentRecord] = field(default_factory=list)
    # Sentence beads scoring at least this are confident (settings.align.min_confidence): they go into
    # the TMX, lend their text to records, and are counted apart in the run's summary.
    min_confidence: float = 0.9

    def by_level(self, level: str) -> list[AlignmentRecord]:
        return [r for r in self.records if r.level == level]

    def confident(self) -> list[AlignmentRecord]:
        return [r for r in self.by_level("sentence") if r.status == "aligned" and r.score >= self.min_confidence]

    def unaligned(self) -> list[AlignmentRecord]:
        return [r for r in self.by_level("sentence") if r.status == "unaligned"]
