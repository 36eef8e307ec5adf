"""Stage 4's results: beads between the two sides, and the aligned document pair."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Bead:
    zh: tuple[int, ...]
    en: tuple[int, ...]
    score: float  # 0..1, weighted mean of the signals' similarities
    signals: dict  # signal -> similarity in 0..1 (None where the signal had nothing to say)


@dataclass(slots=True)
class AlignmentRecord:
    id: str
    level: str  # section | paragraph | sentence
    bead: str  # "1-2": Chinese count, English count
    zh: list[str]
    en: list[str]
    score: float
    shares: dict[str, float]  # each signal's part of the score (they add up to it)
    signals: dict[str, float | None]  # each signal's similarity in 0..1
    status: str  # aligned | unaligned


@dataclass
class DocumentAlignment:
    zh_source: str
    en_source: str
    records: list[AlignmentRecord] = field(default_factory=list)

    def by_level(self, level: str) -> list[AlignmentRecord]:
        return [r for r in self.records if r.level == level]

    def unaligned(self) -> list[AlignmentRecord]:
        return [r for r in self.by_level("sentence") if r.status == "unaligned"]
