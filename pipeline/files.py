"""Opening, reading and writing files without hanging, without unbounded memory, without half-written results.

* Inputs must be regular files. A FIFO would block the read forever and `/dev/zero`
  never ends, so special files are refused by name before a byte is read (the file
  is opened with O_NONBLOCK, so not even opening a FIFO waits for a writer).
* Reads are bounded: a file larger than the limit is refused with the setting to raise.
* A single result file (`export -o`, `diff -o`, `align -o`) is written beside its
  target and renamed into place, so a failure (a full disk) leaves no half file; an
  existing file is replaced only when the caller says so (`--force`), and never a
  device or a folder.
* OS errors become one line naming the path and what to do (ENOSPC with the free space).
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

from pipeline.errors import PipelineError

_SPECIAL = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def kind_of(mode: int) -> str:
    """What a file of this mode is, in words ("a FIFO (named pipe)"); "a regular file" for one."""
    return next((name for test, name in _SPECIAL if test(mode)), "a regular file" if stat.S_ISREG(mode) else "special")


def file_digest(path: Path) -> str:
    """sha256 of a file, read in chunks (outputs can be large)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def megabytes(size: float) -> str:
    return f"{size / 1e6:,.1f} MB" if size >= 1e5 else f"{int(size):,} bytes"


def os_problem(exc: OSError, where: Path | str) -> str:
    """An OSError as the second half of a one-line message about `where`: what happened and the fix."""
    code = exc.errno
    if code in (errno.ENOSPC, errno.EDQUOT):
        free = _free_space(Path(where))
        left = f" ({megabytes(free)} free)" if free is not None else ""
        return f"no space left on the device{left}; free some space or write to another disk"
    if code == errno.ENAMETOOLONG:
        longest = max((len(part.encode("utf-8")) for part in Path(where).parts), default=0)
        return f"file name too long for the file system ({longest} bytes; most allow 255); use a shorter name"
    if code == errno.EROFS:
        return "read-only file system; write somewhere else"
    if code in (errno.EACCES, errno.EPERM):
        return "permission denied; write somewhere you may"
    return f"{exc.strerror or type(exc).__name__}"


def _free_space(where: Path) -> int | None:
    probe = where
    while not probe.exists() and probe.parent != probe:
        probe = probe.parent
    try:
        return shutil.disk_usage(probe).free
    except OSError:
        return None


def open_regular(path: Path) -> tuple[int, os.stat_result]:
    """An open descriptor on `path` and its status, or a PipelineError when it is not a regular file.

    The check is made on the opened file (fstat), so a file swapped after the check is still caught.
    """
    shown = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        raise PipelineError(shown, "no such file") from None
    except OSError as exc:
        if exc.errno == errno.ENXIO:  # a socket cannot be opened like a file
            raise PipelineError(shown, "is a socket, not a regular file; give a regular file") from None
        raise PipelineError(shown, f"cannot be read ({exc.strerror})") from None
    status = os.fstat(fd)
    if not stat.S_ISREG(status.st_mode):
        os.close(fd)
        kind = kind_of(status.st_mode)
        fix = (
            "give a file, not a folder" if stat.S_ISDIR(status.st_mode) else "save its content to a file and give that"
        )
        raise PipelineError(shown, f"is {kind}, not a regular file; {fix}")
    return fd, status


def read_bounded(
    path: Path, max_bytes: int, setting: str | None = "ingest.max_bytes", what: str = "a config file"
) -> bytes:
    """The bytes of a regular file of at most `max_bytes`; larger files are refused before they are read.

    The refusal names `setting`, the one to raise; None when the limit is no setting (then it says
    the file is too large to be `what`).
    """
    fd, status = open_regular(path)
    with os.fdopen(fd, "rb") as handle:
        sizes = f"({megabytes(max(status.st_size, max_bytes + 1))} > {megabytes(max_bytes)})"
        too_big = PipelineError(
            str(path),
            f"is larger than {setting} {sizes}; raise {setting} in config/pipeline.yaml if it really is one document"
            if setting
            else f"is too large to be {what} {sizes}; check the path",
        )
        if status.st_size > max_bytes:
            raise too_big
        try:
            data = handle.read(max_bytes + 1)  # the size can lie (a file still growing)
        except OSError as exc:
            raise PipelineError(str(path), f"cannot be read ({exc.strerror})") from None
    if len(data) > max_bytes:
        raise too_big
    return data


def _write_stream(target: Path, data: bytes | Callable[[Path], None]) -> None:
    try:
        if isinstance(data, bytes):
            with target.open("wb") as handle:
                handle.write(data)
        else:
            data(target)
    except OSError as exc:
        raise PipelineError(str(target), f"not written ({os_problem(exc, target)})") from None


def write_result(target: Path, data: bytes | Callable[[Path], None], force: bool = False) -> None:
    """Write one result file atomically; an existing file only with `force`, a folder or device never.

    `data` is the content, or a function that writes the content to the path it is given. With
    `force`, a FIFO or a character device (`-o /dev/stdout`) is written to directly, never replaced.
    """
    if target.is_symlink() or target.exists():
        status = target.stat() if target.exists() else None
        if status is not None and (stat.S_ISFIFO(status.st_mode) or stat.S_ISCHR(status.st_mode)):
            if not force:
                raise PipelineError(str(target), f"is {kind_of(status.st_mode)}; give --force to write to it")
            _write_stream(target, data)
            return
        if status is None or not stat.S_ISREG(status.st_mode):
            kind = kind_of(status.st_mode) if status else "a broken symbolic link"
            raise PipelineError(str(target), f"is {kind}; give -o the path of a new file")
        if not force:
            raise PipelineError(str(target), "exists; give --force to replace it, or -o another file")
    if not target.parent.is_dir():
        raise PipelineError(str(target), "lies in a missing folder; give -o a file in an existing folder")
    try:
        handle = tempfile.NamedTemporaryFile(dir=target.parent, prefix=f".{target.name[:100]}.", delete=False)
    except OSError as exc:
        raise PipelineError(str(target.parent), f"cannot write here ({os_problem(exc, target.parent)})") from None
    temporary = Path(handle.name)
    try:
        with handle:
            if isinstance(data, bytes):
                handle.write(data)
        if not isinstance(data, bytes):
            data(temporary)
        # mkstemp makes 0600; a result file is shared like any other the user writes.
        mask = os.umask(0)
        os.umask(mask)
        temporary.chmod(0o666 & ~mask)
        os.replace(temporary, target.resolve() if target.is_symlink() else target)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise PipelineError(str(target), f"not written ({os_problem(exc, target.parent)})") from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
