"""The text layer of a marked-up source: the text a reader sees, block after block.

Markdown, HTML and plain-text extractors render each block's text (markup
gone, wrapped lines joined) and append it here; offsets of blocks, and so of
paragraphs and sentences, point into the layer (`ExtractedDoc.text`), where
blocks are separated by a blank line. `Block.line` keeps the 1-based line of
the source file the block starts on, for a reader going back to the file.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from pipeline.types import Block, ExtractedDoc, IngestedSource

SEPARATOR = "\n\n"


@dataclass
class Piece:
    """A block before it has offsets: what an extractor found, in reading order."""

    kind: str
    text: str
    line: int | None = None
    level: int | None = None
    number: str | None = None
    marker: str | None = None
    group: str | None = None
    anchor: str | None = None
    info: str | None = None
    depth: int | None = None
    span: tuple[int, int] | None = None  # the characters of the source file the block's text stands for


@dataclass
class Layer:
    """Pieces appended in reading order, and what was dropped on purpose, counted by kind."""

    pieces: list[Piece] = field(default_factory=list)
    dropped: Counter = field(default_factory=Counter)

    def add(self, piece: Piece) -> None:
        # Code keeps its lines and indentation; every other kind is one line of text.
        if piece.kind != "code":
            piece.text = piece.text.strip()
        if piece.text.strip():
            self.pieces.append(piece)

    def drop(self, what: str, count: int = 1) -> None:
        if count:
            self.dropped[what] += count

    def document(
        self, item: IngestedSource, metadata: dict[str, Any] | None = None, source: str | None = None
    ) -> ExtractedDoc:
        """The blocks with offsets into the text layer.

        Given the `source` text whose spans the pieces know (plain text), the layer is that text
        with each span replaced by its block's text: a file whose lines needed no joining keeps
        its offsets character for character. Otherwise blocks are joined by SEPARATOR.
        """
        spans = source is not None and all(p.span is not None for p in self.pieces)
        source = source or ""
        blocks, parts, pos, copied = [], [], 0, 0
        for piece in self.pieces:
            if spans and piece.span is not None:
                gap = source[copied : piece.span[0]]
                parts.append(gap)
                pos += len(gap)
                copied = piece.span[1]
            blocks.append(
                Block(
                    piece.kind,
                    piece.text,
                    pos,
                    pos + len(piece.text),
                    level=piece.level,
                    number=piece.number,
                    marker=piece.marker,
                    group=piece.group,
                    anchor=piece.anchor,
                    info=piece.info,
                    depth=piece.depth,
                    line=piece.line,
                )
            )
            parts.append(piece.text)
            pos += len(piece.text)
            if not spans:
                parts.append(SEPARATOR)
                pos += len(SEPARATOR)
        if spans:
            parts.append(source[copied:])
        elif parts:
            parts.pop()  # no separator after the last block
        return ExtractedDoc(
            source=item.source,
            text="".join(parts),
            blocks=blocks,
            warnings=list(item.warnings),
            metadata=dict(metadata or {}),
            dropped=dict(sorted(self.dropped.items())),
        )
