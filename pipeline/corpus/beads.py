"""A pair's sentence beads as corpus rows, and the counts corpus.json shows for it.

Read back from the pair's output files (alignments, sentences, sections), the same
files a user gets, so the corpus tables never disagree with the per-page outputs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pipeline.emit import iter_jsonl
from pipeline.types.corpus import PairTask

JOIN = {"zh": "", "en": " "}  # how the sentences of one side of a bead are joined (as in pairs.tmx)


def _section_paths(sections: dict[str, dict]) -> dict[str, list[str]]:
    """Section id -> the titles from the top section down to it (untitled sections left out)."""
    paths: dict[str, list[str]] = {}

    def path_of(section_id: str | None, depth: int = 0) -> list[str]:
        if section_id is None or section_id not in sections or depth > 64:
            return []
        if section_id not in paths:
            section = sections[section_id]
            title = " ".join(x for x in (section.get("number"), section.get("title")) if x)
            paths[section_id] = path_of(section.get("parent_id"), depth + 1) + ([title] if title else [])
        return paths[section_id]

    for section_id in sections:
        path_of(section_id)
    return paths


def bead_rows(directory: Path, task: PairTask, min_score: float) -> list[dict[str, Any]]:
    """One row per sentence bead, in the order of alignments.jsonl."""
    sections = {s["id"]: s for s in iter_jsonl(directory / "sections.jsonl")}
    section_path = _section_paths(sections)
    sentences = {s["id"]: s for s in iter_jsonl(directory / "sentences.jsonl")}
    rows = []
    for bead in iter_jsonl(directory / "alignments.jsonl"):
        if bead["level"] != "sentence":
            continue
        # The English side's section names the place (the source language); the Chinese one when it has none.
        first = (bead["en"] or bead["zh"])[0]
        aligned = bead["status"] == "aligned"
        rows.append(
            {
                "pair": task.id,
                "page": task.path,
                "zh_file": task.zh,
                "en_file": task.en,
                "bead_id": bead["id"],
                "section": section_path.get(sentences[first]["section_id"], []),
                "zh": JOIN["zh"].join(sentences[i]["text"] for i in bead["zh"]),
                "en": JOIN["en"].join(sentences[i]["text"] for i in bead["en"]),
                "bead": bead["bead"],
                "score": bead["score"],
                "status": bead["status"],
                "confident": aligned and bead["score"] >= min_score,
                "zh_sentences": len(bead["zh"]),
                "en_sentences": len(bead["en"]),
            }
        )
    return rows


def pair_counts(directory: Path, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Sentences per side, beads, the shares of sentences in confident beads, the mean confidence.

    Shares as `align/summary.py` gives them for one run (of the sentences in sentence beads), per
    side and for both sides together.
    """
    sentences = {"zh": 0, "en": 0}
    for sentence in iter_jsonl(directory / "sentences.jsonl"):
        sentences[sentence["lang"]] = sentences.get(sentence["lang"], 0) + 1
    aligned = [r for r in rows if r["status"] == "aligned"]
    confident = [r for r in rows if r["confident"]]
    in_beads = {side: sum(r[f"{side}_sentences"] for r in rows) for side in ("zh", "en")}
    in_confident = {side: sum(r[f"{side}_sentences"] for r in confident) for side in ("zh", "en")}
    return {
        "sentences": sentences,
        "sentence_beads": len(rows),
        "aligned_beads": len(aligned),
        "confident_beads": len(confident),
        "unaligned_sentences": sum(r["zh_sentences"] + r["en_sentences"] for r in rows if r["status"] != "aligned"),
        "sentences_in_beads": in_beads,
        "sentences_in_confident_beads": in_confident,
        **shares(in_confident, in_beads),
        "mean_confidence": round(sum(r["score"] for r in aligned) / len(aligned), 4) if aligned else None,
    }


def shares(inside: dict[str, int], total: dict[str, int]) -> dict[str, float]:
    """The share of sentences in confident beads: both sides together, and each side."""

    def share(*sides: str) -> float:
        whole = sum(total[s] for s in sides)
        return round(sum(inside[s] for s in sides) / whole, 4) if whole else 0.0

    return {"confident_share": share("zh", "en"), "confident_share_zh": share("zh"), "confident_share_en": share("en")}
