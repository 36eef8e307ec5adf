"""`pipeline segment FILE --blocks`: what a file was read as, block by block, for a person.

One line a paragraph: the source line it starts on, its kind (a code block
with its language, a list item with its depth and marker, a group), how many
sentences it gave, and the start of its text; headings stand out with their
level and anchor, and every sentence written in another language is shown
under its paragraph. A user sees at a glance what was taken as prose and what
was kept apart (code, tables) or dropped (counted in the header).
"""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.types import NON_BODY_KINDS, Paragraph, SegmentedDoc, Sentence

TEXT_WIDTH = 72  # characters of a block's text shown on its line


def _short(text: str, width: int = TEXT_WIDTH) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _kind(paragraph: Paragraph, level: int | None) -> str:
    kind = paragraph.kind
    if kind == "heading" and level:
        kind = f"h{level}"
    elif kind == "code" and paragraph.info:
        kind = f"code:{paragraph.info}"
    elif kind in ("list_item", "quote") and paragraph.depth:
        kind = f"{kind}>{paragraph.depth}"
    return kind


def block_lines(doc: SegmentedDoc) -> Iterator[str]:
    source = doc.source
    dialects = doc.doc_metadata.get("dialects")
    yield (
        f"{source.path}: {source.kind}{' (' + ', '.join(dialects) + ')' if dialects else ''}, {source.lang}; "
        f"{len(doc.paragraphs)} blocks, {len(doc.sentences)} sentences, "
        f"{len(doc.mismatched)} in another language"
    )
    metadata = {k: v for k, v in doc.doc_metadata.items() if k != "dialects"}
    if metadata:
        yield "metadata: " + _short(", ".join(f"{k}={v}" for k, v in metadata.items()), 110)
    if doc.dropped:
        yield "dropped: " + ", ".join(f"{k} {v}" for k, v in sorted(doc.dropped.items()))
    sentences: dict[str, int] = {}
    for sentence in doc.sentences:
        sentences[sentence.paragraph_id] = sentences.get(sentence.paragraph_id, 0) + 1
    mismatched: dict[str, list[Sentence]] = {}
    for sentence in doc.mismatched:
        mismatched.setdefault(sentence.paragraph_id, []).append(sentence)
    levels = {s.id: s.level for s in doc.sections}
    anchors = {s.id: s.anchor for s in doc.sections}
    yield f"{'line':>5}  {'kind':<14} {'sents':>5}  text"
    for paragraph in doc.paragraphs:
        level = levels.get(paragraph.section_id) if paragraph.kind == "heading" else None
        count = "-" if paragraph.kind in NON_BODY_KINDS else str(sentences.get(paragraph.id, 0))
        text = _short(paragraph.text)
        if paragraph.kind == "code":
            lines = paragraph.text.count("\n") + 1
            text = _short(paragraph.text.split("\n", 1)[0], TEXT_WIDTH - 12) + f"  [{lines} lines]"
        if paragraph.kind == "heading" and anchors.get(paragraph.section_id):
            text += f"  {{#{anchors[paragraph.section_id]}}}"
        group = f" [{paragraph.group}]" if paragraph.group else ""
        line = str(paragraph.line) if paragraph.line else ""
        yield f"{line:>5}  {_kind(paragraph, level):<14} {count:>5}  {text}{group}"
        for sentence in mismatched.get(paragraph.id, []):
            yield f"{'':>5}  {'':<14} {'':>5}  ↳ {sentence.lang}: {_short(sentence.text, TEXT_WIDTH - 6)}"
