"""Crash-safe publishing of an output directory.

The pipeline writes `OUT/<doc>/` into a hidden staging sibling and swaps it in
only when complete. The rules that keep a user's data safe:

* it replaces only directories it made itself, recognised by the marker file
  `MARKER` inside them; anything else at the target is an error;
* a re-run replaces only the files the previous run wrote (its manifest lists
  them): anything else the user put in the folder is carried into the new output
  (hard-linked, so it exists in the old folder until the new one is in place);
  an own file edited since it was written, or a read-only folder, stops the run
  before any work, naming them;
* the new folder keeps the old one's permission bits (a shared 2775 or 1777
  folder stays one);
* one run at a time writes into a given output root, and what a killed run
  left is tidied at the next start (`lock.py`);
* a full disk while writing ends the run with the folder, the free space and
  what was written, and the previous output untouched.
"""

from __future__ import annotations

import contextlib
import errno
import fnmatch
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from pipeline.emit.lock import output_lock, recover_stale
from pipeline.emit.ownership import (
    CARRIED,
    MARKER,
    MARKER_TEXT,
    changed_files,
    discard,
    foreign_entries,
    is_pipeline_output,
    own_files,
    read_manifest,
    read_only_folders,
)
from pipeline.errors import PipelineError
from pipeline.files import megabytes, os_problem
from pipeline.log import note

__all__ = [
    "MARKER",
    "MARKER_TEXT",
    "atomic_directory",
    "check_output_root",
    "check_producer",
    "check_target",
    "is_pipeline_output",
    "output_lock",
    "recover_stale",
    "remove_output",
]

# Errors of the disk itself, reported as such whatever file the run was writing.
_DISK_ERRORS = (errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EIO)


def _names(items: list[str], limit: int = 5) -> str:
    return ", ".join(items[:limit]) + (f" and {len(items) - limit} more" if len(items) > limit else "")


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
    """The target OUT/<doc> must be absent, empty, or an earlier output of this pipeline it may replace."""
    if final.is_symlink() or (final.exists() and not final.is_dir()):
        raise PipelineError(str(final), "exists and is not a pipeline output directory; move it away or use --out")
    if not final.is_dir():
        return
    if not is_pipeline_output(final):
        if any(final.iterdir()):
            raise PipelineError(
                str(final), f"exists and was not written by this pipeline (no {MARKER} file); move it away or use --out"
            )
        return
    own = own_files(final)
    if own is None:
        if {p.name for p in final.iterdir()} <= {MARKER}:
            return
        raise PipelineError(
            str(final / "manifest.json"),
            "missing or unreadable, so the pipeline cannot tell its files from yours; "
            "move the folder away (or delete it) and run again",
        )
    locked = read_only_folders(final, set(own))
    if locked:
        raise PipelineError(
            str(final),
            f"is read-only ({_names(locked)}); make it writable (chmod -R u+w) to let the pipeline replace it, "
            "or use --out",
        )
    changed = changed_files(final, own)
    if changed:
        raise PipelineError(
            str(final),
            f"{_names(changed)}: changed since the pipeline wrote them; move them out of the folder "
            "(or delete them) and run again",
        )


def check_producer(final: Path, declared: list[str]) -> None:
    """Refuse to replace an output another source pair made: none of its sources is among `declared`.

    `declared` are the paths this run records in its manifest (globs allowed,
    `ingest.recorded_pattern`). Two pairs whose ids collide (`a/report.md` and
    `b/report.md` both give `report`) must not silently take turns in one folder.
    """
    manifest = read_manifest(final) if is_pipeline_output(final) else None
    sources = manifest.get("sources") if manifest else None
    old = [s["path"] for s in sources or [] if isinstance(s, dict) and isinstance(s.get("path"), str)]
    if not old or not declared:
        return
    for path in old:
        forms = {path, os.path.realpath(path)} if os.path.isabs(path) else {path}
        if any(fnmatch.fnmatchcase(form, pattern) for form in forms for pattern in declared):
            return
    raise PipelineError(
        str(final),
        f"holds the output of another source pair ({' + '.join(old)}), not of this one ({' + '.join(declared)}); "
        "give --out another folder, or move that output away",
    )


def remove_output(final: Path, log: Callable[[str], None] = note) -> bool:
    """Delete an earlier output the way a re-run replaces one: the pipeline's own unchanged files only.

    Anything else in it (the user's files, an own file edited since) stays and is named. False when
    `final` is not a pipeline output (nothing is touched) or something was kept. Call under `output_lock`.
    """
    if not os.path.lexists(final):
        return True
    if not is_pipeline_output(final):
        return False
    own = own_files(final)
    mine = set(own) - set(changed_files(final, own)) if own is not None else {MARKER}
    kept = discard(final, mine, None)
    if kept:
        log(f"notice: {final}: kept {_names(kept)}: not written by the pipeline, or changed since")
    return not os.path.lexists(final)


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


def _link_tree(source: Path, target: Path) -> None:
    """`source` (a file, a link or a whole folder) linked at `target`: nothing is copied, nothing moved."""
    if source.is_dir() and not source.is_symlink():
        target.mkdir()
        shutil.copymode(source, target)
        for child in sorted(source.iterdir()):
            _link_tree(child, target / child.name)
    else:
        os.link(source, target, follow_symlinks=False)


def _carry(final: Path, staging: Path, own: set[str]) -> list[str]:
    """Link the user's entries of the old output into the new one; their relative paths."""
    foreign = foreign_entries(final, own)
    if not foreign:
        return []
    clashes = [name for name in foreign if os.path.lexists(staging / name)]
    if clashes:
        raise PipelineError(
            str(final),
            f"{_names(clashes)}: not written by the pipeline, but the new output has files of those names; "
            "move them out of the folder and run again",
        )
    (staging / CARRIED).write_text("".join(name + "\n" for name in foreign), encoding="utf-8")
    try:
        for name in foreign:
            (staging / name).parent.mkdir(parents=True, exist_ok=True)
            _link_tree(final / name, staging / name)
    except OSError as exc:
        raise PipelineError(
            str(final),
            f"{_names(foreign)}: not written by the pipeline, and this file system cannot carry them into the "
            f"new output ({exc.strerror}); move them out of the folder and run again",
        ) from None
    return foreign


def _disk_error(exc: OSError, final: Path, staging: Path) -> PipelineError:
    written = sum(p.stat().st_size for p in staging.rglob("*") if p.is_file() and not p.is_symlink())
    so_far = f" ({megabytes(written)} written, so it needs more than that)" if written else ""
    problem = os_problem(exc, final.parent)
    return PipelineError(str(final.parent), f"{final.name} not written{so_far}: {problem}; the previous output is kept")


@contextlib.contextmanager
def atomic_directory(final: Path, log: Callable[[str], None] = note) -> Iterator[Path]:
    """Yield an empty staging directory that replaces `final` on success.

    Call inside `output_lock` so no other run swaps the same target. Files of the user's in the
    old `final` are carried into the new one (`log` names them).
    """
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PipelineError(str(final.parent), f"cannot be made ({os_problem(exc, final.parent)})") from None
    check_target(final)
    try:
        staging = _make_staging(final.parent, final.name)
    except OSError as exc:
        raise PipelineError(str(final.parent), f"cannot write here ({os_problem(exc, final.parent)})") from None
    try:
        try:
            yield staging
        except OSError as exc:
            if exc.errno in _DISK_ERRORS or str(exc.filename or "").startswith(str(staging)):
                raise _disk_error(exc, final, staging) from None
            raise
        carried = _publish(final, staging, log)
    except BaseException:
        # The staging folder holds the pipeline's files and second links to the user's: nothing is lost.
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if carried:
        log(f"notice: {final}: kept {len(carried)} of your files the pipeline did not write: {_names(carried)}")


def _publish(final: Path, staging: Path, log: Callable[[str], None]) -> list[str]:
    """Swap the complete staging folder in; the user's entries carried over."""
    check_target(final)  # re-checked: the folder may have changed while the run worked
    own = own_files(final) if final.is_dir() else None
    try:
        carried = _carry(final, staging, set(own)) if own is not None else []
        if final.is_dir():
            shutil.copymode(final, staging)
    except OSError as exc:
        raise _disk_error(exc, final, staging) from None
    backup = None
    try:
        if final.exists():
            backup = final.parent / f".{final.name}.old-{os.getpid()}"
            os.replace(final, backup)
        os.replace(staging, final)
    except BaseException as exc:  # a failed rename, or SIGTERM between the two
        if backup is not None and not os.path.lexists(final):
            os.replace(backup, final)  # put the old output back
        if isinstance(exc, OSError):
            raise PipelineError(
                str(final), f"could not be replaced ({os_problem(exc, final)}); the old output is kept"
            ) from None
        raise
    (final / CARRIED).unlink(missing_ok=True)
    if backup is not None:
        # Without a manifest the old folder was empty or held only the marker: delete nothing else.
        kept = discard(backup, set(own) if own is not None else {MARKER}, final)
        if kept:
            log(
                f"warning: {backup}: kept {_names(kept)}: changed while the run worked; look through it, then delete it"
            )
    return carried
