"""The per-pair function every engine runs: one page pair, bytes in, output files and beads out.

It writes nothing outside a scratch folder of its own: the driver publishes what it
returns, so a worker that dies leaves no half-written pair in OUT, and a worker on another
machine needs no shared file system. Inside the scratch folder the pair is a tiny project
(`zh/<page>`, `en/<page>`, the bundle's config files) run by `run_pipeline` with paths
relative to it, so outputs are the same bytes whichever process or machine ran them.
Models are loaded by the library's own caches, once per worker process.
"""

from __future__ import annotations

import contextlib
import os
import socket
import tempfile
import time
from pathlib import Path, PurePosixPath

from pipeline import __version__
from pipeline.corpus.beads import bead_rows, pair_counts
from pipeline.errors import PipelineError
from pipeline.types.corpus import PairOutcome, PairTask

NAMES = {"zh": "Chinese", "en": "English"}


def _peak_rss_mb() -> float:
    import resource

    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # kB on Linux


def _scratch_name(rel: str) -> str:
    """Where a page sits in the scratch folder: its relative path, or its name when that is not clean."""
    path = PurePosixPath(rel)
    return rel if not path.is_absolute() and ".." not in path.parts else path.name


@contextlib.contextmanager
def _inside(folder: Path):
    previous = os.getcwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(previous)


def _write(folder: Path, name: str, data: bytes) -> None:
    target = folder / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


class _Skip(Exception):
    """Raised by the run's vet: the pair is skipped, for this reason."""


def _text_reason(lang: str, text: str) -> str | None:
    """Why one side's extracted text is not worth aligning (none, or in the other language), if it is not.

    Judged on the extracted text, as the pipeline sees it: code and markup do not count.
    """
    from pipeline.lang.detect import detect_language

    if not text.strip():
        return f"the {NAMES[lang]} file has no text"
    found = detect_language(text)
    if found is not None and found != lang:
        return f"the {NAMES[lang]} file is written in {NAMES[found]}"
    return None


def _vet(docs) -> None:
    """The run's check on its extracted documents (Chinese first): text pages without text, or in the
    other language, are skipped. PDFs are judged only when their run fails (_failed_reason): one
    without a text layer fails on its own, and their extraction is not to be done twice."""
    for doc in docs:
        if doc.source.kind != "pdf":
            reason = _text_reason(doc.source.lang, doc.text)
            if reason is not None:
                raise _Skip(reason)


def _failed_reason(zh_path: Path, en_path: Path, settings) -> str | None:
    """After a failed run, the skip reason of its sides in order (Chinese first), if one has one; None
    as soon as a side cannot be read either (the run's error says why)."""
    from pipeline.extract import extract
    from pipeline.ingest import read_source_file

    with contextlib.suppress(PipelineError):
        for lang, path in (("zh", zh_path), ("en", en_path)):
            reason = _text_reason(lang, extract(read_source_file(path, lang=lang), settings=settings.pdf).text)
            if reason is not None:
                return reason
    return None


def _config(task: PairTask, bundle, zh_name: str, en_name: str):
    from pipeline.config import Config
    from pipeline.types import SourceSpec

    sources = [
        SourceSpec(id=f"{task.id}-zh", lang="zh", path=f"zh/{zh_name}"),
        SourceSpec(id=f"{task.id}-en", lang="en", path=f"en/{en_name}"),
    ]
    return Config(
        root=Path("."),
        settings=bundle.settings,
        profile=bundle.profile,
        document_id=task.id,
        document={"id": task.id, "title": task.path},
        sources=sources,
        pairs=[{"zh": sources[0].id, "en": [sources[1].id]}],
        files=[Path(name) for name in sorted(bundle.files)],
    )


def _collect(folder: Path) -> dict[str, bytes]:
    from pipeline.emit import MARKER

    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != MARKER
    }


def process_pair(task: PairTask, bundle, scratch: str | None = None) -> PairOutcome:
    """Run one pair; never raises for a bad page (the outcome says failed), only on interrupt."""
    from pipeline.progress import silenced

    start = time.perf_counter()
    outcome = _process(task, bundle, scratch, silenced)
    outcome.seconds = round(time.perf_counter() - start, 3)
    outcome.worker = f"{socket.gethostname()}:{os.getpid()}"
    outcome.peak_rss_mb = _peak_rss_mb()
    return outcome


def _process(task: PairTask, bundle, scratch: str | None, silenced) -> PairOutcome:
    from pipeline.corpus.bundle import confident_min_score
    from pipeline.run import run_pipeline

    if bundle.version != __version__:
        return PairOutcome(
            task.id,
            "failed",
            error=f"this worker runs pipeline {__version__}, the run started with {bundle.version}; "
            "install the same version everywhere",
            retry=True,
        )
    log: list[str] = []
    with tempfile.TemporaryDirectory(prefix="pipeline-pair-", dir=scratch) as folder:
        here = Path(folder)
        zh_name, en_name = _scratch_name(task.zh), _scratch_name(task.en)
        for name, data in bundle.files.items():
            _write(here, name, data)
        _write(here, f"zh/{zh_name}", task.zh_bytes)
        _write(here, f"en/{en_name}", task.en_bytes)
        sides = (Path("zh", zh_name), Path("en", en_name))
        try:
            with _inside(here), silenced():
                config = _config(task, bundle, zh_name, en_name)
                result = run_pipeline(
                    config, out_root=Path("out"), log=log.append, translate=bundle.translate, vet=_vet
                )
                out = result.out_dir.resolve()
        except _Skip as skip:
            return PairOutcome(task.id, "skipped", reason=str(skip))
        except PipelineError as exc:
            with _inside(here), silenced():
                reason = _failed_reason(*sides, bundle.settings)
            if reason is not None:
                return PairOutcome(task.id, "skipped", reason=reason)
            return PairOutcome(task.id, "failed", error=_one_line(str(exc)), log=log)
        except Exception as exc:  # a bug or a hostile page: this pair fails, the corpus goes on
            return PairOutcome(
                task.id, "failed", error=_one_line(f"internal error: {type(exc).__name__}: {exc}"), log=log, retry=True
            )
        files = _collect(out)
        cutoff = confident_min_score(bundle.settings)
        beads = bead_rows(out, task, cutoff)
        counts = pair_counts(out, beads)
        return PairOutcome(task.id, "ok", files=files, beads=beads, counts=counts, log=[_one_line(x) for x in log])


def _one_line(text: str) -> str:
    return " ".join(text.split())
