"""The main job: every stage in data-flow order, from config to processed/."""

from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from pipeline import __version__
from pipeline.config import Config
from pipeline.emit import (alignment_records, atomic_directory, file_digest, segment_records, unaligned_records,
                           write_json, write_jsonl)
from pipeline.extract import extract
from pipeline.ingest import ingest_sources, read_source_file
from pipeline.lang import rules_for
from pipeline.segment import segment
from pipeline.types import ExtractedDoc, SegmentedDoc


def say(message: str) -> None:
    print(message, file=sys.stderr)


@dataclass
class RunResult:
    out_dir: Path
    manifest: dict[str, Any]
    notices: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


class _Timer:
    def __init__(self) -> None:
        self.timings: dict[str, float] = {}

    def stage(self, name: str):
        timer = self

        class _Stage:
            def __enter__(self):
                self.t0 = time.perf_counter()

            def __exit__(self, *exc):
                timer.timings[name] = timer.timings.get(name, 0.0) + time.perf_counter() - self.t0

        return _Stage()


def lang_settings(config: Config | None, lang: str) -> dict[str, Any]:
    if config is None:
        return {}
    return dict(config.section("segment").get(lang) or {})


def segment_file(path: Path, lang: str, config: Config | None = None) -> SegmentedDoc:
    """One file through ingest, extract and segment (used by `pipeline segment`)."""
    item = read_source_file(path, lang=lang)
    extracted = extract(item)
    rules = rules_for(lang, lang_settings(config, lang), config.root if config else None)
    return segment(extracted, rules)


def build_manifest(config: Config, extracted: list[ExtractedDoc], segmented: list[SegmentedDoc],
                   notices: list[str], extra_counts: dict[str, Any]) -> dict[str, Any]:
    sources = []
    for doc in extracted:
        s = doc.source
        sources.append({"id": s.id, "lang": s.lang, "path": s.path, "kind": s.kind, "version": s.version,
                        "sha256": s.sha256, "size": s.size, "encoding": s.encoding, "origin_url": s.origin_url,
                        "licence": s.licence, "warnings": doc.warnings})
    counts: dict[str, Any] = {
        "ingest": {"sources": len(extracted)},
        "extract": {d.source.id: {"blocks": len(d.blocks)} for d in extracted},
        "segment": {
            d.source.id: {"sections": len(d.sections), "paragraphs": len(d.paragraphs),
                          "sentences": len(d.sentences), "words": sum(len(s.words) for s in d.sentences)}
            for d in segmented
        },
    }
    counts.update(extra_counts)
    return {
        "pipeline": {"name": "pipeline", "version": __version__},
        "document": config.document,
        "config_sha256": config.hash(),
        "sources": sources,
        "notices": notices,
        "counts": counts,
    }


def pair_documents(config: Config, segmented: list[SegmentedDoc]) -> list[tuple[SegmentedDoc, SegmentedDoc]]:
    """The (zh, en) pairs config/sources.yaml declares, using the first English source present."""
    by_id = {doc.source.id: doc for doc in segmented}
    pairs = []
    for pair in config.pairs:
        zh = by_id.get(pair.get("zh"))
        candidates = pair.get("en") if isinstance(pair.get("en"), list) else [pair.get("en")]
        en = next((by_id[c] for c in candidates if c in by_id), None)
        if zh is not None and en is not None:
            pairs.append((zh, en))
    return pairs


def run_pipeline(config: Config, out_root: Path | None = None, log: Callable[[str], None] = say) -> RunResult:
    timer = _Timer()
    with timer.stage("ingest"):
        ingested, notices = ingest_sources(config.root, config.sources)
    for notice in notices:
        log(f"notice: {notice}")
    with timer.stage("extract"):
        extracted = [extract(item) for item in ingested]
    for doc in extracted:
        for warning in doc.warnings:
            log(f"warning: {warning}")
    with timer.stage("segment"):
        segmented = [
            segment(doc, rules_for(doc.source.lang, lang_settings(config, doc.source.lang), config.root))
            for doc in extracted
        ]

    with timer.stage("align"):
        from pipeline.align import Aligner
        from pipeline.align.hierarchical import align_documents

        aligner = Aligner.from_config(config.section("align"), config.root)
        alignments = [align_documents(zh, en, aligner) for zh, en in pair_documents(config, segmented)]

    out_root = Path(out_root) if out_root else config.path(config.settings.get("output_dir", "processed"))
    final = out_root / config.document_id
    with timer.stage("emit"), atomic_directory(final) as staging:
        for name, records in segment_records(segmented).items():
            write_jsonl(staging / f"{name}.jsonl", records)
        write_jsonl(staging / "alignments.jsonl", alignment_records(alignments))
        write_jsonl(staging / "unaligned.jsonl", unaligned_records(alignments, segmented))
        align_counts = {
            f"{a.zh_source}~{a.en_source}": {
                level: len(a.by_level(level)) for level in ("section", "paragraph", "sentence")
            } | {"unaligned_sentences": sum(len(r.zh) + len(r.en) for r in a.unaligned())}
            for a in alignments
        }
        manifest = build_manifest(config, extracted, segmented, notices, {"align": align_counts})
        manifest["files"] = {p.name: file_digest(p) for p in sorted(staging.iterdir()) if p.is_file()}
        write_json(staging / "manifest.json", manifest)

    _write_run_log(config, timer.timings, notices)
    return RunResult(out_dir=final, manifest=manifest, notices=notices, timings=timer.timings)


def _write_run_log(config: Config, timings: dict[str, float], notices: list[str]) -> None:
    """Timings change every run, so they live outside the deterministic outputs."""
    log_dir = config.path(config.settings.get("log_dir", "logs"))
    log_dir.mkdir(parents=True, exist_ok=True)
    entry = {"time": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "document": config.document_id,
             "seconds": {k: round(v, 4) for k, v in timings.items()}, "notices": notices}
    with (log_dir / "runs.jsonl").open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
