"""Which files of an output folder the pipeline wrote, and which are the user's.

An output folder carries the marker `MARKER` and a `manifest.json` whose
`files` lists every file the run wrote, with its digest. So a later run can
tell its own files (replaced) from anything a user put there (carried into the
new output, never deleted), and notice an own file the user edited since
(refused, never overwritten).
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

from pipeline.files import file_digest

MARKER = ".pipeline-output"
MARKER_TEXT = "written by the bilingual document pipeline; safe for it to replace\n"
# Written into a staging folder before the user's files are linked into it, so a run killed
# right then leaves a record of which entries are the user's (see lock.recover_stale).
CARRIED = ".pipeline-carried"
MANIFEST = "manifest.json"


def is_pipeline_output(path: Path) -> bool:
    return path.is_dir() and not path.is_symlink() and (path / MARKER).is_file()


def read_manifest(folder: Path) -> dict | None:
    """The folder's manifest as a mapping, or None when it is missing, unreadable or not a JSON object."""
    path = folder / MANIFEST
    try:
        if not stat.S_ISREG(path.lstat().st_mode):
            return None
        data = json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def own_files(folder: Path) -> dict[str, str] | None:
    """Relative path -> digest of the files the pipeline wrote into `folder` (None when it cannot tell).

    The marker, the manifest and the carry record are the pipeline's too; they carry no digest ("").
    """
    manifest = read_manifest(folder)
    files = manifest.get("files") if manifest else None
    if not isinstance(files, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in files.items()):
        return None
    # A name reaching outside the folder is no file of this output (a hand-edited manifest).
    listed = {name: digest for name, digest in files.items() if inside(name)}
    return {**listed, MARKER: "", MANIFEST: "", CARRIED: ""}


def inside(name: str) -> bool:
    """Whether a name listed in a manifest stays inside the output folder."""
    return not os.path.isabs(name) and ".." not in Path(name).parts


def _parents(names: set[str]) -> set[str]:
    return {"/".join(name.split("/")[:i]) for name in names for i in range(1, name.count("/") + 1)}


def foreign_entries(folder: Path, own: set[str]) -> list[str]:
    """Entries under `folder` the pipeline did not write: files, links, and whole folders of the user's."""
    own_dirs = _parents(own)
    found: list[str] = []

    def walk(directory: Path, prefix: str) -> None:
        for entry in sorted(os.scandir(directory), key=lambda e: e.name):
            relative = prefix + entry.name
            if entry.is_dir(follow_symlinks=False) and relative in own_dirs:
                walk(Path(entry.path), relative + "/")
            elif relative not in own or entry.is_dir(follow_symlinks=False):
                found.append(relative)

    walk(folder, "")
    return found


def changed_files(folder: Path, own: dict[str, str]) -> list[str]:
    """Own files whose content is no longer what the pipeline wrote (edited by hand, or damaged)."""
    changed = []
    for name, digest in sorted(own.items()):
        path = folder / name
        try:
            mode = path.lstat().st_mode
        except FileNotFoundError:
            continue  # deleted: nothing of the user's to keep
        if not stat.S_ISREG(mode) or (digest and file_digest(path) != digest):
            changed.append(name)
    return changed


def read_only_folders(folder: Path, own: set[str]) -> list[str]:
    """The output folder and its own sub-folders without write permission for their owner."""
    names = ["", *sorted(_parents(own))]
    return [n or "." for n in names if (folder / n).is_dir() and not (folder / n).stat().st_mode & stat.S_IWUSR]


def same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samestat(a.lstat(), b.lstat())
    except OSError:
        return False


def discard(folder: Path, own: set[str] | None, published: Path | None) -> list[str]:
    """Delete what the pipeline may delete in a staging or backup folder; the paths it kept.

    Deleted: the own files (`own`; every file when None: a staging folder that never held the
    user's files), and files that are only a second link to the same file in `published` (the
    user's files carried into the new output). Anything else stays, with its folders.
    """
    kept: list[str] = []
    for directory, subdirs, files in os.walk(folder, topdown=False):
        for name in files + [d for d in subdirs if Path(directory, d).is_symlink()]:
            path = Path(directory, name)
            relative = path.relative_to(folder).as_posix()
            mine = own is None or relative in own
            if mine or (published is not None and same_file(path, published / relative)):
                try:
                    path.unlink()
                    continue
                except OSError:
                    pass
            kept.append(relative)
        try:
            os.rmdir(directory)
        except OSError:
            pass
    return sorted(kept)
