"""Incremental state: what each pair was built from, so a re-run redoes only what changed.

A pair's key is the sha256 of both files' bytes, its page path and id, the effective
settings (the bundle digest) and the pipeline version. Next to the outputs, in
`OUT/.corpus-state/<id>.json`, the driver keeps the key and the pair's corpus.json entry,
and in `<id>.beads.json` its sentence beads: a pair whose key is unchanged (and whose
output folder is still the one written) is reused without running anything, and the
corpus files are rebuilt from these records alone (the beads read only when they are).
Each record is written after its pair's folder is published, so an interrupted run
resumes from exactly the pairs it finished.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

STATE_DIR = ".corpus-state"


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def pair_key(pair_id: str, path: str, zh_sha: str | None, en_sha: str | None, settings_digest: str) -> str:
    data = {"id": pair_id, "path": path, "zh": zh_sha, "en": en_sha, "settings": settings_digest}
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def state_path(out: Path, pair_id: str) -> Path:
    return out / STATE_DIR / f"{pair_id}.json"


def beads_path(out: Path, pair_id: str) -> Path:
    return out / STATE_DIR / f"{pair_id}.beads.json"


def _read(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def load_state(out: Path, pair_id: str) -> dict[str, Any] | None:
    """A pair's record (key, entry), or None when absent or unreadable (the pair is then simply rebuilt)."""
    record = _read(state_path(out, pair_id))
    return record if isinstance(record, dict) and "key" in record and "entry" in record else None


def load_beads(out: Path, pair_id: str) -> list[dict[str, Any]] | None:
    beads = _read(beads_path(out, pair_id))
    return beads if isinstance(beads, list) else None


def _write(path: Path, data: Any) -> None:
    """Written to a temporary file and renamed: a file is whole or absent."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(data, stream, ensure_ascii=False, separators=(",", ":"))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def save_state(out: Path, pair_id: str, record: dict[str, Any], beads: list[dict[str, Any]]) -> None:
    """The beads first, the record last: a record on disk always has its beads."""
    (out / STATE_DIR).mkdir(parents=True, exist_ok=True)
    _write(beads_path(out, pair_id), beads)
    _write(state_path(out, pair_id), record)


def drop_state(out: Path, pair_id: str) -> None:
    state_path(out, pair_id).unlink(missing_ok=True)
    beads_path(out, pair_id).unlink(missing_ok=True)


def stored_ids(out: Path) -> set[str]:
    folder = out / STATE_DIR
    if not folder.is_dir():
        return set()
    return {p.name[: -len(".json")] for p in folder.glob("*.json") if not p.name.endswith(".beads.json")}


def clear_temporaries(out: Path) -> None:
    """Half-written records of a killed run."""
    folder = out / STATE_DIR
    if folder.is_dir():
        for leftover in folder.glob(".*.tmp"):
            leftover.unlink(missing_ok=True)
