"""HTML: a page read as a document (content found, chrome dropped) into blocks.

The content element (html_main.content_root) is walked in document order:
headings with their `id` as anchor, paragraphs, list items with their nesting
depth and the number the browser would draw as marker, block quotes, `<pre>`
as code, one table block per row, captions. Inline markup keeps its text and
loses its tags; a line break in the source between two Chinese characters
joins them as a browser does. Comments are dropped and counted.

arXiv's HTML (LaTeXML) is read by its classes: `ltx_tag` spans give heading
numbers, `ltx_note` footnotes become footnote blocks that interrupt their
paragraph, `ltx_bibitem` entries reference blocks, `ltx_authors` metadata.
The same walker reads the HTML blocks of Markdown files (`fragment_pieces`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from lxml import etree
from lxml import html as lxml_html

from pipeline.extract.html_main import classes, content_root, is_chrome, link_heavy, parse_page
from pipeline.extract.layer import Layer, Piece
from pipeline.lang.script import join_lines
from pipeline.types import ExtractedDoc, IngestedSource

HEADINGS = {f"h{n}": n for n in range(1, 7)}
BLOCKS = {
    "address",
    "article",
    "blockquote",
    "body",
    "center",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "header",
    "hgroup",
    "hr",
    "html",
    "legend",
    "li",
    "main",
    "ol",
    "p",
    "section",
    "summary",
    "ul",
    "caption",
    "fieldset",
}
# Kinds whose nested block elements are part of the same text (LaTeXML wraps an item's text in <p>).
_INLINE_INSIDE = {"list_item", "reference", "footnote", "metadata", "caption"}
_SYMBOL_ONLY = re.compile(r"^[\W_]*$")
# A list whose items open with a bold label ("<strong>Term</strong>. The term is ...", "<b>期限</b>本协议的期限
# ……") is a labelled list: each label is a run-in heading, a segment of its own. One bold opening is emphasis.
LABELLED_ITEMS_MIN = 2
LABEL_MAX = 40  # characters of a run-in label
LABEL_MARK = re.compile(r"\s*[.:：。;；—–-]?")  # what may sit between a run-in label and its text


def _run_in_label(item) -> str | None:
    """The bold label an item opens with, when more text follows it in the item."""
    if (
        (item.text or "").strip()
        or not len(item)
        or not isinstance(item[0].tag, str)
        or item[0].tag not in ("strong", "b")
    ):
        return None
    label = join_lines(item[0].text_content())
    rest = (item[0].tail or "") + "".join(child.text_content() + (child.tail or "") for child in item[1:])
    if not label or len(label) > LABEL_MAX or not any(ch.isalnum() for ch in rest):
        return None
    return label


@dataclass(frozen=True)
class _Context:
    kind: str = "paragraph"
    depth: int | None = None
    marker: str | None = None
    group: str | None = None
    line_offset: int = 0


def _ordinal(n: int, style: str | None) -> str:
    """The marker a browser draws for item `n` of an <ol type=style>."""
    if style in ("a", "A") and 1 <= n <= 26:
        letter = chr(ord("a") + n - 1)
        return letter.upper() if style == "A" else letter
    if style in ("i", "I") and 1 <= n <= 39:
        numerals = [(10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
        out, rest = "", n
        for value, numeral in numerals:
            while rest >= value:
                out, rest = out + numeral, rest - value
        return out.upper() if style == "I" else out
    return str(n)


class _Walker:
    def __init__(self, layer: Layer, fallback: bool = False):
        self.layer = layer
        self.fallback = fallback  # no content markup: menus are found by link density
        self.buffer: list[str] = []
        self.first_line: int | None = None

    # -- text -----------------------------------------------------------------
    def _text(self, text: str | None, el=None, ctx: _Context | None = None) -> None:
        if text:
            if self.first_line is None and text.strip() and el is not None and el.sourceline:
                self.first_line = el.sourceline + (ctx.line_offset if ctx else 0)
            self.buffer.append(text)

    def flush(self, ctx: _Context) -> _Context:
        """Emit the buffered text as a block of the context's kind; the marker goes with its first text."""
        text = join_lines("".join(self.buffer))
        self.buffer, line, self.first_line = [], self.first_line, None
        if not text:
            return ctx
        self.layer.add(Piece(ctx.kind, text, line, marker=ctx.marker, group=ctx.group, depth=ctx.depth))
        return replace(ctx, marker=None)

    # -- elements -------------------------------------------------------------
    def walk(self, el, ctx: _Context) -> _Context:
        """Walk `el` (not its tail); returns the context with its marker used up when text was emitted."""
        if not isinstance(el.tag, str):  # comments and processing instructions
            self.layer.drop("comments" if isinstance(el, etree._Comment) else "processing_instructions")
            return ctx
        why = is_chrome(el) or ("chrome" if self.fallback and link_heavy(el) else None)
        if why:
            self.layer.drop(why)
            return ctx
        tag = el.tag
        line = el.sourceline + ctx.line_offset if el.sourceline else None
        if tag in HEADINGS:
            ctx = self.flush(ctx)
            self._heading(el, HEADINGS[tag], line, ctx)
            return ctx
        if tag == "pre":
            ctx = self.flush(ctx)
            names = classes(el) | (classes(el[0]) if len(el) and isinstance(el[0].tag, str) else set())
            language = next((n.removeprefix("language-") for n in sorted(names) if n.startswith("language-")), None)
            self.layer.add(Piece("code", el.text_content().strip("\n"), line, info=language, group=ctx.group))
            return ctx
        if tag == "table":
            ctx = self.flush(ctx)
            self._table(el, ctx)
            return ctx
        if tag == "br":
            self.buffer.append("\n")
            return ctx
        if tag in ("img", "hr", "wbr"):
            return ctx
        names = classes(el)
        if "ltx_note" in names and "ltx_role_footnote" in names:
            # A LaTeXML footnote sits inside the paragraph citing it: a block of its own, and the
            # paragraph goes on after it.
            saved, saved_line = self.buffer, self.first_line
            self.buffer, self.first_line = [], None
            self._children(el, replace(ctx, kind="footnote", marker=None))
            self.flush(replace(ctx, kind="footnote", marker=None))
            self.buffer, self.first_line = saved, saved_line
            return ctx
        if tag in ("ul", "ol"):
            ctx = self.flush(ctx)
            self._list(el, ctx)
            return ctx
        if tag == "sup" and self.buffer and not self.buffer[-1].endswith(" "):
            self.buffer.append(" ")  # "concern<sup>1</sup>": the marker is not part of the word
        if tag in BLOCKS or "ltx_authors" in names:
            if ctx.kind in _INLINE_INSIDE and tag not in ("blockquote", "figcaption", "caption", "summary", "li"):
                # Inside an item, note or caption a nested block is part of the same text.
                self.buffer.append(" ")
                ctx = self._children(el, ctx)
                self.buffer.append(" ")
                return ctx
            ctx = self.flush(ctx)
            self.flush(self._children(el, self._block_context(el, tag, names, ctx)))
            return ctx
        ctx = self._children(el, ctx)
        if names & {"ltx_tag", "ltx_bibblock"} and self.buffer:
            self.buffer.append(" ")  # "Author (2020)" + "A. Author": LaTeXML's label spans end a word
        return ctx

    def _children(self, el, ctx: _Context) -> _Context:
        self._text(el.text, el, ctx)
        for child in el:
            ctx = self.walk(child, ctx)
            self._text(child.tail, el, ctx)
        return ctx

    def _block_context(self, el, tag: str, names: set[str], ctx: _Context) -> _Context:
        if "ltx_authors" in names:
            return replace(ctx, kind="metadata", marker=None)
        if tag == "blockquote":
            depth = ctx.depth + 1 if ctx.kind == "quote" and ctx.depth is not None else 0
            return replace(ctx, kind="quote", depth=depth)
        if ctx.kind == "quote":
            return ctx  # each paragraph of a quote is a quote block
        if tag in ("figcaption", "caption", "summary"):
            return replace(ctx, kind="caption")
        return replace(ctx, kind="paragraph")

    def _heading(self, el, level: int, line: int | None, ctx: _Context) -> None:
        anchor = el.get("id")
        number = None
        tag_span = next((s for s in el.iter("span") if "ltx_tag" in classes(s)), None)
        if tag_span is not None:
            number = re.sub(r"\s+", "", tag_span.text_content()).strip(".")
            number = re.sub(r"^(?:Section|Appendix|Chapter)", "", number, flags=re.IGNORECASE) or None
        parts: list[str] = []

        def collect(node) -> None:
            nonlocal anchor
            if not isinstance(node.tag, str) or node is tag_span or is_chrome(node):
                return
            if node.tag == "a" and (node.get("href") or "").startswith("#") and _SYMBOL_ONLY.match(node.text_content()):
                anchor = anchor or node.get("href")[1:]  # a "¶"/"#" link to the heading itself
                return
            if node.tag == "a" and not node.text_content().strip() and (node.get("id") or node.get("name")):
                anchor = anchor or node.get("id") or node.get("name")
            if node.tag == "br":
                parts.append("\n")
            parts.append(node.text or "")
            for child in node:
                collect(child)
                parts.append(child.tail or "")

        collect(el)
        title = join_lines("".join(parts))
        text = f"{number} {title}" if number and title else (title or number or "")
        self.layer.add(Piece("heading", text, line, level=level, number=number, anchor=anchor, group=ctx.group))

    def _list(self, el, ctx: _Context) -> None:
        depth = 0 if ctx.kind not in ("list_item", "reference") or ctx.depth is None else ctx.depth + 1
        counter = int(el.get("start")) - 1 if (el.get("start") or "").lstrip("-").isdigit() else 0
        style = el.get("type")
        self._text(el.text, el, ctx)
        items = [c for c in el if isinstance(c.tag, str) and c.tag == "li" and not is_chrome(c)]
        labelled = [c for c in items if _run_in_label(c) is not None]
        if len(labelled) < LABELLED_ITEMS_MIN:
            labelled = []
        for child in el:
            if child in labelled:
                counter += 1
                marker = _ordinal(counter, style) if el.tag == "ol" else None
                self._labelled_item(child, _Context("list_item", depth, marker, ctx.group, ctx.line_offset))
            elif isinstance(child.tag, str) and child.tag == "li" and not is_chrome(child):
                if (child.get("value") or "").isdigit():
                    counter = int(child.get("value")) - 1
                counter += 1
                kind = "reference" if "ltx_bibitem" in classes(child) else "list_item"
                marker = _ordinal(counter, style) if el.tag == "ol" and kind == "list_item" else None
                item = _Context(kind, depth, marker, ctx.group, ctx.line_offset)
                self.flush(self._children(child, item))
            else:
                ctx = self.walk(child, ctx)
            self._text(child.tail, el, ctx)
        self.flush(ctx)

    def _labelled_item(self, item, ctx: _Context) -> None:
        """An item opening with a bold run-in label: the label (with the mark after it) is a block of its own."""
        label = item[0]
        self._text(item.text, item, ctx)
        ctx = self.walk(label, ctx)
        tail = label.tail or ""
        mark = len(LABEL_MARK.match(tail).group())  # type: ignore[union-attr]  # the pattern matches ""
        self._text(tail[:mark], item, ctx)
        ctx = self.flush(ctx)
        self._text(tail[mark:], item, ctx)
        for child in item[1:]:
            ctx = self.walk(child, ctx)
            self._text(child.tail, item, ctx)
        self.flush(ctx)

    def _table(self, el, ctx: _Context) -> None:
        for node in el.iter("caption", "tr"):
            if next(node.iterancestors("table"), None) is not el:
                continue  # a nested table's rows are text of the cell holding it
            if node.tag == "caption":
                self.flush(self._children(node, replace(ctx, kind="caption", marker=None)))
                continue
            cells = [join_lines(cell.text_content()) for cell in node if cell.tag in ("td", "th")]
            line = node.sourceline + ctx.line_offset if node.sourceline else None
            text = " ".join(c for c in cells if c)
            if text:
                self.layer.add(Piece("table", text, line, group=ctx.group))


def fragment_pieces(markup: str, layer: Layer, line_offset: int = 0, group: str | None = None) -> None:
    """Blocks of an HTML fragment (an HTML block in Markdown) appended to `layer`."""
    if not markup.strip():
        return
    try:
        container = lxml_html.fragment_fromstring(markup, create_parent="div")
    except Exception:  # lxml raises a bare ParserError on what holds no element at all
        return
    walker = _Walker(layer)
    ctx = _Context(group=group, line_offset=line_offset)
    walker.flush(walker._children(container, ctx))


def extract_html(item: IngestedSource) -> ExtractedDoc:
    root = parse_page(item.text or "")
    layer = Layer()
    metadata: dict[str, str] = {}
    title = root.find(".//title")
    if title is not None and title.text_content().strip():
        metadata["title"] = join_lines(title.text_content())
    description = root.xpath('//meta[@name="description"]/@content')
    if description:
        metadata["description"] = str(description[0]).strip()
    if root.get("lang"):
        metadata["lang"] = root.get("lang")
    node, marked = content_root(root)
    walker = _Walker(layer, fallback=not marked)
    walker.flush(walker._children(node, _Context()))
    return layer.document(item, metadata)
