"""HTML and JSX inside Markdown: comments, tag lines, raw elements.

- Comments (`<!-- -->`) are dropped and counted: translators keep the English
  original in them, and it is never text of the translation.
- A line holding only tags is markup: it is blanked, as MDX reads a component
  on its own line (the Markdown between `<Note>` and `</Note>` is prose, the
  tags are not). A component's visible attributes (`caption`, `title`, …) are
  caption blocks; a component pair makes its lines a group. An inline tag of
  plain HTML (`<br>`, `<img>`) in the middle of a paragraph is left to the
  parser, as CommonMark reads it (it cannot interrupt a paragraph).
- `<pre>`, `<table>` and `<h1>`…`<h6>` are read by the HTML extractor (code,
  table rows, a heading spread over lines as READMEs centre their title);
  `<script>`, `<style>`, `<svg>` and the like are dropped.
"""

from __future__ import annotations

import re

from markdown_it.common.html_blocks import block_names

from pipeline.extract.html import fragment_pieces
from pipeline.extract.layer import Layer, Piece
from pipeline.extract.markdown.source import Box, MarkdownSource
from pipeline.extract.markdown.tags import RAW_CONTENT, RAW_TEXT, Tag, tags_only

# HTML elements that, on their own lines around Markdown, group it (a figure and its caption, a
# collapsible block) or make it a caption.
GROUPING = {"figure", "details"}
CAPTIONS = {"figcaption", "caption", "summary"}
COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_LINE_TAG = re.compile(r"^[ \t]*(?:>[ \t]?)*[ \t]*<", re.M)


def drop_comments(src: MarkdownSource) -> None:
    src.dropped["comments"] += src.substitute(COMMENT, lambda match: "")


def _raw_element(src: MarkdownSource, tag: Tag) -> int | None:
    """Read a <pre>/<table> (as HTML) or drop a <script>/<style>/… element; returns its end, or None."""
    name = tag.name.lower()
    if tag.self_closing or tag.closing or name not in RAW_TEXT | RAW_CONTENT:
        return None
    close = re.compile(rf"</{re.escape(tag.name)}\s*>", re.I).search(src.text, tag.end)
    if close is None:
        return None
    if name in RAW_TEXT:
        src.dropped[f"html_{name}"] += 1
        return close.end()
    layer = Layer()
    line = src.line_of(tag.start)
    fragment_pieces(src.text[tag.start : close.end()], layer, line_offset=line - 1)
    for piece in layer.pieces:  # lines counted from the body's first line, as events are
        src.event(piece.line if piece.line is not None else line, piece, is_line=True)
    src.dropped.update(layer.dropped)
    return close.end()


def _interrupts(src: MarkdownSource, tags: list[Tag], start: int, mdx: bool) -> bool:
    """Whether a tag line is markup of its own rather than inline HTML inside a paragraph."""
    if mdx or any(t.component or t.name.lower() in block_names for t in tags):
        return True
    line_start = src.text.rfind("\n", 0, start) + 1
    previous = src.text.rfind("\n", 0, max(line_start - 1, 0)) + 1
    return line_start == 0 or not src.text[previous : line_start - 1].strip()


def tag_lines(src: MarkdownSource, mdx: bool = False) -> None:
    """Blank the lines that hold only tags, reading components' captions and groups on the way."""
    stack: list[tuple[str, int]] = []
    pos = 0
    while match := _LINE_TAG.search(src.text, pos):
        start = match.end() - 1
        pos = match.end()
        if src.in_code(start):
            continue
        found = tags_only(src.text, start)
        if found is None:
            continue
        tags, end = found
        raw_end = _raw_element(src, tags[0])
        if raw_end is not None:
            src.blank(start, raw_end)
            pos = start
            continue
        if not _interrupts(src, tags, start, mdx):
            continue
        line = src.line_of(start)
        for tag in tags:
            _component(src, tag, line, stack)
        src.blank(start, end)
        pos = start


def _component(src: MarkdownSource, tag: Tag, line: int, stack: list[tuple[str, int]]) -> None:
    """Track a tag line's element: components and grouping elements make groups, captions captions."""
    name = tag.name if tag.component else tag.name.lower()
    if not tag.component and name not in GROUPING | CAPTIONS:
        return
    if tag.closing:
        for depth in range(len(stack) - 1, -1, -1):
            if stack[depth][0] == name:
                opened = stack[depth][1]
                del stack[depth:]
                if name in CAPTIONS:
                    src.boxes.append(Box(opened, line, None, kind="caption"))
                else:
                    src.boxes.append(Box(opened, line, src.group(name)))
                return
        return
    if not tag.component:
        if not tag.self_closing:
            stack.append((name, line))
        return
    for text in tag.visible():
        src.event(line, Piece("caption", text), is_line=True)
    if tag.self_closing:
        if not tag.visible():
            src.dropped["components"] += 1
        return
    stack.append((tag.name, line))
