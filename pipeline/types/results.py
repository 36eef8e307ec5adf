"""What the commands return: a run, a diff, an installed translation model."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class RunResult:
    out_dir: Path
    manifest: dict[str, Any]
    notices: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    translated_now: dict[str, int] = field(default_factory=dict)  # texts sent to a model (not from the cache)


@dataclass(frozen=True)
class ModelInfo:
    name: str  # e.g. "argos:translate-zh_en"
    version: str
    from_code: str
    to_code: str
    path: str


KINDS = ("category", "challenge", "topic", "question", "sentence")
CHANGES = ("added", "removed", "reworded", "renumbered", "moved")


@dataclass
class Change:
    change: str  # one of CHANGES
    kind: str
    id: str
    number_old: str | None = None
    number_new: str | None = None
    text_old: str | None = None
    text_new: str | None = None
    lang: str | None = None
    similarity: float | None = None
    words: list[list[str]] | None = None  # [op, text]: op is "=", "-" or "+"
    parent_old: str | None = None
    parent_new: str | None = None


@dataclass
class DiffResult:
    old: str
    new: str
    changes: list[Change] = field(default_factory=list)

    def counts(self) -> dict[str, dict[str, int]]:
        table = {kind: {change: 0 for change in CHANGES} for kind in KINDS}
        for c in self.changes:
            table[c.kind][c.change] += 1
        return table

    def kinds_of_change(self) -> set[str]:
        return {c.change for c in self.changes}
