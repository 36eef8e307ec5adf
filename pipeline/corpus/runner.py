"""`pipeline corpus run`: every page pair of a corpus through the pipeline, incrementally, on an engine.

The driver (this module) finds the pages, decides from the incremental state which need
work, hands those to an engine, publishes each outcome as it arrives, and at the end
writes the corpus files from every pair's record. Only the driver writes into OUT, under
the corpus lock (`OUT/.corpus.lock`): one corpus run per folder at a time.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import time
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.corpus import outputs, state
from pipeline.corpus.bundle import confident_min_score, make_bundle
from pipeline.corpus.discover import discover
from pipeline.corpus.engines import default_workers, run_engine
from pipeline.emit import check_output_root, file_digest, output_lock
from pipeline.emit.publish import MARKER
from pipeline.errors import PipelineError
from pipeline.types.corpus import CorpusResult, PagePair, PairOutcome, PairTask

NAMES = {"zh": "Chinese", "en": "English"}


def _quiet(message: str) -> None:
    pass


@dataclass
class _Plan:
    pair: PagePair
    key: str
    sha: dict[str, str | None]
    size: int = 0
    reason: str | None = None  # skipped before any work (no counterpart, empty)
    error: str | None = None  # a side that cannot be read


@dataclass
class _Run:
    """What this run learnt, pair by pair."""

    records: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> state record (key, entry)
    beads: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # id -> beads, of pairs built now
    rebuilt: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    timing: dict[str, dict[str, Any]] = field(default_factory=dict)


def check_out(out: Path, sides: list[Path]) -> None:
    check_output_root(out)
    if out.is_dir() and not (out / MARKER).is_file() and any(out.iterdir()):
        raise PipelineError(
            str(out), f"exists and was not written by this pipeline (no {MARKER} file); give --out a new folder"
        )
    for side in sides:
        if out.is_relative_to(side.resolve()):
            raise PipelineError(str(out), f"lies inside the input folder {side}; give --out a folder outside it")


def _plan(pair: PagePair, digest: str) -> _Plan:
    sha: dict[str, str | None] = {"zh": None, "en": None}
    plan = _Plan(pair, "", sha)
    for lang, file in (("zh", pair.zh_file), ("en", pair.en_file)):
        if file is None:
            continue
        try:
            data = file.read_bytes()
        except OSError as exc:
            plan.error = f"{getattr(pair, lang)}: cannot be read ({exc.strerror or exc})"
            continue
        sha[lang] = state.sha256_bytes(data)
        plan.size += len(data)
        if not data.strip() and plan.reason is None:
            plan.reason = f"the {NAMES[lang]} file is empty"
    if pair.zh_file is None or pair.en_file is None:
        plan.reason = f"no {NAMES['zh' if pair.zh_file is None else 'en']} counterpart"
    plan.key = state.pair_key(pair.id, pair.path, sha["zh"], sha["en"], digest)
    return plan


def _entry(plan: _Plan, outcome: PairOutcome) -> dict[str, Any]:
    pair = plan.pair
    ok = outcome.status == "ok"
    return {
        "id": pair.id,
        "path": pair.path,
        "zh": pair.zh,
        "en": pair.en,
        "zh_sha256": plan.sha["zh"],
        "en_sha256": plan.sha["en"],
        "status": outcome.status,
        "reason": outcome.reason,
        "error": outcome.error,
        "output": f"{outputs.DOCS}/{pair.id}/" if ok else None,
        "report": f"{outputs.DOCS}/{pair.id}/report.html" if ok else None,
        "counts": outcome.counts if ok else None,
        # What the page's run warned of (e.g. that its files may not be translations of each other).
        "warnings": [line.removeprefix("warning: ") for line in outcome.log if line.startswith("warning: ")],
    }


def _reusable(out: Path, plan: _Plan, record: dict[str, Any] | None) -> bool:
    """The stored record still describes this pair, and its folder is the one that run wrote."""
    if record is None or record.get("key") != plan.key:
        return False
    if not state.beads_path(out, plan.pair.id).is_file():
        return False
    if record["entry"]["status"] != "ok":
        return True
    manifest = out / outputs.DOCS / plan.pair.id / "manifest.json"
    return manifest.is_file() and file_digest(manifest) == record.get("manifest_sha256")


def _tasks(plans: list[_Plan], unreadable: list[PairOutcome]) -> Iterator[PairTask]:
    """Each pair's bytes, read when a worker is free for it."""
    for plan in plans:
        pair = plan.pair
        try:
            zh, en = pair.zh_file.read_bytes(), pair.en_file.read_bytes()  # type: ignore[union-attr]
        except OSError as exc:
            unreadable.append(PairOutcome(pair.id, "failed", error=f"cannot be read ({exc.strerror})", retry=True))
            continue
        yield PairTask(pair.id, pair.path, pair.zh or "", pair.en or "", zh, en)


def _finish(out: Path, plan: _Plan, outcome: PairOutcome, run: _Run, log: Callable[[str], None]) -> None:
    """Publish (or clear) the pair's folder, then remember it: the record comes last, so it never lies."""
    pair = plan.pair
    if outcome.status == "ok":
        try:
            outputs.publish_pair(out, outcome, log)
        except PipelineError as exc:
            outcome = PairOutcome(pair.id, "failed", error=str(exc), retry=True, seconds=outcome.seconds)
    if outcome.status != "ok" and not outputs.remove_pair(out, pair.id, log):
        log(f"warning: {out / outputs.DOCS / pair.id} holds files the pipeline did not write; left there")
    entry = _entry(plan, outcome)
    record: dict[str, Any] = {"key": plan.key, "entry": entry}
    if outcome.status == "ok":
        record["manifest_sha256"] = file_digest(out / outputs.DOCS / pair.id / "manifest.json")
    if outcome.retry:
        state.drop_state(out, pair.id)  # tried again next run
    else:
        state.save_state(out, pair.id, record, outcome.beads)
    run.records[pair.id] = record
    run.beads[pair.id] = outcome.beads
    run.rebuilt.append(pair.path)
    run.timing[pair.path] = {"built": True, "seconds": outcome.seconds, "worker": outcome.worker}
    if outcome.peak_rss_mb:
        run.timing[pair.path]["peak_rss_mb"] = outcome.peak_rss_mb


def _remove_vanished(out: Path, current: set[str], log: Callable[[str], None]) -> list[str]:
    removed = []
    for pair_id in sorted((state.stored_ids(out) | outputs.pair_folders(out)) - current):
        record = state.load_state(out, pair_id)
        if outputs.remove_pair(out, pair_id, log):
            state.drop_state(out, pair_id)
            removed.append(record["entry"]["path"] if record else pair_id)
        else:
            log(f"warning: {out / outputs.DOCS / pair_id} holds files the pipeline did not write; left there")
    return removed


def _write_run_log(out: Path, run: _Run, engine: str, workers: int | None, seconds: float) -> None:
    """OUT/run.json: this run's engine, timings and memory. Apart from the outputs, which must not vary."""
    peaks: dict[str, float] = {}
    for timing in run.timing.values():
        if timing.get("worker"):
            peaks[timing["worker"]] = max(peaks.get(timing["worker"], 0.0), timing.get("peak_rss_mb", 0.0))
    usage = resource.getrusage(resource.RUSAGE_SELF)
    data = {
        "engine": engine,
        "workers": workers,
        "seconds": round(seconds, 3),
        # The driver's own CPU time: what finding, publishing and summing pages cost beside the workers.
        "driver_cpu_seconds": round(usage.ru_utime + usage.ru_stime, 3),
        "rebuilt": len(run.rebuilt),
        "unchanged": len(run.unchanged),
        "peak_rss_mb_by_worker": peaks,
        "pairs": dict(sorted(run.timing.items())),
    }
    temporary = out / ".run.json.tmp"
    temporary.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(temporary, out / "run.json")


def _triage(out: Path, plans: list[_Plan], run: _Run, log: Callable[[str], None]) -> list[_Plan]:
    """Reuse what is unchanged, settle what needs no worker; the rest, largest first, is the work."""
    todo = []
    for plan in plans:
        record = state.load_state(out, plan.pair.id)
        if record is not None and plan.error is None and _reusable(out, plan, record):
            run.records[plan.pair.id] = record
            run.unchanged.append(plan.pair.path)
            run.timing[plan.pair.path] = {"built": False}
        elif plan.error is not None:
            _finish(out, plan, PairOutcome(plan.pair.id, "failed", error=plan.error, retry=True), run, log)
        elif plan.reason is not None:
            _finish(out, plan, PairOutcome(plan.pair.id, "skipped", reason=plan.reason), run, log)
        else:
            todo.append(plan)
    # Largest first: the long pages start early and the workers finish together.
    return sorted(todo, key=lambda p: (-p.size, p.pair.path))


def _outcomes(
    engine: str, todo: list[_Plan], unreadable: list[PairOutcome], bundle, workers: int | None
) -> Generator[PairOutcome, None, None]:
    """The engine's outcomes; no more local workers than pairs (each loads the models), none for no work."""
    if todo:
        if engine == "local":
            workers = min(workers or default_workers(), len(todo))
        yield from run_engine(engine, _tasks(todo, unreadable), bundle, workers)


def corpus_run(
    out: Path,
    zh_dir: Path | None = None,
    en_dir: Path | None = None,
    pairs_file: Path | None = None,
    include: list[str] | None = None,
    exclude: list[str] | None = None,
    config: str | Path | None = None,
    profile: str | None = None,
    translate: bool = True,
    engine: str = "local",
    workers: int | None = None,
    log: Callable[[str], None] = _quiet,
) -> CorpusResult:
    """Every page of the corpus into `out` (see the module's docstring); `log` takes notices and warnings."""
    from pipeline.progress import progress_bar

    start = time.perf_counter()
    pairs = discover(zh_dir, en_dir, pairs_file, include or (), exclude or ())
    out = Path(out).resolve()  # absolute: an in-process pair runs in its own scratch folder
    check_out(out, [d for d in (zh_dir, en_dir) if d is not None] if pairs_file is None else [])
    if workers is not None and workers < 1:
        raise PipelineError(None, f"--workers takes a number of processes, 1 or more (not {workers})")
    bundle = make_bundle(config, profile, translate)
    digest = bundle.digest()
    run = _Run()
    with output_lock(out, "corpus", log):
        outputs.mark_output(out)
        state.clear_temporaries(out)
        todo = _triage(out, [_plan(pair, digest) for pair in pairs], run, log)
        by_id = {p.pair.id: p for p in todo}
        unreadable: list[PairOutcome] = []
        counts = {"ok": 0, "skipped": 0, "failed": 0}
        try:
            with (
                contextlib.closing(_outcomes(engine, todo, unreadable, bundle, workers)) as outcomes,
                progress_bar(len(todo), "corpus", unit="pair") as bar,
            ):
                for outcome in outcomes:
                    _finish(out, by_id[outcome.id], outcome, run, log)
                    counts[outcome.status] += 1
                    bar.set_postfix_str(", ".join(f"{n} {s}" for s, n in counts.items()), refresh=False)
                    bar.update(1)
        except Exception:  # an error speaks for itself
            raise
        except BaseException:  # Ctrl-C, SIGTERM: say what is kept and how to go on
            left = len(todo) - sum(counts.values())
            log(f"corpus: stopped with {left} of {len(todo)} pairs not done; run the same command again to resume")
            raise
        for outcome in unreadable:
            _finish(out, by_id[outcome.id], outcome, run, log)
        removed = _remove_vanished(out, {p.id for p in pairs}, log)
        entries = [run.records[p.id]["entry"] for p in pairs]
        # Every run lists every failed pair (cached ones too): a failure stays until it is fixed.
        failed = [(e["path"], e["error"]) for e in entries if e["status"] == "failed"]
        summary = outputs.corpus_summary(entries, digest, confident_min_score(bundle.settings))
        if not outputs.corpus_files_current(out, summary):  # a run that changed nothing rewrites nothing

            def beads_of(pair_id: str) -> list[dict[str, Any]]:
                return run.beads[pair_id] if pair_id in run.beads else state.load_beads(out, pair_id) or []

            outputs.write_corpus_files(out, summary, [bead for p in pairs for bead in beads_of(p.id)])
        seconds = time.perf_counter() - start
        used = workers or (default_workers() if engine != "inline" else 1)
        _write_run_log(out, run, engine, used, seconds)
    return CorpusResult(out, summary, run.rebuilt, run.unchanged, removed, failed, round(seconds, 3))
