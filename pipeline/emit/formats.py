"""Interchange formats for records and aligned pairs: YAML, CSV, TMX, JSON Schema.

JSONL is the canonical form; every other format is derived from the same
record dicts and reads back to them (see tests/emit/test_formats.py).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import yaml

from pipeline import __version__
from pipeline.types.records import FILE_NAMES, RECORD_TYPES, json_schema

# Lists and mappings go into CSV cells as JSON so the file stays one row per record.
_STRUCTURED = ("refs", "machine")


def write_yaml(path: Path, records_by_kind: dict[str, list[dict]]) -> None:
    document = {FILE_NAMES[kind]: records for kind, records in records_by_kind.items()}
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")


def read_yaml(path: Path) -> dict[str, list[dict]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {kind: data.get(name) or [] for kind, name in FILE_NAMES.items()}


def csv_columns(kind: str) -> list[str]:
    return list(json_schema(kind)["properties"])


def write_csv(path: Path, kind: str, records: list[dict], bom: bool = True) -> None:
    columns = csv_columns(kind)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writeheader()
    for record in records:
        writer.writerow({k: _cell(k, record.get(k)) for k in columns})
    path.write_bytes(buffer.getvalue().encode("utf-8-sig" if bom else "utf-8"))


def _cell(key: str, value: Any) -> str:
    if value is None:
        return ""
    if key in _STRUCTURED:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return str(value)


def read_csv(path: Path, kind: str) -> list[dict]:
    """CSV back to record dicts, types restored from the schema."""
    schema = json_schema(kind)["properties"]
    out = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            record: dict[str, Any] = {}
            for key, cell in row.items():
                if key in _STRUCTURED:
                    record[key] = json.loads(cell) if cell else ([] if key == "refs" else None)
                elif cell == "" and "null" in (schema[key].get("type") or []):
                    record[key] = None
                elif schema[key].get("type") == "integer":
                    record[key] = int(cell)
                else:
                    record[key] = cell
            out.append(record)
    return out


def write_schemas(directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for kind in RECORD_TYPES:
        (directory / f"{kind}.json").write_text(
            json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )


def write_tmx(path: Path, pairs: list[dict]) -> None:
    """TMX 1.4b: one <tu> per aligned sentence bead, its score as a <prop>.

    `pairs` items: {"id", "zh", "en", "score", "bead"}, and optionally "props": more
    <prop type="x-NAME"> values (a corpus TMX names each unit's page). The source
    language is English (srclang="en"), as the original paper is English.
    """
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<!DOCTYPE tmx SYSTEM "tmx14.dtd">',
        '<tmx version="1.4">',
        f'  <header creationtool="pipeline" creationtoolversion={quoteattr(__version__)} datatype="plaintext" '
        'segtype="sentence" adminlang="en" srclang="en" o-tmf="pipeline-jsonl"/>',
        "  <body>",
    ]
    for pair in pairs:
        lines.append(f"    <tu tuid={quoteattr(pair['id'])}>")
        lines.append(f'      <prop type="x-score">{pair["score"]:.4f}</prop>')
        lines.append(f'      <prop type="x-bead">{escape(pair["bead"])}</prop>')
        for name, value in pair.get("props", {}).items():
            lines.append(f"      <prop type={quoteattr('x-' + name)}>{escape(value)}</prop>")
        lines.append(f'      <tuv xml:lang="en"><seg>{escape(pair["en"])}</seg></tuv>')
        lines.append(f'      <tuv xml:lang="zh-CN"><seg>{escape(pair["zh"])}</seg></tuv>')
        lines.append("    </tu>")
    lines += ["  </body>", "</tmx>", ""]
    path.write_text("\n".join(lines), encoding="utf-8")
