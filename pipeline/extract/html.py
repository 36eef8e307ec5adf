"""HTML: headings, paragraphs, list items, footnotes and references from the markup.

The text layer of an HTML source is its visible text: block elements
separated by blank lines, so offsets point into text a reader would see.
Page chrome (navigation, header, footer, asides, scripts) is dropped; table
cells are text, never headings. arXiv's HTML (LaTeXML) is read by its
classes: `ltx_tag` spans give heading numbers, `ltx_note` footnotes become
footnote blocks, and `ltx_bibitem` entries reference blocks.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from pipeline.types import Block, ExtractedDoc, IngestedSource

_BLOCK_TAGS = {
    "p": "paragraph",
    "li": "list_item",
    "blockquote": "paragraph",
    "figcaption": "caption",
    "caption": "caption",
    "dd": "paragraph",
    "dt": "paragraph",
    "pre": "paragraph",
    "tr": "table",
}
# Inside these blocks a nested block element is part of the same text (LaTeXML wraps an item's text in <p>).
_INLINE_INSIDE = {"list_item", "reference", "footnote", "table", "metadata"}
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_SKIP = {"script", "style", "noscript", "template", "head", "nav", "header", "footer", "aside", "button", "svg"}
_VOID = {"br", "img", "hr", "meta", "link", "input", "wbr", "source", "col", "area", "base", "embed", "param", "track"}
# LaTeXML's classes for what is not running text.
_SKIP_CLASSES = {
    "ltx_page_header",
    "ltx_page_footer",
    "ltx_page_navbar",
    "ltx_role_footnotemark",
    "ltx_note_mark",
    "ltx_tag_item",
}


class _BlockParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[dict] = []
        self._stack: list[dict] = []  # open block elements
        self._open: list[tuple[str, bool]] = []  # every open element: (tag, whether it started a skip)
        self._buffer: list[str] = []
        self._skip_depth = 0
        self._ol_counters: list[int] = []
        self._tag_depth: int | None = None  # inside a heading's ltx_tag span: its number
        self._saved: list[list[str]] = []  # text of the paragraphs a footnote interrupts

    def _flush(self) -> None:
        if self._stack and self._buffer:
            block = self._stack[-1]
            text = re.sub(r"\s+", " ", "".join(self._buffer)).strip()
            if text:
                self.blocks.append({**block, "text": text})
                block["number"] = None  # a heading's number belongs to its first text only
        self._buffer = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        classes = set((attributes.get("class") or "").split())
        if tag in _VOID:
            if tag == "br" and not self._skip_depth:
                self._buffer.append(" ")
            return
        skip = (
            tag in _SKIP
            or bool(classes & _SKIP_CLASSES)
            or attributes.get("role") == "navigation"
            or "hidden" in attributes
            or attributes.get("aria-hidden") == "true"
        )
        self._open.append((tag, skip))
        if skip:
            self._skip_depth += 1
            return
        if self._skip_depth:
            return
        if "ltx_note" in classes and "ltx_role_footnote" in classes:
            # A LaTeXML footnote sits inside the paragraph that cites it: a block of its own, and the
            # paragraph goes on after it.
            self._saved.append(self._buffer)
            self._buffer = []
            self._stack.append({"kind": "footnote", "tag": tag, "level": None, "marker": None, "number": None})
            return
        if "ltx_authors" in classes:
            self._flush()
            self._stack.append({"kind": "metadata", "tag": tag, "level": None, "marker": None, "number": None})
            return
        if tag in ("td", "th") and self._buffer:
            self._buffer.append(" ")
        if tag == "sup" and self._buffer and not self._buffer[-1].endswith(" "):
            self._buffer.append(" ")  # "concern<sup>1</sup>": the marker is not part of the word
        if tag == "span" and "ltx_tag" in classes and self._stack and self._stack[-1]["kind"] == "heading":
            self._flush()
            self._tag_depth = len(self._open)
            return
        if tag == "ol":
            start = attributes.get("start")
            self._ol_counters.append(int(start) - 1 if start and start.isdigit() else 0)
        if tag in _BLOCK_TAGS and self._stack and self._stack[-1]["kind"] in _INLINE_INSIDE:
            self._buffer.append(" ")
            return
        if tag in _HEADINGS or tag in _BLOCK_TAGS:
            self._flush()
            marker = None
            kind = "heading" if tag in _HEADINGS else _BLOCK_TAGS[tag]
            if tag == "li" and "ltx_bibitem" in classes:
                kind = "reference"
            elif tag == "li" and self._ol_counters:
                self._ol_counters[-1] += 1
                marker = str(self._ol_counters[-1])
            self._stack.append(
                {"kind": kind, "tag": tag, "level": _HEADINGS.get(tag), "marker": marker, "number": None}
            )

    def handle_endtag(self, tag):
        if tag in _VOID:
            return
        # Close up to the matching open element (HTML in the wild leaves some open).
        while self._open:
            open_tag, skip = self._open.pop()
            if skip:
                self._skip_depth = max(0, self._skip_depth - 1)
            if self._tag_depth is not None and len(self._open) < self._tag_depth:
                number = re.sub(r"\s+", "", "".join(self._buffer)).strip(".")
                number = re.sub(r"^(?:Section|Appendix|Chapter)", "", number, flags=re.IGNORECASE)
                if self._stack and number:
                    self._stack[-1]["number"] = number
                self._buffer = []
                self._tag_depth = None
            if open_tag == "ol" and self._ol_counters:
                self._ol_counters.pop()
            if self._stack and self._stack[-1]["tag"] == open_tag:
                self._flush()
                closed = self._stack.pop()
                if closed["kind"] == "footnote" and self._saved:
                    self._buffer = self._saved.pop()
            elif open_tag == "span" and self._buffer and not self._skip_depth:
                self._buffer.append(" ")  # "Author (2020)" + "A. Author": spans of a label end a word
            if open_tag == tag:
                break

    def handle_data(self, data):
        if self._skip_depth:
            return
        if not self._stack:
            if data.strip():
                self._stack.append({"kind": "paragraph", "tag": "#text", "level": None, "marker": None, "number": None})
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
    for found in parser.blocks:
        text = html.unescape(found["text"])
        kind, marker, number = found["kind"], found["marker"], found["number"]
        if kind == "list_item" and marker:
            text = f"{marker}. {text}"
        if kind == "heading" and number:
            text = f"{number} {text}"
        blocks.append(
            Block(
                kind,
                text,
                pos,
                pos + len(text),
                level=found["level"],
                marker=marker,
                number=number if kind == "heading" else None,
            )
        )
        parts.append(text)
        pos += len(text) + 2
    return ExtractedDoc(source=item.source, text="\n\n".join(parts), blocks=blocks, warnings=list(item.warnings))
