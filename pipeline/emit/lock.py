"""One run at a time per output folder, and what a killed run left behind.

`OUT/.<doc>.lock` is held with an advisory `flock` for the whole run and
removed at its end, so no lock files pile up. It holds the owner's PID and
host: a second run on the same output exits 2 naming that PID, and a lock
whose owner is dead (its flock kept only by orphaned workers) is taken over.
A lock file that was unlinked while a run waited on it is noticed (its inode
is no longer the path's) and the run tries again, so two runs never both
believe they hold the lock.

At the start of a locked run, what a killed run left is tidied: a backup of
the previous output with no output in its place is put back (it is the last
good copy); other backups and staging folders are emptied of the pipeline's
own files, and anything else in them is kept and named.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import shutil
import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from pipeline.emit.ownership import CARRIED, MARKER, discard, is_pipeline_output, own_files
from pipeline.errors import PipelineError
from pipeline.files import os_problem
from pipeline.log import note

ATTEMPTS = 5  # a lock file replaced under us this many times in a row: give up rather than spin


def _owner(handle: IO[str]) -> tuple[int, str] | None:
    handle.seek(0)
    fields = handle.read(200).split()
    if len(fields) >= 2 and fields[0].isdigit():
        return int(fields[0]), fields[1]
    return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _same_inode(handle: IO[str], path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(handle.fileno()), path.stat())
    except FileNotFoundError:
        return False


def _acquire(lock_path: Path, target: Path) -> IO[str]:
    for _ in range(ATTEMPTS):
        try:
            handle = lock_path.open("a+", encoding="utf-8")
        except OSError as exc:
            raise PipelineError(str(lock_path.parent), f"cannot write here ({os_problem(exc, lock_path)})") from None
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES):
                handle.close()
                raise
            owner = _owner(handle)
            if owner is not None and owner[1] == socket.gethostname() and not _alive(owner[0]):
                # Its run is dead; the flock is kept only by orphaned workers, which publish nothing.
                if _same_inode(handle, lock_path):
                    lock_path.unlink()
                handle.close()
                continue
            handle.close()
            held_by = f" (PID {owner[0]} on {owner[1]})" if owner else ""
            raise PipelineError(
                str(target), f"another run{held_by} is writing this directory; wait for it to finish"
            ) from None
        if not _same_inode(handle, lock_path):  # removed by the run that held it: lock the new one
            handle.close()
            continue
        try:  # who holds it, for the next run's message; the flock alone is the lock
            os.ftruncate(handle.fileno(), 0)
            os.write(handle.fileno(), f"{os.getpid()} {socket.gethostname()}\n".encode())
        except OSError:
            pass
        return handle
    raise PipelineError(str(lock_path), "kept changing while this run tried to lock it; run again")


@contextlib.contextmanager
def output_lock(out_root: Path, name: str, log: Callable[[str], None] = note) -> Iterator[None]:
    """Hold `OUT/.<name>.lock` for the whole run (removed at the end); a concurrent run fails fast.

    Folders made for OUT are removed again when the run leaves them empty (it failed).
    """
    made = [p for p in (out_root, *out_root.parents) if not os.path.lexists(p)]
    try:
        out_root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PipelineError(
            str(out_root), f"cannot be made ({os_problem(exc, out_root)}); give --out a folder"
        ) from None
    lock_path = out_root / f".{name}.lock"
    handle = _acquire(lock_path, out_root / name)
    try:
        recover_stale(out_root, name, log)
        yield
    finally:
        # Unlinked while still held: a run that opened the old file sees the inode change and retries.
        if _same_inode(handle, lock_path):
            lock_path.unlink(missing_ok=True)
        handle.close()
        for folder in made:  # innermost first; stops at the first one that holds something
            try:
                folder.rmdir()
            except OSError:
                break


def _newest(folders: list[Path]) -> Path:
    def written(folder: Path) -> float:
        try:
            return (folder / MARKER).stat().st_mtime
        except OSError:
            return 0.0

    return max(folders, key=lambda f: (written(f), f.name))


def recover_stale(out_root: Path, name: str, log: Callable[[str], None] = note) -> None:
    """Tidy the staging (`.<name>.tmp-*`) and backup (`.<name>.old-*`) folders of killed runs.

    Only folders with the marker are touched. The last good copy is never deleted: a backup with no
    output in its place is put back first.
    """
    final = out_root / name
    backups = [p for p in sorted(out_root.glob(f".{name}.old-*")) if is_pipeline_output(p)]
    if backups and not os.path.lexists(final):
        restored = _newest(backups)
        os.replace(restored, final)
        backups.remove(restored)
        log(f"notice: {final}: put back the previous output from {restored.name} (a run was killed while publishing)")
    published = final if is_pipeline_output(final) else None
    for backup in backups:
        own = own_files(backup)
        _report(discard(backup, set(own) if own is not None else set(), published), backup, log)
    for staging in sorted(out_root.glob(f".{name}.tmp-*")):
        if not is_pipeline_output(staging):
            continue
        if not (staging / CARRIED).exists():
            shutil.rmtree(staging, ignore_errors=True)  # never held anything of the user's
            continue
        carried = set((staging / CARRIED).read_text(encoding="utf-8").splitlines())
        everything = {p.relative_to(staging).as_posix() for p in staging.rglob("*") if not p.is_dir() or p.is_symlink()}
        mine = {n for n in everything if not any(n == c or n.startswith(c + "/") for c in carried)}
        _report(discard(staging, mine, published), staging, log)


def _report(kept: list[str], folder: Path, log: Callable[[str], None]) -> None:
    if kept:
        shown = ", ".join(kept[:5]) + (f" and {len(kept) - 5} more" if len(kept) > 5 else "")
        log(f"warning: {folder}: kept {shown}: not written by the pipeline; look through it, then delete it")
