"""Stage 7, diff: what changed between two outputs, record by record.

Records (categories, challenges, topics, questions) and sentences of the old
and new output are matched by content fingerprint, then by similarity
(`record_ids.match_records`). A matched pair is reworded when its text changed
(with a similarity score and a word-level diff: jieba words for Chinese),
renumbered when its number changed, moved when its parent changed.
Unmatched records are added or removed.
"""

from __future__ import annotations

import difflib
import json
import os
from dataclasses import asdict
from pathlib import Path

from rapidfuzz import fuzz

from pipeline.errors import PipelineError
from pipeline.record_ids import match_records
from pipeline.types import CHANGES, FILE_NAMES, KINDS, Change, DiffResult


def _tokens(text: str, lang: str) -> list[str]:
    if lang == "zh":
        from pipeline.lang import rules_for

        # The same word segmentation as the pipeline's (its own jieba tokenizer, not the global one).
        return [t for t in rules_for("zh").words(text) if t.strip()]
    return text.split()


def word_diff(old: str, new: str, lang: str) -> list[list[str]]:
    a, b = _tokens(old, lang), _tokens(new, lang)
    ops: list[list[str]] = []
    joiner = "" if lang == "zh" else " "
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            ops.append(["=", joiner.join(a[i1:i2])])
        if tag in ("delete", "replace"):
            ops.append(["-", joiner.join(a[i1:i2])])
        if tag in ("insert", "replace"):
            ops.append(["+", joiner.join(b[j1:j2])])
    return ops


def _parent(record: dict) -> str | None:
    for key in ("topic_id", "challenge_id", "category_id", "section_parent"):
        if record.get(key):
            return record[key]
    return None


def _lang_text(record: dict) -> tuple[str, str]:
    if record.get("text_en"):
        return "en", record["text_en"]
    return "zh", record.get("text_zh") or ""


def diff_records(
    old: dict[str, list[dict]], new: dict[str, list[dict]], old_name: str = "old", new_name: str = "new"
) -> DiffResult:
    result = DiffResult(old_name, new_name)
    for kind in KINDS:
        before, after = old.get(kind, []), new.get(kind, [])
        matches = match_records(after, before)
        matched_old = set(matches.values())
        for i, record in enumerate(after):
            if i not in matches:
                lang, text = _lang_text(record)
                result.changes.append(
                    Change("added", kind, record["id"], number_new=record.get("number"), text_new=text, lang=lang)
                )
                continue
            previous = before[matches[i]]
            for lang in ("en", "zh"):
                text_old, text_new = previous.get(f"text_{lang}") or "", record.get(f"text_{lang}") or ""
                if text_old != text_new and (text_old or text_new):
                    result.changes.append(
                        Change(
                            "reworded",
                            kind,
                            record["id"],
                            previous.get("number"),
                            record.get("number"),
                            text_old,
                            text_new,
                            lang,
                            round(fuzz.ratio(text_old, text_new) / 100, 4),
                            word_diff(text_old, text_new, lang),
                        )
                    )
            if kind != "sentence" and previous.get("number") != record.get("number"):
                _, text = _lang_text(record)
                result.changes.append(
                    Change(
                        "renumbered", kind, record["id"], previous.get("number"), record.get("number"), text_new=text
                    )
                )
            if (
                _parent(previous) != _parent(record)
                and kind != "sentence"
                or (kind == "sentence" and previous.get("section_number") != record.get("section_number"))
            ):
                _, text = _lang_text(record)
                result.changes.append(
                    Change(
                        "moved",
                        kind,
                        record["id"],
                        previous.get("number"),
                        record.get("number"),
                        text_new=text,
                        parent_old=_parent(previous) or previous.get("section_number"),
                        parent_new=_parent(record) or record.get("section_number"),
                    )
                )
        for j, record in enumerate(before):
            if j not in matched_old:
                lang, text = _lang_text(record)
                result.changes.append(
                    Change("removed", kind, record["id"], number_old=record.get("number"), text_old=text, lang=lang)
                )
    return result


# -- loading ------------------------------------------------------------------------


def _sentence_records(sentences: list[dict], sections: dict[str, dict]) -> list[dict]:
    out = []
    for s in sentences:
        section = sections.get(s["section_id"], {})
        out.append(
            {
                "id": s["id"],
                "number": None,
                f"text_{s['lang']}": s["text"],
                "lang": s["lang"],
                "section_number": section.get("number"),
            }
        )
    return out


def load_output_dir(directory: Path) -> dict[str, list[dict]]:
    """Records and sentences of one processed/<doc>/ directory (or of a processed/ root holding one).

    Only a whole output is compared (validate.open_output): a missing, damaged or edited file is an
    error naming it, never "no changes".
    """
    from pipeline.emit import load_records, read_jsonl
    from pipeline.emit.readback import open_output

    if not os.path.lexists(directory / "manifest.json"):
        children = (
            [d for d in sorted(directory.iterdir()) if (d / "manifest.json").exists()] if directory.is_dir() else []
        )
        if len(children) != 1:
            raise PipelineError(str(directory), "not a pipeline output directory (no manifest.json)")
        directory = children[0]
    open_output(directory)
    data = load_records(directory)
    sections = {str(s.get("id")): s for s in read_jsonl(directory / "sections.jsonl")}
    rows = read_jsonl(directory / "sentences.jsonl")
    for number, row in enumerate(rows, 1):
        if not all(isinstance(row.get(key), str) for key in ("id", "lang", "text", "section_id")):
            raise PipelineError(
                None,
                f"not a pipeline output: {directory / 'sentences.jsonl'} line {number} (a sentence without its "
                "id, lang, text or section); run the pipeline again to rewrite it",
            )
    data["sentence"] = _sentence_records(rows, sections)
    for kind, records in data.items():
        if not all(isinstance(r.get("id"), str) for r in records):
            name = "sentences" if kind == "sentence" else FILE_NAMES[kind]
            raise PipelineError(None, f"not a pipeline output: {directory / name}.jsonl (a record without an id)")
    return data


def load_source_file(path: Path, lang: str | None, config) -> dict[str, list[dict]]:
    """A single source run through ingest → records exactly as `pipeline run` builds them."""
    from pipeline.lang import rules_for
    from pipeline.profile import RecordSettings
    from pipeline.records import build_records
    from pipeline.run import lang_settings, segment_file

    doc = segment_file(path, lang, config)  # checks `lang` against the script, or detects it
    lang = doc.source.lang
    # Without a project, a listing is read with records on and its structure from its references.
    settings = config.profile.records if config and config.profile.records.enabled else RecordSettings(enabled=True)
    zh_rules = rules_for("zh", lang_settings(config, "zh"), config.root if config else None)
    records = build_records(settings, zh_rules, doc if lang == "en" else None, doc if lang == "zh" else None, None)
    data = {kind: [r.to_dict() for r in items] for kind, items in records.by_kind().items()}
    sections = {s.id: {"number": s.number} for s in doc.sections}
    data["sentence"] = _sentence_records(
        [{"id": s.id, "lang": s.lang, "text": s.text, "section_id": s.section_id} for s in doc.sentences], sections
    )
    return data


def load_side(path: str, lang: str | None, config) -> dict[str, list[dict]]:
    target = Path(path)
    if not target.exists():
        raise PipelineError(path, "no such file or directory")
    if target.is_dir():
        return load_output_dir(target)
    return load_source_file(target, lang, config)


# -- rendering -------------------------------------------------------------------


def _inline(words: list[list[str]], style: str) -> str:
    marks = {"text": ("[-", "-]", "{+", "+}"), "markdown": ("~~", "~~", "**", "**")}[style]
    parts = []
    for op, text in words:
        if op == "=":
            parts.append(text)
        elif op == "-":
            parts.append(f"{marks[0]}{text}{marks[1]}")
        else:
            parts.append(f"{marks[2]}{text}{marks[3]}")
    return " ".join(p for p in parts if p)


SYMBOLS = {"added": "+", "removed": "-", "reworded": "~", "renumbered": "#", "moved": ">"}


def _describe(c: Change, style: str) -> str:
    # In Markdown a leading + or # would render as a nested bullet or a heading: name the change instead.
    lead = SYMBOLS[c.change] if style == "text" else f"**{c.change}**"
    if c.change == "added":
        body = f"{c.number_new + ' ' if c.number_new else ''}“{c.text_new}”"
    elif c.change == "removed":
        body = f"{c.number_old + ' ' if c.number_old else ''}“{c.text_old}”"
    elif c.change == "reworded":
        body = f"({c.lang}, similarity {c.similarity:.2f}): {_inline(c.words or [], style)}"
    elif c.change == "renumbered":
        body = f"renumbered {c.number_old} → {c.number_new}: “{c.text_new}”"
    else:
        body = f"moved {c.parent_old} → {c.parent_new}: “{c.text_new}”"
    return f"{lead} {c.kind} {c.id} {body}"


def render(result: DiffResult, fmt: str) -> str:
    if fmt == "json":
        return (
            json.dumps(
                {
                    "old": result.old,
                    "new": result.new,
                    "counts": result.counts(),
                    "changes": [asdict(c) for c in result.changes],
                },
                ensure_ascii=False,
                indent=2,
            )
            + "\n"
        )
    counts = result.counts()
    if fmt == "markdown":
        lines = [
            f"# Changes from `{result.old}` to `{result.new}`",
            "",
            "| record type | " + " | ".join(CHANGES) + " |",
            "|---|" + "---|" * len(CHANGES),
        ]
        lines += [f"| {kind} | " + " | ".join(str(counts[kind][c]) for c in CHANGES) + " |" for kind in KINDS]
        for kind in KINDS:
            items = [c for c in result.changes if c.kind == kind]
            if items:
                lines += ["", f"## {kind}", ""] + [f"- {_describe(c, 'markdown')}" for c in items]
        return "\n".join(lines) + "\n"
    lines = [f"changes from {result.old} to {result.new}"]
    for kind in KINDS:
        row = ", ".join(f"{counts[kind][c]} {c}" for c in CHANGES if counts[kind][c])
        lines.append(f"{kind}: {row or 'no changes'}")
    lines += [_describe(c, "text") for c in result.changes]
    return "\n".join(lines) + "\n"
