"""Crash-safe publishing of an output directory.

The pipeline writes `OUT/<doc>/` into a hidden staging sibling and swaps it in
only when complete. Three rules keep a user's data safe:

* it replaces or deletes only directories it made itself, recognised by the
  marker file `MARKER` inside them; anything else at the target is an error;
* one run at a time writes into a given output root (`OUT/.<doc>.lock`, an
  advisory `flock`); a second run exits 2 naming the directory;
* staging (`.<doc>.tmp-*`) and backup (`.<doc>.old-*`) folders are removed on
  every exit path; those left by a killed run are removed at the next start
  (only when they carry the marker, so nothing else is ever touched).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from pipeline.errors import PipelineError

MARKER = ".pipeline-output"
MARKER_TEXT = "written by the bilingual document pipeline; safe for it to replace\n"


def is_pipeline_output(path: Path) -> bool:
    return path.is_dir() and not path.is_symlink() and (path / MARKER).is_file()


def check_output_root(out_root: Path) -> None:
    """Fail before any work when OUT cannot hold the output (a file, or not writable)."""
    probe = out_root
    while not probe.exists():
        if probe.parent == probe:
            break
        probe = probe.parent
    if probe.exists() and not probe.is_dir():
        raise PipelineError(str(probe), "is a file, not a directory; give --out a directory")
    if probe.exists() and not os.access(probe, os.W_OK | os.X_OK):
        raise PipelineError(str(probe), "is not writable; give --out a directory you can write to")


def check_target(final: Path) -> None:
    """The target OUT/<doc> must be absent or an earlier output of this pipeline."""
    if final.is_symlink() or (final.exists() and not final.is_dir()):
        raise PipelineError(str(final), "exists and is not a pipeline output directory; move it away or use --out")
    if final.is_dir() and not is_pipeline_output(final) and any(final.iterdir()):
        raise PipelineError(
            str(final), f"exists and was not written by this pipeline (no {MARKER} file); move it away or use --out"
        )


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _make_staging(parent: Path, name: str) -> Path:
    staging = Path(tempfile.mkdtemp(prefix=f".{name}.tmp-", dir=parent))
    # mkdtemp makes 0700; outputs are shared files, so follow the umask like mkdir does.
    staging.chmod(0o777 & ~_umask())
    (staging / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    return staging


def _remove_stale(parent: Path, name: str) -> None:
    """Staging and backup folders left by a killed run (recognised by the marker)."""
    for prefix in (f".{name}.tmp-", f".{name}.old-"):
        for candidate in parent.glob(prefix + "*"):
            if is_pipeline_output(candidate):
                shutil.rmtree(candidate, ignore_errors=True)


@contextlib.contextmanager
def output_lock(out_root: Path, name: str) -> Iterator[None]:
    """Hold `OUT/.<name>.lock` for the whole run; a concurrent run fails fast."""
    out_root.mkdir(parents=True, exist_ok=True)
    lock_path = out_root / f".{name}.lock"
    try:
        handle = lock_path.open("a")
    except OSError as exc:
        raise PipelineError(
            str(out_root), f"cannot write here ({exc.strerror}); give --out a writable directory"
        ) from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in (errno.EAGAIN, errno.EACCES):
                raise PipelineError(
                    str(out_root / name), "another run is writing this directory; wait for it to finish"
                ) from None
            raise
        try:
            _remove_stale(out_root, name)
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextlib.contextmanager
def atomic_directory(final: Path) -> Iterator[Path]:
    """Yield an empty staging directory that replaces `final` on success.

    Call inside `output_lock` so no other run swaps the same target.
    """
    final.parent.mkdir(parents=True, exist_ok=True)
    check_target(final)
    try:
        staging = _make_staging(final.parent, final.name)
    except OSError as exc:
        raise PipelineError(str(final.parent), f"cannot write here ({exc.strerror})") from None
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    backup = None
    try:
        if final.exists():
            check_target(final)  # re-checked: the folder may have changed while the run worked
            backup = final.parent / f".{final.name}.old-{os.getpid()}"
            os.replace(final, backup)
        os.replace(staging, final)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if backup is not None and not final.exists():
            os.replace(backup, final)  # put the old output back
        raise PipelineError(str(final), f"could not be replaced ({exc.strerror}); the old output is kept") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if backup is not None:
        shutil.rmtree(backup, ignore_errors=True)
