"""What a corpus run writes: each pair's folder, and the corpus files built from every pair's record.

Only the driver writes into OUT. A pair's folder is published as `pipeline run`
publishes one (its own lock, a staging folder renamed into place, the marker), so it is
the old folder or the new one, never a mix. The corpus files (corpus.json, corpus.tmx,
pairs.parquet, report.html) are written into a marked staging folder and each renamed
into place. Everything here is a function of the pairs' records: the same corpus gives
the same bytes whichever engine, worker count or run order built it.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from pipeline import __version__
from pipeline.corpus.beads import shares
from pipeline.emit import MARKER, atomic_directory, output_lock
from pipeline.emit.ownership import MARKER_TEXT
from pipeline.emit.publish import remove_output
from pipeline.types.corpus import PairOutcome

DOCS = "docs"
CORPUS_FILES = ("corpus.json", "corpus.tmx", "pairs.parquet", "report.html")


def publish_pair(out: Path, outcome: PairOutcome, log) -> None:
    """OUT/docs/<id>/ replaced by the outcome's files (PipelineError when a foreign folder is in the way)."""
    docs = out / DOCS
    with output_lock(docs, outcome.id, log), atomic_directory(docs / outcome.id, log) as staging:
        for name, data in sorted(outcome.files.items()):
            target = staging / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)


def remove_pair(out: Path, pair_id: str, log) -> bool:
    """OUT/docs/<id>/ removed as a re-run would replace it: the pipeline's own unchanged files only.

    False when something stays (a folder the pipeline did not write, or files a user put or
    edited there; `log` names them).
    """
    docs = out / DOCS
    final = docs / pair_id
    if not os.path.lexists(final):
        return True
    with output_lock(docs, pair_id, log):
        gone = remove_output(final, log)
    if gone:
        (docs / f".{pair_id}.lock").unlink(missing_ok=True)
    return gone


def pair_folders(out: Path) -> set[str]:
    docs = out / DOCS
    if not docs.is_dir():
        return set()
    return {p.name for p in docs.iterdir() if p.is_dir() and not p.name.startswith(".")}


def totals(entries: list[dict[str, Any]]) -> dict[str, Any]:
    """Corpus totals over the pairs' entries (shares over sentences, mean over aligned beads)."""
    ok = [e for e in entries if e["status"] == "ok"]
    reasons: dict[str, int] = {}
    for entry in entries:
        if entry["status"] == "skipped":
            reasons[entry["reason"]] = reasons.get(entry["reason"], 0) + 1
    sentences = {lang: sum(e["counts"]["sentences"].get(lang, 0) for e in ok) for lang in ("zh", "en")}
    aligned = sum(e["counts"]["aligned_beads"] for e in ok)

    def summed(key: str) -> dict[str, int]:
        return {side: sum(e["counts"][key][side] for e in ok) for side in ("zh", "en")}

    score_sum = sum((e["counts"]["mean_confidence"] or 0.0) * e["counts"]["aligned_beads"] for e in ok)
    return {
        "pairs": len(entries),
        "ok": len(ok),
        "skipped": sum(e["status"] == "skipped" for e in entries),
        "failed": sum(e["status"] == "failed" for e in entries),
        "skipped_by_reason": dict(sorted(reasons.items())),
        "sentences": sentences,
        "sentence_beads": sum(e["counts"]["sentence_beads"] for e in ok),
        "aligned_beads": aligned,
        "confident_beads": sum(e["counts"]["confident_beads"] for e in ok),
        **shares(summed("sentences_in_confident_beads"), summed("sentences_in_beads")),
        "mean_confidence": round(score_sum / aligned, 4) if aligned else None,
    }


def corpus_summary(entries: list[dict[str, Any]], settings_digest: str, min_score: float) -> dict[str, Any]:
    return {
        "pipeline": {"name": "pipeline", "version": __version__},
        "settings_sha256": settings_digest,
        "confident_min_score": min_score,
        "totals": totals(entries),
        "pairs": entries,
    }


def write_corpus_tmx(path: Path, beads: list[dict[str, Any]]) -> int:
    from pipeline.emit.formats import write_tmx

    units = [
        {
            "id": b["bead_id"],
            "zh": b["zh"],
            "en": b["en"],
            "score": b["score"],
            "bead": b["bead"],
            "props": {"page": b["page"]},
        }
        for b in beads
        if b["confident"]
    ]
    write_tmx(path, units)
    return len(units)


PARQUET_COLUMNS = (
    ("pair", "string"),
    ("page", "string"),
    ("zh_file", "string"),
    ("en_file", "string"),
    ("bead_id", "string"),
    ("section", "list<string>"),
    ("zh", "string"),
    ("en", "string"),
    ("bead", "string"),
    ("score", "float64"),
    ("status", "string"),
    ("confident", "bool"),
)


def parquet_schema():
    import pyarrow as pa

    types = {"string": pa.string(), "float64": pa.float64(), "bool": pa.bool_(), "list<string>": pa.list_(pa.string())}
    return pa.schema([(name, types[kind]) for name, kind in PARQUET_COLUMNS])


def write_parquet(path: Path, beads: list[dict[str, Any]]) -> None:
    """One row per sentence bead, plain Arrow types only (no pandas metadata): any Parquet reader takes it."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = parquet_schema()
    table = pa.Table.from_pydict({name: [b[name] for b in beads] for name in schema.names}, schema=schema)
    pq.write_table(table, path, compression="zstd")


def corpus_files_current(out: Path, summary: dict[str, Any]) -> bool:
    """The corpus files already say this (same corpus.json, every file there): nothing to rewrite."""
    try:
        same = (out / "corpus.json").read_text(encoding="utf-8") == _json_text(summary)
    except OSError:
        return False
    return same and all((out / name).is_file() for name in CORPUS_FILES)


def _json_text(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_corpus_files(out: Path, summary: dict[str, Any], beads: list[dict[str, Any]]) -> None:
    """corpus.json, corpus.tmx, pairs.parquet and report.html, each swapped in whole."""
    from pipeline.corpus.report import render_corpus_report

    staging = Path(tempfile.mkdtemp(prefix=".corpus.tmp-", dir=out))
    try:
        (staging / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        (staging / "corpus.json").write_text(_json_text(summary), encoding="utf-8")
        write_corpus_tmx(staging / "corpus.tmx", beads)
        write_parquet(staging / "pairs.parquet", beads)
        (staging / "report.html").write_text(render_corpus_report(summary), encoding="utf-8")
        for name in CORPUS_FILES:
            os.replace(staging / name, out / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def mark_output(out: Path) -> None:
    """OUT carries the marker: later runs (and the cleaning of vanished pairs) know it is theirs."""
    marker = out / MARKER
    if not marker.exists():
        marker.write_text(MARKER_TEXT, encoding="utf-8")


def read_summary(out: Path) -> dict[str, Any]:
    return json.loads((out / "corpus.json").read_text(encoding="utf-8"))
