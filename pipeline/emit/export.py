"""`pipeline export tmx|xliff|csv DIR`: translation-memory files from an existing output folder.

Reads the sentence beads (`alignments.jsonl`) and texts (`sentences.jsonl`) a
run wrote, keeps aligned beads scoring at least `min_score` (default: the
threshold the run used, from its manifest), and writes TMX 1.4b, XLIFF 2.0
(one <unit> per bead: English source, Chinese target) or a CSV of pairs.
The file is written whole or not at all; an existing one only with --force.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from pipeline.emit import read_jsonl
from pipeline.emit.formats import write_tmx
from pipeline.emit.ownership import own_files
from pipeline.emit.readback import open_output
from pipeline.errors import PipelineError
from pipeline.files import write_result

FORMATS = ("tmx", "xliff", "csv")
XLIFF_NS = "urn:oasis:names:tc:xliff:document:2.0"


def sentence_pairs(directory: Path, min_score: float | None = None) -> tuple[list[dict], float]:
    """Aligned sentence beads of an output folder as {"id", "bead", "score", "en", "zh"}, and the threshold used.

    Only a whole output is read (validate.open_output); a row without what a pair needs is named by line.
    """
    manifest = open_output(directory)
    if min_score is None:
        emit = manifest.get("counts", {}).get("emit", {}) if isinstance(manifest.get("counts"), dict) else {}
        threshold = emit.get("tmx_min_score", 0.0) if isinstance(emit, dict) else 0.0
        min_score = float(threshold) if isinstance(threshold, (int, float)) else 0.0
    texts = {s.get("id"): s.get("text") for s in read_jsonl(directory / "sentences.jsonl")}
    pairs = []
    for number, bead in enumerate(read_jsonl(directory / "alignments.jsonl"), 1):
        if bead.get("level") != "sentence" or bead.get("status") != "aligned":
            continue
        score, zh, en = bead.get("score"), bead.get("zh"), bead.get("en")
        if (
            not isinstance(score, (int, float))
            or not isinstance(zh, list)
            or not isinstance(en, list)
            or not all(isinstance(texts.get(i), str) for i in [*zh, *en])
        ):
            raise PipelineError(
                None,
                f"not a pipeline output: {directory / 'alignments.jsonl'} line {number} (a bead without its score "
                "or sentences); run the pipeline again to rewrite it",
            )
        if score < min_score:
            continue
        pairs.append(
            {
                "id": bead.get("id"),
                "bead": bead.get("bead"),
                "score": score,
                "zh": "".join(str(texts[i]) for i in zh),
                "en": " ".join(str(texts[i]) for i in en),
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
    directory: Path,
    fmt: str,
    output: Path | None = None,
    min_score: float | None = None,
    bom: bool = True,
    force: bool = False,
) -> tuple[Path, int]:
    """Write `fmt` from an output folder; returns the file written and the number of pairs.

    An existing file is replaced only with `force`, and never one of the run's own files
    (the manifest vouches for them; `pairs.tmx` is the run's TMX at its threshold).
    """
    if fmt not in FORMATS:
        raise PipelineError(None, f"export format {fmt!r}: choose one of {', '.join(FORMATS)}")
    pairs, _ = sentence_pairs(directory, min_score)
    target = output or directory / f"pairs.{'xlf' if fmt == 'xliff' else fmt}"
    own = own_files(directory) or {}
    if target.resolve().parent == directory.resolve() and target.name in own or target.resolve() == directory.resolve():
        raise PipelineError(str(target), "is one of the run's own files; give -o another file")
    writers: dict[str, Callable[[Path], None]] = {
        "tmx": lambda path: write_tmx(path, pairs),
        "xliff": lambda path: write_xliff(path, pairs),
        "csv": lambda path: write_pairs_csv(path, pairs, bom),
    }
    write_result(target, writers[fmt], force=force)
    return target, len(pairs)
