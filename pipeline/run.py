"""The main job: every stage in data-flow order, from config to processed/."""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pipeline import __version__
from pipeline.config import Config, user_cache_dir
from pipeline.emit import (
    atomic_directory,
    check_output_root,
    check_producer,
    check_target,
    load_records,
    output_digests,
    output_lock,
    write_json,
    write_outputs,
)
from pipeline.extract import extract
from pipeline.ingest import ingest_sources, read_source_file
from pipeline.lang import rules_for
from pipeline.log import note
from pipeline.segment import segment
from pipeline.types import ExtractedDoc, RunResult, SegmentedDoc


class _Timer:
    def __init__(self) -> None:
        self.timings: dict[str, float] = {}

    @contextlib.contextmanager
    def stage(self, name: str):
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - start


def lang_settings(config: Config | None, lang: str):
    """A language's segmentation settings object (the defaults without a config)."""
    from pipeline.settings import SegmentSettings

    return getattr(config.settings.segment if config is not None else SegmentSettings(), lang)


def _rules_pair(config: Config | None, lang: str):
    """The rules of `lang` and of the other language (for segments written in it), as configured."""
    other = "en" if lang == "zh" else "zh"
    root = config.root if config else None
    return rules_for(lang, lang_settings(config, lang), root), rules_for(other, lang_settings(config, other), root)


def segment_file(path: Path, lang: str | None, config: Config | None = None) -> SegmentedDoc:
    """One file through ingest, extract and segment (used by `pipeline segment`).

    The language is checked against the text's script, or detected from it when not given.
    """
    import dataclasses

    from pipeline.lang.detect import check_language

    item = read_source_file(path, lang=lang or "und", max_bytes=config.settings.ingest.max_bytes if config else None)
    extracted = extract(item, settings=config.settings.pdf) if config is not None else extract(item)
    found = check_language(str(path), extracted.text, lang)
    if found != extracted.source.lang:
        extracted = dataclasses.replace(extracted, source=dataclasses.replace(extracted.source, lang=found))
    rules, other = _rules_pair(config, found)
    return segment(extracted, rules, other_rules=other)


def build_manifest(
    config: Config,
    extracted: list[ExtractedDoc],
    segmented: list[SegmentedDoc],
    notices: list[str],
    extra_counts: dict[str, Any],
) -> dict[str, Any]:
    sources = []
    warnings_by_source = {d.source.id: d.warnings for d in segmented}
    for doc in extracted:
        s = doc.source
        sources.append(
            {
                "id": s.id,
                "lang": s.lang,
                "path": s.path,
                "kind": s.kind,
                "version": s.version,
                "sha256": s.sha256,
                "size": s.size,
                "encoding": s.encoding,
                "origin_url": s.origin_url,
                "licence": s.licence,
                "metadata": doc.metadata,
                "warnings": warnings_by_source.get(s.id, doc.warnings),
            }
        )
    counts: dict[str, Any] = {
        "ingest": {"sources": len(extracted)},
        "extract": {d.source.id: {"blocks": len(d.blocks)} for d in extracted},
        "segment": {
            d.source.id: {
                "sections": len(d.sections),
                "paragraphs": len(d.paragraphs),
                "sentences": len(d.sentences),
                "words": sum(len(s.words) for s in d.sentences),
                # Sentences in another language (mismatched.jsonl) and what extraction dropped on purpose.
                "mismatched": len(d.mismatched),
                "dropped": dict(d.dropped),
            }
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
    for pair in config.pairs:  # validated on load: {"zh": id, "en": [ids]}
        zh = by_id.get(pair["zh"])
        en = next((by_id[c] for c in pair["en"] if c in by_id), None)
        if zh is not None and en is not None:
            pairs.append((zh, en))
    return pairs


def extract_records(
    config: Config,
    segmented: list[SegmentedDoc],
    pairs: list[tuple[SegmentedDoc, SegmentedDoc]],
    alignments,
    previous: dict,
    log: Callable[[str], None] = note,
):
    """Stage 5 on the first declared pair (or the English source alone), with ids kept from `previous`."""
    from pipeline.records import build_records

    settings = config.profile.records
    zh, en = (
        pairs[0]
        if pairs
        else (
            next((d for d in segmented if d.source.lang == "zh"), None),
            next((d for d in segmented if d.source.lang == "en"), None),
        )
    )
    alignment = alignments[0] if alignments else None
    zh_rules = rules_for("zh", lang_settings(config, "zh"), config.root)
    records = build_records(settings, zh_rules, en, zh, alignment, previous)
    counts = {kind: len(items) for kind, items in records.by_kind().items()}
    if not settings.enabled:
        return records
    log(
        f"records: {counts['category']} categories, {counts['challenge']} challenges, "
        f"{counts['topic']} topics, {counts['question']} questions"
    )
    present = {d.source.id for d in segmented}
    warnings = _expectation_warnings(config, counts, present)
    records.notices.extend(warnings)
    # A missing source was already named on stderr by ingest; the manifest keeps the note.
    if _awaited_source(config, present) is None:
        for warning in warnings:
            log(f"warning: {warning}")
    return records


def _awaited_source(config: Config, present: set[str]):
    """The declared source that challenges and questions wait for, when it is absent."""
    expected = config.profile.records.expected
    needs = config.profile.records.needs_source
    if needs is None or needs in present or not (expected.challenges or expected.min_questions):
        return None
    return next((s for s in config.sources if s.id == needs), None)


def _expectation_warnings(config: Config, counts: dict[str, int], present: set[str]) -> list[str]:
    expected = config.profile.records.expected
    spec = _awaited_source(config, present)
    warnings = []
    if spec is not None:
        return [
            f"challenges and questions need the source {spec.id!r} ({spec.path}): "
            f"{spec.missing_hint or spec.origin_url or 'add it'}"
        ]
    if expected.categories is not None and counts["category"] != expected.categories:
        warnings.append(f"found {counts['category']} categories, expected {expected.categories}")
    if expected.challenges is not None and counts["challenge"] != expected.challenges:
        warnings.append(f"found {counts['challenge']} challenges, expected {expected.challenges}")
    if expected.min_questions is not None and counts["question"] < expected.min_questions:
        warnings.append(f"found {counts['question']} research questions, expected at least {expected.min_questions}")
    return warnings


def run_pipeline(
    config: Config,
    out_root: Path | None = None,
    log: Callable[[str], None] = note,
    translate: bool = True,
    allow_outside: bool = False,
    vet: Callable[[list[ExtractedDoc]], None] | None = None,
) -> RunResult:
    """Every stage; OUT/<document-id>/ is replaced only by a complete output, one run at a time.

    `vet`, when given, sees the extracted documents before anything else does and may raise to
    stop the run there (a corpus skips a page whose side has no text, without extracting twice).
    """
    out_root = Path(out_root) if out_root else config.path(config.settings.output_dir)
    # Output problems are found before the work, not after it.
    check_output_root(out_root)
    check_target(out_root / config.document_id)
    with output_lock(out_root, config.document_id, log):
        if config.standalone:
            # An id made from file names (`run --zh/--en`) can collide: under the lock, before the
            # work, an output another pair made is never replaced. A project's document.id is the
            # user's own choice, and a new version of its sources may well lie elsewhere.
            check_producer(out_root / config.document_id, recorded_patterns(config))
        return _run_locked(config, out_root, log, translate, allow_outside, vet)


def recorded_patterns(config: Config) -> list[str]:
    """The source paths a run of `config` records in its manifest (globs stay patterns)."""
    from pipeline.ingest import recorded_pattern

    return [recorded_pattern(config.root, spec, relative=not config.standalone) for spec in config.sources]


def _run_locked(
    config: Config,
    out_root: Path,
    log: Callable[[str], None],
    translate: bool,
    allow_outside: bool,
    vet: Callable[[list[ExtractedDoc]], None] | None,
) -> RunResult:
    from pipeline.translate import fill_in, make_translators

    timer = _Timer()
    with timer.stage("ingest"):
        ingested, notices = ingest_sources(
            config.root,
            config.sources,
            allow_outside=allow_outside,
            max_bytes=config.settings.ingest.max_bytes,
            relative=not config.standalone,  # outside a project there is no root to be relative to
        )
    for notice in notices:
        log(f"notice: {notice}")
    with timer.stage("extract"):
        extracted = [extract(item, settings=config.settings.pdf) for item in ingested]
    if vet is not None:
        vet(extracted)
    from pipeline.lang.detect import check_language

    for doc in extracted:  # a source whose script contradicts its declared lang stops the run
        check_language(doc.source.path, doc.text, doc.source.lang)
    for doc in extracted:
        for warning in doc.warnings:
            log(f"warning: {warning}")
    with timer.stage("segment"):
        segmented = []
        for doc in extracted:
            rules, other = _rules_pair(config, doc.source.lang)
            segmented.append(segment(doc, rules, other_rules=other))
    for before, after in zip(extracted, segmented):
        for warning in after.warnings[len(before.warnings) :]:
            log(f"warning: {after.source.path}: {warning}")

    # After ingest, so bad input still ends the run with its one line.
    translators, mt_notices = make_translators(config.settings.translate, config.root, enabled=translate)
    for notice in mt_notices:
        log(f"notice: {notice}")

    with timer.stage("align"):
        from pipeline.align import Aligner
        from pipeline.align.hierarchical import align_documents

        aligner = Aligner.from_config(config, translators.get("zh-en"))
        pairs = pair_documents(config, segmented)
        alignments = [align_documents(zh, en, aligner) for zh, en in pairs]

    final = out_root / config.document_id
    with timer.stage("records"):
        records = extract_records(config, segmented, pairs, alignments, previous=load_records(final), log=log)

    with timer.stage("translate"):
        records, segmented, machine_counts = fill_in(records, segmented, alignments, translators)

    with timer.stage("emit"), atomic_directory(final, log) as staging:
        record_dicts = {kind: [r.to_dict() for r in items] for kind, items in records.by_kind().items()}
        emit_counts = write_outputs(staging, segmented, alignments, record_dicts, config.settings.emit)
        align_counts = _align_counts(config, pairs, alignments, log)
        record_counts = {kind: len(items) for kind, items in records.by_kind().items()}
        manifest = build_manifest(
            config,
            extracted,
            segmented,
            notices + records.notices,
            {
                "align": align_counts,
                "records": record_counts,
                "emit": emit_counts,
                "translate": {
                    "models": sorted(
                        f"{t.loaded_model.name}@{t.loaded_model.version}" for t in translators.values() if t.available
                    ),
                    "machine_texts": machine_counts,
                },
            },
        )
        from pipeline.report import render_report

        (staging / "report.html").write_text(render_report(staging, manifest), encoding="utf-8")
        manifest["files"] = output_digests(staging)
        write_json(staging / "manifest.json", manifest)
        # Before publishing: a log that cannot be written must not turn a published output into a failure.
        calls = {d: t.calls for d, t in translators.items() if t.available}
        _write_run_log(config, timer.timings, notices, {"translated_now": calls}, log)

    return RunResult(out_dir=final, manifest=manifest, notices=notices, timings=timer.timings, translated_now=calls)


def _align_counts(config: Config, pairs, alignments, log: Callable[[str], None]) -> dict[str, dict]:
    """Each pair's alignment counts for the manifest, with the not-translations warning where it applies
    (said on stderr too, once per pair)."""
    from pipeline.align import summary

    out = {}
    for (zh, en), alignment in zip(pairs, alignments):
        counts: dict = summary.counts(alignment)
        log(f"{alignment.zh_source} ~ {alignment.en_source}: {summary.line(counts)}")
        warning = summary.not_translations(counts, zh.source.path, en.source.path, config.settings.align.warn_below)
        if warning:
            log(f"warning: {warning}")
            counts["warning"] = warning
        out[f"{alignment.zh_source}~{alignment.en_source}"] = counts
    return out


def _write_run_log(
    config: Config, timings: dict[str, float], notices: list[str], extra: dict, log: Callable[[str], None]
) -> None:
    """Timings change every run, so they live outside the deterministic outputs; a failure is a warning."""
    # Outside a project the log goes to the user's cache folder, never into the working directory.
    log_dir = user_cache_dir() if config.standalone else config.path(config.settings.log_dir)
    entry = {
        "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "document": config.document_id,
        "seconds": {k: round(v, 4) for k, v in timings.items()},
        "notices": notices,
        **extra,
    }
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        with (log_dir / "runs.jsonl").open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
    except OSError as exc:
        log(f"warning: {log_dir / 'runs.jsonl'}: run log not written ({exc.strerror})")
