"""Reading an output folder back (`diff`, `export`, `validate`): only a whole one.

`open_output` lets a reader through only when every required and listed file is
present, unchanged since the run wrote it, and readable line by line, so a broken
side is an error naming what is wrong, never a wrong answer ("no changes").
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pipeline.emit import iter_jsonl
from pipeline.emit.ownership import MANIFEST, inside, read_manifest
from pipeline.errors import PipelineError
from pipeline.files import file_digest
from pipeline.types.records import FILE_NAMES

# The segment files every output holds (mismatched.jsonl is checked like any file the manifest lists).
REQUIRED_SEGMENT_FILES = ("sections.jsonl", "paragraphs.jsonl", "sentences.jsonl")
# Files every output holds; the manifest must list (and so vouch for) each.
REQUIRED_FILES = (
    *REQUIRED_SEGMENT_FILES,
    "alignments.jsonl",
    "unaligned.jsonl",
    *(f"{name}.jsonl" for name in FILE_NAMES.values()),
)
RERUN = "run the pipeline again to rewrite the output"


def check_folder(directory: Path) -> None:
    if not directory.exists():
        raise PipelineError(str(directory), "no such directory")
    if not directory.is_dir():
        raise PipelineError(str(directory), "is not a directory; give a processed/<document-id>/ folder")


def open_output(directory: Path) -> dict[str, Any]:
    """The manifest of a whole output folder: every required and listed file present and unchanged.

    Anything else is one PipelineError naming what is wrong and the fix (`diff` and `export` read
    nothing else; `validate` lists every problem instead).
    """
    check_folder(directory)
    if not os.path.lexists(directory / MANIFEST):
        raise PipelineError(str(directory), "not a pipeline output directory (no manifest.json)")
    manifest = read_manifest(directory)
    if manifest is None:
        raise PipelineError(str(directory / MANIFEST), f"not a valid manifest (not a JSON object file); {RERUN}")
    files = manifest.get("files")
    if not isinstance(files, dict) or not files or not all(isinstance(d, str) and inside(n) for n, d in files.items()):
        raise PipelineError(str(directory / MANIFEST), f'no valid file digests ("files"); {RERUN}')
    missing = [n for n in dict.fromkeys([*REQUIRED_FILES, *files]) if not (directory / n).is_file()]
    if missing:
        raise PipelineError(str(directory), f"incomplete output: {', '.join(missing)} missing; {RERUN}")
    changed = [name for name, digest in files.items() if file_digest(directory / name) != digest]
    if changed:
        shown = ", ".join(changed[:5]) + (f" and {len(changed) - 5} more" if len(changed) > 5 else "")
        raise PipelineError(
            str(directory), f"{shown}: changed since the pipeline wrote them (damaged or edited); {RERUN}"
        )
    for name in files:  # every line readable, even in files the caller does not read itself
        if name.endswith(".jsonl"):
            for _ in iter_jsonl(directory / name):
                pass
    return manifest
