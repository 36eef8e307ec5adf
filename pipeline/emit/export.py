"""`pipeline export tmx|xliff|csv DIR`: translation-memory files from an existing output folder.

Reads the sentence beads (`alignments.jsonl`) and texts (`sentences.jsonl`) a
run wrote, keeps aligned beads scoring at least `min_score` (default: the
threshold the run used, from its manifest), and writes TMX 1.4b, XLIFF 2.0
(one <unit> per bead: English source, Chinese target) or a CSV of pairs.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from pipeline.emit import read_jsonl
from pipeline.emit.formats import write_tmx
from pipeline.errors import PipelineError

FORMATS = ("tmx", "xliff", "csv")
XLIFF_NS = "urn:oasis:names:tc:xliff:document:2.0"


def sentence_pairs(directory: Path, min_score: float | None = None) -> tuple[list[dict], float]:
    """Aligned sentence beads of an output folder as {"id", "bead", "score", "en", "zh"}, and the threshold used."""
    if not (directory / "manifest.json").is_file():
        raise PipelineError(str(directory), "not a pipeline output directory (no manifest.json)")
    for name in ("alignments.jsonl", "sentences.jsonl"):
        if not (directory / name).is_file():
            raise PipelineError(str(directory / name), "missing; run the pipeline again to rewrite the output")
    if min_score is None:
        manifest = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
        min_score = float(manifest.get("counts", {}).get("emit", {}).get("tmx_min_score", 0.0))
    texts = {s["id"]: s["text"] for s in read_jsonl(directory / "sentences.jsonl")}
    pairs = []
    for bead in read_jsonl(directory / "alignments.jsonl"):
        if bead.get("level") != "sentence" or bead.get("status") != "aligned" or bead["score"] < min_score:
            continue
        pairs.append(
            {
                "id": bead["id"],
                "bead": bead["bead"],
                "score": bead["score"],
                "zh": "".join(texts[i] for i in bead["zh"]),
                "en": " ".join(texts[i] for i in bead["en"]),
            }
        )
    return pairs, min_score


def write_xliff(path: Path, pairs: list[dict]) -> None:
    """XLIFF 2.0: English source, Chinese target, one unit per bead with its score as a note."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<xliff xmlns="{XLIFF_NS}" version="2.0" srcLang="en" trgLang="zh-CN">',
        '  <file id="f1">',
    ]
    for number, pair in enumerate(pairs, 1):
        lines += [
            f'    <unit id="u{number}" name={quoteattr(pair["id"])}>',
            f'      <notes><note category="score">{pair["score"]:.4f}</note>'
            f'<note category="bead">{escape(pair["bead"])}</note></notes>',
            '      <segment state="translated">',
            f"        <source>{escape(pair['en'])}</source>",
            f"        <target>{escape(pair['zh'])}</target>",
            "      </segment>",
            "    </unit>",
        ]
    lines += ["  </file>", "</xliff>", ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def write_pairs_csv(path: Path, pairs: list[dict], bom: bool = True) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=["id", "bead", "score", "en", "zh"], lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(pairs)
    path.write_bytes(buffer.getvalue().encode("utf-8-sig" if bom else "utf-8"))


def export(
    directory: Path, fmt: str, output: Path | None = None, min_score: float | None = None, bom: bool = True
) -> tuple[Path, int]:
    """Write `fmt` from an output folder; returns the file written and the number of pairs."""
    if fmt not in FORMATS:
        raise PipelineError(None, f"export format {fmt!r}: choose one of {', '.join(FORMATS)}")
    pairs, _ = sentence_pairs(directory, min_score)
    target = output or directory / f"pairs.{'xlf' if fmt == 'xliff' else fmt}"
    if target.is_dir() or not target.parent.is_dir():
        raise PipelineError(str(target), "is a directory or lies in a missing one; give -o a file path")
    {
        "tmx": lambda: write_tmx(target, pairs),
        "xliff": lambda: write_xliff(target, pairs),
        "csv": lambda: write_pairs_csv(target, pairs, bom),
    }[fmt]()
    return target, len(pairs)
