"""Markdown and its dialects (MDX, Hugo, VitePress, Docusaurus, MyST, MkDocs, mdBook) as documents.

Steps, in order:
1. front matter (YAML or TOML) becomes the document's metadata;
2. the dialects present are detected from the body (never from the file name);
3. layers rewrite what CommonMark does not know, line for line, outside code:
   structure first (MkDocs' indented blocks, MyST's prose directives), then
   comments, heading anchors, each dialect's syntax, and tag lines;
4. markdown-it-py (CommonMark, tables, strikethrough, footnotes, definition
   lists, containers, and the dialects' plugins) parses the body;
5. the tokens become blocks (blocks.BlockWalker), merged in line order with
   what the layers found (captions, code from shortcodes), grouped by container.
"""

from __future__ import annotations

from typing import Any

from markdown_it import MarkdownIt
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin

from pipeline.extract.frontmatter import front_matter
from pipeline.extract.layer import Layer, Piece
from pipeline.extract.markdown.blocks import BlockWalker
from pipeline.extract.markdown.dialects import Dialect, detect_dialects
from pipeline.extract.markdown.heading_ids import take_anchors
from pipeline.extract.markdown.html_lines import drop_comments, tag_lines
from pipeline.extract.markdown.source import MarkdownSource
from pipeline.types import ExtractedDoc, IngestedSource


def parser(dialects: list[Dialect]) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    footnote_plugin(md)
    deflist_plugin(md)
    # Any ::: container (VitePress, Docusaurus, markdown-it-container, MyST colon fences, Pandoc divs).
    container_plugin(md, "c", validate=lambda params, *args: True)
    for dialect in dialects:
        if dialect.configure:
            dialect.configure(md)
    return md


def _indented_code(md: MarkdownIt, text: str) -> set[int]:
    """Lines of indented code blocks (only the parser knows an indented list paragraph from code)."""
    lines: set[int] = set()
    for token in md.parse(text):
        if token.type == "code_block" and token.map:
            lines.update(range(*token.map))
    return lines


def _assign_groups(src: MarkdownSource, pieces: list[tuple[int, Piece]]) -> None:
    """Blocks inside a container (a component or shortcode pair, an admonition) take the innermost one's group."""
    for line, piece in pieces:
        boxes = sorted((b for b in src.boxes if b.start <= line <= b.end), key=lambda b: b.end - b.start)
        group = next((b.group for b in boxes if b.group), None)
        if piece.group is None and group:
            piece.group = group
        kind = next((b.kind for b in boxes if b.kind), None)
        if kind and piece.kind == "paragraph":
            piece.kind = kind


def markdown_layer(text: str, first_line: int = 1) -> tuple[Layer, list[str]]:
    """The blocks of a Markdown body (no front matter) and the names of the dialects found in it."""
    src = MarkdownSource(text, first_line=first_line)
    dialects = detect_dialects(src)
    for dialect in dialects:
        if dialect.early:
            dialect.early(src)
    md = parser(dialects)
    mdx = any(d.mdx for d in dialects)
    if not mdx:
        src.code |= _indented_code(md, src.text)
    drop_comments(src)
    take_anchors(src)
    for dialect in dialects:
        if dialect.prepare:
            dialect.prepare(src)
    tag_lines(src, mdx=mdx)
    walker = BlockWalker(
        src,
        fence_roles=[d.fence for d in dialects if d.fence],
        text_hooks=[d.text_hook for d in dialects if d.text_hook],
    )
    walker.walk(md.parse(src.text))
    pieces = sorted(src.events + walker.pieces, key=lambda pair: pair[0])  # stable: layers' blocks first
    _assign_groups(src, pieces)
    layer = Layer()
    for line, piece in pieces:
        piece.line = first_line + line
        layer.add(piece)
    layer.dropped.update({k: v for k, v in src.dropped.items() if v})
    return layer, [d.name for d in dialects]


def extract_markdown(item: IngestedSource) -> ExtractedDoc:
    text = (item.text or "").replace("\r\n", "\n")
    header = front_matter(text)
    metadata: dict[str, Any] = dict(header.metadata) if header else {}
    body, first_line = (text[header.end :], text.count("\n", 0, header.end) + 1) if header else (text, 1)
    layer, dialects = markdown_layer(body, first_line)
    if dialects:
        metadata["dialects"] = dialects
    return layer.document(item, metadata)
