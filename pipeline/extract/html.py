"""HTML: headings, paragraphs and list items from the markup.

The text layer of an HTML source is its visible text: block elements separated
by blank lines, so offsets point into text a reader would see.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from pipeline.types import Block, ExtractedDoc, IngestedSource

_BLOCK_TAGS = {"p": "paragraph", "li": "list_item", "blockquote": "paragraph", "figcaption": "caption",
               "caption": "caption", "dd": "paragraph", "dt": "paragraph", "pre": "paragraph"}
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_SKIP = {"script", "style", "noscript", "template", "head", "nav"}


class _BlockParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str, int | None, str | None]] = []
        self._stack: list[tuple[str, str, int | None, str | None]] = []
        self._buffer: list[str] = []
        self._skip_depth = 0
        self._ol_counters: list[int] = []

    def _flush(self) -> None:
        if self._stack and self._buffer:
            kind, _tag, level, marker = self._stack[-1]
            text = re.sub(r"\s+", " ", "".join(self._buffer)).strip()
            if text:
                self.blocks.append((kind, text, level, marker))
        self._buffer = []

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self._skip_depth += 1
            return
        if tag == "ol":
            start = dict(attrs).get("start")
            self._ol_counters.append(int(start) - 1 if start and start.isdigit() else 0)
        if tag in _HEADINGS or tag in _BLOCK_TAGS:
            self._flush()
            marker = None
            if tag == "li" and self._ol_counters:
                self._ol_counters[-1] += 1
                marker = str(self._ol_counters[-1])
            kind = "heading" if tag in _HEADINGS else _BLOCK_TAGS[tag]
            self._stack.append((kind, tag, _HEADINGS.get(tag), marker))
        elif tag == "br":
            self._buffer.append(" ")

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self._skip_depth = max(0, self._skip_depth - 1)
            return
        if tag == "ol" and self._ol_counters:
            self._ol_counters.pop()
        if self._stack and self._stack[-1][1] == tag:
            self._flush()
            self._stack.pop()

    def handle_data(self, data):
        if self._skip_depth:
            return
        if not self._stack:
            if data.strip():
                self._stack.append(("paragraph", "#text", None, None))
                self._buffer.append(data)
                self._flush()
                self._stack.pop()
            return
        self._buffer.append(data)


def extract_html(item: IngestedSource) -> ExtractedDoc:
    parser = _BlockParser()
    parser.feed(item.text or "")
    parser.close()
    parser._flush()
    blocks, parts, pos = [], [], 0
    for kind, text, level, marker in parser.blocks:
        text = html.unescape(text)
        if kind == "list_item" and marker:
            text = f"{marker}. {text}"
        blocks.append(Block(kind, text, pos, pos + len(text), level=level, marker=marker))
        parts.append(text)
        pos += len(text) + 2
    return ExtractedDoc(source=item.source, text="\n\n".join(parts), blocks=blocks, warnings=list(item.warnings))
