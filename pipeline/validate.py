"""`pipeline validate DIR`: every record file against its schema, and every link between records."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from pipeline.emit import file_digest, load_records, read_jsonl
from pipeline.errors import PipelineError
from pipeline.types.records import FILE_NAMES, LINKS, json_schema

# Files every output holds; the manifest must list (and so vouch for) each.
REQUIRED_FILES = (
    "sections.jsonl",
    "paragraphs.jsonl",
    "sentences.jsonl",
    "alignments.jsonl",
    "unaligned.jsonl",
    *(f"{name}.jsonl" for name in FILE_NAMES.values()),
)


def validate_directory(directory: Path) -> list[str]:
    """Problems found, one line each; empty when the output is valid."""
    if not (directory / "manifest.json").is_file():
        raise PipelineError(str(directory), "not a pipeline output directory (no manifest.json)")
    problems: list[str] = []
    records = load_records(directory)
    ids = {kind: {r.get("id") for r in items} for kind, items in records.items()}
    for kind, items in records.items():
        validator = jsonschema.Draft202012Validator(json_schema(kind))
        for record in items:
            for error in validator.iter_errors(record):
                where = "/".join(map(str, error.absolute_path)) or "(record)"
                problems.append(f"{FILE_NAMES[kind]}.jsonl: {record.get('id')}: {where}: {error.message}")
            for key, target in LINKS.get(kind, {}).items():
                if record.get(key) is not None and record[key] not in ids[target]:
                    problems.append(
                        f"{FILE_NAMES[kind]}.jsonl: {record.get('id')}: {key} {record[key]} is not a {target} id"
                    )
    for kind, items in records.items():
        seen = set()
        for record in items:
            if record.get("id") in seen:
                problems.append(f"{FILE_NAMES[kind]}.jsonl: duplicate id {record.get('id')}")
            seen.add(record.get("id"))
    segment_ids = {
        r["id"] for name in ("sections", "paragraphs", "sentences") for r in read_jsonl(directory / f"{name}.jsonl")
    }
    for bead in read_jsonl(directory / "alignments.jsonl"):
        for segment_id in bead.get("zh", []) + bead.get("en", []):
            if segment_id not in segment_ids:
                problems.append(f"alignments.jsonl: {bead.get('id')}: {segment_id} is not a segment id")
    try:
        manifest = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise PipelineError(
            str(directory / "manifest.json"), f"not valid JSON ({exc}); run the pipeline again to rewrite the output"
        ) from None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), dict) or not manifest["files"]:
        return problems + ['manifest.json: no file digests ("files"); the output cannot be checked']
    for required in REQUIRED_FILES:
        if required not in manifest["files"]:
            problems.append(f"manifest.json: {required} is not listed")
    for name, digest in manifest["files"].items():
        path = directory / name
        if not path.is_file():
            problems.append(f"manifest.json: {name} is missing")
        elif file_digest(path) != digest:
            problems.append(f"manifest.json: {name} has changed since it was written")
    return problems
