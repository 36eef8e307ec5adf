"""Stage 6, emit: deterministic files under processed/<document-id>/.

Everything is written into a temporary sibling directory and renamed into
place only when complete, so a failed run leaves the old output untouched
(`publish.py`).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pipeline.emit.publish import (
    MARKER,
    atomic_directory,
    check_output_root,
    check_producer,
    check_target,
    output_lock,
)
from pipeline.errors import PipelineError
from pipeline.files import file_digest, open_regular
from pipeline.progress import progress
from pipeline.settings import EmitSettings
from pipeline.types import Paragraph, SegmentedDoc, Sentence, to_record


def dumps_line(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def write_jsonl(path: Path, records: Iterable[dict[str, Any]]) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        for record in progress(records, desc=f"write {path.name}", unit="rec"):
            handle.write(dumps_line(record) + "\n")
            count += 1
    return count


def jsonl_lines(path: Path) -> Iterator[tuple[int, dict[str, Any] | None, str | None]]:
    """(line number, record, None) for each line of a JSONL file, or (number, None, problem) for a line
    that is not UTF-8, not JSON or not an object; nothing when the file is absent."""
    if not os.path.lexists(path):
        return
    fd, _ = open_regular(path)
    with os.fdopen(fd, "rb") as handle:
        for number, raw in enumerate(handle, 1):
            try:
                line = raw.decode("utf-8")
                if not line.strip():
                    continue
                record = json.loads(line)
            except UnicodeDecodeError:
                yield number, None, "not UTF-8 text"
                continue
            except json.JSONDecodeError:
                yield number, None, "not JSON"
                continue
            if isinstance(record, dict):
                yield number, record, None
            else:
                yield number, None, "not a JSON object"


def iter_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """Records of a JSONL file one at a time (none when it is absent).

    A damaged line ends the reading with "not a pipeline output: FILE line N" (never an internal error).
    """
    for number, record, problem in jsonl_lines(path):
        if record is None:
            raise PipelineError(
                None, f"not a pipeline output: {path} line {number} ({problem}); run the pipeline again to rewrite it"
            )
        yield record


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Records of a JSONL file (none when it is absent); a bad line is named in the error."""
    return list(iter_jsonl(path))


def write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")


SEGMENT_FILES = (
    ("sections", "sections", "section"),
    ("paragraphs", "paragraphs", "paragraph"),
    ("sentences", "sentences", "sentence"),
    # Sentences written in another language than their document's (never aligned), `lang` their own.
    ("mismatched", "mismatched", "mismatched"),
)  # file name, SegmentedDoc attribute, record type


def segment_records(docs: list[SegmentedDoc], attribute: str, kind: str) -> Iterator[dict[str, Any]]:
    """One segmentation file's records, in source order then document order, one at a time."""
    for doc in docs:
        for item in getattr(doc, attribute):
            yield to_record(item, kind)


def segment_stream(doc: SegmentedDoc) -> Iterator[dict[str, Any]]:
    """Sections, paragraphs and sentences (and mismatched ones) interleaved in reading order (for stdout)."""
    paragraphs_by_section: dict[str, list[Paragraph]] = {}
    for paragraph in doc.paragraphs:
        paragraphs_by_section.setdefault(paragraph.section_id, []).append(paragraph)
    sentences_by_paragraph: dict[str, list[tuple[str, Sentence]]] = {}
    typed = [("sentence", s) for s in doc.sentences] + [("mismatched", s) for s in doc.mismatched]
    for kind, sentence in sorted(typed, key=lambda pair: (pair[1].start, pair[1].end)):
        sentences_by_paragraph.setdefault(sentence.paragraph_id, []).append((kind, sentence))
    for section in doc.sections:
        yield to_record(section, "section")
        for paragraph in paragraphs_by_section.get(section.id, []):
            yield to_record(paragraph, "paragraph")
            for kind, sentence in sentences_by_paragraph.get(paragraph.id, []):
                yield to_record(sentence, kind)


def alignment_records(alignments) -> Iterator[dict[str, Any]]:
    """alignments.jsonl: every bead of every level, with the pair of sources it joins."""
    for alignment in alignments:
        for record in alignment.records:
            yield {**to_record(record, "alignment"), "zh_source": alignment.zh_source, "en_source": alignment.en_source}


def sentences_by_id(docs: list[SegmentedDoc]) -> dict[str, Sentence]:
    return {s.id: s for doc in docs for s in doc.sentences}


def unaligned_records(alignments, sentences: dict[str, Sentence]) -> Iterator[dict[str, Any]]:
    """unaligned.jsonl: each sentence that ended up in a 1-0 or 0-1 bead (`sentences`: by id)."""
    for alignment in alignments:
        for record in alignment.unaligned():
            for sid in record.zh + record.en:
                sentence = sentences[sid]
                yield {
                    "type": "unaligned",
                    "id": sid,
                    "lang": sentence.lang,
                    "source_id": sentence.source_id,
                    "section_id": sentence.section_id,
                    "text": sentence.text,
                    "bead": record.id,
                }


def load_records(directory: Path) -> dict[str, list[dict[str, Any]]]:
    """Record dicts of a processed/<doc>/ directory by kind (empty when absent)."""
    from pipeline.types.records import FILE_NAMES

    return {kind: read_jsonl(directory / f"{name}.jsonl") for kind, name in FILE_NAMES.items()}


def tmx_pairs(alignments, sentences: dict[str, Sentence], min_score: float = 0.0) -> tuple[list[dict[str, Any]], int]:
    """Aligned sentence beads scoring at least `min_score`, and how many scored less (`sentences`: by id)."""
    sep = {"zh": "", "en": " "}
    aligned = [r for a in alignments for r in a.by_level("sentence") if r.status == "aligned"]
    kept = [
        {
            "id": r.id,
            "bead": r.bead,
            "score": r.score,
            "zh": sep["zh"].join(sentences[i].text for i in r.zh),
            "en": sep["en"].join(sentences[i].text for i in r.en),
        }
        for r in aligned
        if r.score >= min_score
    ]
    return kept, len(aligned) - len(kept)


def write_outputs(
    staging: Path,
    docs: list[SegmentedDoc],
    alignments,
    records: dict[str, list[dict]],
    settings: EmitSettings | None = None,
) -> dict[str, float]:
    """Every deterministic output file except the manifest; returns counts for the manifest."""
    settings = settings or EmitSettings()
    from pipeline.emit.formats import write_csv, write_schemas, write_tmx, write_yaml
    from pipeline.types.records import FILE_NAMES

    for name, attribute, kind in SEGMENT_FILES:
        write_jsonl(staging / f"{name}.jsonl", segment_records(docs, attribute, kind))
    write_jsonl(staging / "alignments.jsonl", alignment_records(alignments))
    sentences = sentences_by_id(docs)  # one lookup for unaligned.jsonl and the TMX
    write_jsonl(staging / "unaligned.jsonl", unaligned_records(alignments, sentences))
    (staging / "csv").mkdir()
    for kind, name in FILE_NAMES.items():
        write_jsonl(staging / f"{name}.jsonl", records.get(kind, []))
        write_csv(staging / "csv" / f"{name}.csv", kind, records.get(kind, []), bom=settings.csv_bom)
    write_yaml(staging / "records.yaml", records)
    write_schemas(staging / "schema")
    # One cut-off for every pair of a run: align.min_confidence, which each alignment carries.
    cutoff = alignments[0].min_confidence if alignments else 1.0
    pairs, dropped = tmx_pairs(alignments, sentences, cutoff)
    write_tmx(staging / "pairs.tmx", pairs)
    return {"tmx_units": len(pairs), "tmx_below_min_score": dropped, "tmx_min_score": cutoff}


def output_digests(staging: Path) -> dict[str, str]:
    return {
        p.relative_to(staging).as_posix(): file_digest(p)
        for p in sorted(staging.rglob("*"))
        if p.is_file() and p.name != MARKER
    }


__all__ = [
    "MARKER",
    "atomic_directory",
    "check_output_root",
    "check_producer",
    "check_target",
    "output_lock",  # publish.py, re-exported
    "dumps_line",
    "write_jsonl",
    "iter_jsonl",
    "jsonl_lines",
    "read_jsonl",
    "write_json",
    "SEGMENT_FILES",
    "segment_records",
    "segment_stream",
    "alignment_records",
    "sentences_by_id",
    "unaligned_records",
    "file_digest",
    "load_records",
    "tmx_pairs",
    "write_outputs",
    "output_digests",
]
