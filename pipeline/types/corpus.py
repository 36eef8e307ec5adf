"""What a corpus run and a corpus diff work on and return (pipeline.corpus)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.types.results import DiffResult

# A pair's status in corpus.json: ok, skipped (with a reason) or failed (with a one-line error).
PAIR_STATUSES = ("ok", "skipped", "failed")


@dataclass(frozen=True)
class PagePair:
    """One page of a corpus: its Chinese and English files, either possibly missing."""

    id: str  # OUT/docs/<id>/: a stable slug of `path`, unique in the corpus
    path: str  # the page's relative path (posix), how corpus.json, TMX and diff name it
    zh: str | None  # path of the Chinese file relative to the Chinese side, None when absent
    en: str | None
    zh_file: Path | None  # where to read it
    en_file: Path | None


@dataclass
class PairTask:
    """Everything a worker needs for one pair: the bytes travel, so no shared file system is needed."""

    id: str
    path: str
    zh: str
    en: str
    zh_bytes: bytes
    en_bytes: bytes


@dataclass
class PairOutcome:
    """A pair's result: status, the files of OUT/docs/<id>/ (relative path -> bytes), its sentence beads."""

    id: str
    status: str  # one of PAIR_STATUSES
    reason: str | None = None  # why skipped
    error: str | None = None  # why failed (one line)
    files: dict[str, bytes] = field(default_factory=dict)
    beads: list[dict[str, Any]] = field(default_factory=list)
    counts: dict[str, Any] = field(default_factory=dict)
    log: list[str] = field(default_factory=list)  # notices and warnings of the pair's run
    # A failure that may not happen again (a lost worker, an internal error) is not remembered.
    retry: bool = False
    seconds: float = 0.0
    worker: str = ""  # host:pid of the process that ran it
    peak_rss_mb: float = 0.0  # that process's peak resident memory so far


@dataclass
class CorpusResult:
    out_dir: Path
    summary: dict[str, Any]  # corpus.json
    rebuilt: list[str] = field(default_factory=list)  # page paths
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (page path, error)
    seconds: float = 0.0

    def line(self) -> str:
        return (
            f"corpus: {len(self.rebuilt) + len(self.unchanged)} pairs, {len(self.rebuilt)} rebuilt, "
            f"{len(self.unchanged)} unchanged, {len(self.removed)} removed"
        )


@dataclass
class PageChange:
    path: str
    old_status: str
    new_status: str
    diff: DiffResult


@dataclass
class CorpusDiff:
    old: str
    new: str
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[PageChange] = field(default_factory=list)
    unchanged: int = 0

    def totals(self) -> dict[str, dict[str, int]]:
        """Record and sentence changes over every changed page, by kind then change."""
        table: dict[str, dict[str, int]] = {}
        for page in self.changed:
            for kind, row in page.diff.counts().items():
                for change, n in row.items():
                    table.setdefault(kind, {}).setdefault(change, 0)
                    table[kind][change] += n
        return table

    def any(self) -> bool:
        return bool(self.added or self.removed or self.changed)
