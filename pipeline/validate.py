"""`pipeline validate DIR`: every record file against its schema, every link between records, every digest.

Exit status as the README says: problems found are a list (exit 1), a folder that
cannot be checked at all (missing, not a folder, no pipeline output) is an error
(exit 2). A damaged file (not UTF-8, not JSON, truncated) is a problem found, named
with its line, not a crash.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pipeline.emit import jsonl_lines
from pipeline.emit.ownership import MANIFEST, MARKER, inside, read_manifest
from pipeline.emit.readback import REQUIRED_FILES, REQUIRED_SEGMENT_FILES, RERUN, check_folder
from pipeline.errors import PipelineError
from pipeline.files import file_digest
from pipeline.types.records import FILE_NAMES, LINKS


def _rows(directory: Path, name: str, problems: list[str]) -> list[dict[str, Any]]:
    """The readable rows of a JSONL file; each damaged line is a problem, the rest is still checked."""
    rows = []
    try:
        for number, record, problem in jsonl_lines(directory / name):
            if record is None:
                problems.append(f"not a pipeline output: {name} line {number} ({problem})")
            else:
                rows.append(record)
    except PipelineError as exc:  # a folder or a device where the file should be
        problems.append(f"{name}: {exc.problem}")
    return rows


def validate_directory(directory: Path) -> list[str]:
    """Problems found, one line each; empty when the output is valid.

    Raises PipelineError only when there is nothing to check: no such folder, or a folder with
    neither a manifest nor the pipeline's marker.
    """
    check_folder(directory)
    if not os.path.lexists(directory / MANIFEST) and not (directory / MARKER).exists():
        raise PipelineError(str(directory), "not a pipeline output directory (no manifest.json)")
    problems: list[str] = []
    records = {kind: _rows(directory, f"{name}.jsonl", problems) for kind, name in FILE_NAMES.items()}
    _check_records(records, problems)
    segments = {name: _rows(directory, name, problems) for name in REQUIRED_SEGMENT_FILES}
    for name, rows in segments.items():
        _duplicates(name, rows, problems)
    segment_ids = {r.get("id") for rows in segments.values() for r in rows}
    beads = _rows(directory, "alignments.jsonl", problems)
    _duplicates("alignments.jsonl", beads, problems)
    for bead in beads:
        for key in ("zh", "en"):
            members = bead.get(key)
            for segment_id in members if isinstance(members, list) else []:
                if segment_id not in segment_ids:
                    problems.append(f"alignments.jsonl: {bead.get('id')}: {segment_id} is not a segment id")
    return problems + _manifest_problems(directory)


def _duplicates(name: str, rows: list[dict[str, Any]], problems: list[str]) -> None:
    seen: set = set()
    for row in rows:
        key = row.get("id")
        if isinstance(key, (str, int)) and key in seen:
            problems.append(f"{name}: duplicate id {key}")
        seen.add(key if isinstance(key, (str, int)) else None)


def _check_records(records: dict[str, list[dict[str, Any]]], problems: list[str]) -> None:
    import jsonschema

    from pipeline.types.records import json_schema

    ids = {kind: {r.get("id") for r in items} for kind, items in records.items()}
    for kind, items in records.items():
        validator = jsonschema.Draft202012Validator(json_schema(kind))
        for record in items:
            for error in validator.iter_errors(record):
                where = "/".join(map(str, error.absolute_path)) or "(record)"
                problems.append(f"{FILE_NAMES[kind]}.jsonl: {record.get('id')}: {where}: {error.message}")
            for key, target in LINKS.get(kind, {}).items():
                value = record.get(key)
                if value is not None and (not isinstance(value, str) or value not in ids[target]):
                    problems.append(f"{FILE_NAMES[kind]}.jsonl: {record.get('id')}: {key} {value} is not a {target} id")
        _duplicates(f"{FILE_NAMES[kind]}.jsonl", items, problems)


def _manifest_problems(directory: Path) -> list[str]:
    if not os.path.lexists(directory / MANIFEST):
        return ["manifest.json: missing; the output cannot be checked against its digests"]
    manifest = read_manifest(directory)
    if manifest is None:
        return [f"manifest.json: not a valid manifest (truncated, not JSON, or not a file); {RERUN}"]
    files = manifest.get("files")
    if not isinstance(files, dict) or not files:
        return ['manifest.json: no file digests ("files"); the output cannot be checked']
    problems = [f"manifest.json: {required} is not listed" for required in REQUIRED_FILES if required not in files]
    for name, digest in files.items():
        path = directory / name
        if not inside(name):
            problems.append(f"manifest.json: {name} is not a path inside the folder")
        elif not path.is_file():
            problems.append(f"manifest.json: {name} is missing")
        elif file_digest(path) != digest:
            problems.append(f"manifest.json: {name} has changed since it was written")
    return problems
