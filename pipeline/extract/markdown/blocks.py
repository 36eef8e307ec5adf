"""markdown-it tokens into blocks: the document model of a Markdown page.

Headings (level, anchor), paragraphs, list items (the number the author wrote
as marker, nesting as depth), block quotes (depth), footnotes (label as
marker), tables (one block per row, cells joined), code (fenced and indented,
with the fence's language), HTML blocks (read by the HTML extractor), and
containers (`::: tip Title`, `:::note[Title]`, MyST's `:::{note}`) whose title
is a caption and whose blocks share a group. Each block keeps the body line it
starts on.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markdown_it.token import Token

from pipeline.extract.html import LABEL_MARK, LABEL_MAX, LABELLED_ITEMS_MIN, fragment_pieces
from pipeline.extract.layer import Layer, Piece
from pipeline.extract.markdown.inline import code_only, render_inline
from pipeline.extract.markdown.source import MarkdownSource

_CONTAINER = re.compile(r"^\s*\{?(?P<name>[\w:.-]*)\}?(?:\[(?P<bracket>[^\]]*)\])?\s*(?P<title>.*?)\s*$")
_FENCE_LANGUAGE = re.compile(r"^\{?(?P<name>[^\s{}\[\]]+)\}?")
# GitHub's alert markers open a quote: "> [!NOTE]" (its five kinds, from GitHub's documentation).
_NESTING = ("bullet_list", "ordered_list", "list_item", "blockquote", "footnote")  # token pairs that push a frame
_ALERT = re.compile(r"^\[!(?:NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]\s*", re.I)


@dataclass
class _Frame:
    kind: str  # list | item | quote | container | footnote
    marker: str | None = None
    group: str | None = None
    used: bool = False  # an item's marker went to its first block


# A list whose items open with a bold label ("- **Term**: what it means") is a labelled list: each
# label is a run-in heading, a segment of its own, by the same settings as in HTML.


def _label_end(inline: Token) -> int | None:
    """Index of the strong_close ending the bold label an inline run opens with, when text follows."""
    children = inline.children or []
    start = 0
    while start < len(children) and children[start].type == "text" and not children[start].content.strip():
        start += 1
    if start >= len(children) or children[start].type != "strong_open":
        return None
    end = next((i for i in range(start, len(children)) if children[i].type == "strong_close"), None)
    if end is None:
        return None
    label = "".join(c.content for c in children[start:end])
    rest = "".join(c.content for c in children[end + 1 :])
    return end if label.strip() and len(label) <= LABEL_MAX and any(ch.isalnum() for ch in rest) else None


def labelled_items(tokens: list[Token]) -> set[int]:
    """Indices of the inline tokens that open items of labelled lists."""
    found: set[int] = set()
    for index, token in enumerate(tokens):
        if token.type not in ("bullet_list_open", "ordered_list_open"):
            continue
        candidates = []
        for inner in range(index + 1, len(tokens)):
            other = tokens[inner]
            if other.level == token.level and other.type.endswith("_list_close"):
                break
            if other.type == "list_item_open" and other.level == token.level + 1:
                first = inner + 2  # list_item_open, paragraph_open, inline
                if first < len(tokens) and tokens[first].type == "inline" and _label_end(tokens[first]) is not None:
                    candidates.append(first)
        if len(candidates) >= LABELLED_ITEMS_MIN:
            found.update(candidates)
    return found


def container_title(info: str) -> tuple[str, str]:
    """(name, title) of a container's info string: "tip Title", "note[Title]", "{note}", "details Click"."""
    match = _CONTAINER.match(info)
    if not match:
        return "box", ""
    return match.group("name") or "box", (match.group("bracket") or match.group("title") or "").strip()


def fence_language(info: str, argument: str | None = None) -> str | None:
    """A fence's language: "js" of "js title=App.js" or "sh [npm]", the argument of "{code-block} python"."""
    if argument:
        return argument.split()[0]
    match = _FENCE_LANGUAGE.match(info.strip())
    return match.group("name") if match else None


class BlockWalker:
    def __init__(
        self,
        src: MarkdownSource,
        fence_roles: Sequence[Callable[[str, str], tuple[str, str] | None]] = (),
        text_hooks: Sequence[Callable[[str], str]] = (),
    ):
        self.src = src
        self.fence_roles = fence_roles
        self.text_hooks = text_hooks
        self.pieces: list[tuple[int, Piece]] = []  # (body line, piece)
        self.stack: list[_Frame] = []
        self.target: str | None = None  # a MyST (label)= waiting for its heading

    # -- context ----------------------------------------------------------------
    def _context(self, piece: Piece) -> Piece:
        """`piece` with the kind, depth, marker and group its enclosing blocks give it."""
        for frame in reversed(self.stack):
            if frame.kind == "container" and piece.group is None:
                piece.group = frame.group
        footnote = next((f for f in self.stack if f.kind == "footnote"), None)
        inner = next((f for f in reversed(self.stack) if f.kind in ("item", "quote")), None)
        if piece.kind != "paragraph":
            return piece
        if footnote is not None:
            piece.kind, piece.marker = "footnote", footnote.marker
        elif inner is not None and inner.kind == "item":
            piece.kind = "list_item"
            piece.depth = sum(1 for f in self.stack if f.kind == "list") - 1
            if not inner.used:
                piece.marker, inner.used = inner.marker, True
        elif inner is not None:
            piece.kind = "quote"
            piece.depth = sum(1 for f in self.stack if f.kind == "quote") - 1
        return piece

    def _add(self, line: int, piece: Piece) -> None:
        self.pieces.append((line, self._context(piece)))

    def _inline(self, token: Token) -> str:
        return render_inline(token.children, self.src.dropped, self.text_hooks)

    # -- tokens -----------------------------------------------------------------
    def walk(self, tokens: list[Token]) -> None:
        self.labelled = labelled_items(tokens)
        index = 0
        while index < len(tokens):
            index = self._token(tokens, index)

    def _token(self, tokens: list[Token], index: int) -> int:
        token = tokens[index]
        kind, line = token.type, token.map[0] if token.map else self._last_line()
        if kind == "heading_open":
            text = self._inline(tokens[index + 1])
            anchor = self.src.anchors.get(line) or self.target
            self.target = None
            self._add(line, Piece("heading", text, level=int(token.tag[1:]), anchor=anchor))
            return index + 3
        if kind in ("paragraph_open", "dt_open"):
            text = self._inline(tokens[index + 1])
            quoted = any(f.kind == "quote" for f in self.stack)
            if quoted and _ALERT.match(text):
                text = _ALERT.sub("", text)
                self.src.dropped["alert_markers"] += 1
            if index + 1 in self.labelled:
                self._labelled(tokens[index + 1], line)
            elif code_only(tokens[index + 1].children):
                # Only code spans ("`<input>`", "`useState`"): code named in the text, not a sentence.
                self._add(line, Piece("code", text, info="inline"))
            else:
                self._add(line, Piece("paragraph", text))
            self.target = None
            return index + 3
        if kind == "inline":  # inline content outside a paragraph (plugins' own blocks)
            self._add(line, Piece("paragraph", self._inline(token)))
        elif kind in ("fence", "code_block"):
            self._fence(token, line)
        elif kind == "html_block":
            layer = Layer()
            fragment_pieces(token.content, layer, line_offset=line - 1)
            for piece in layer.pieces:
                self._add(piece.line if piece.line is not None else line, piece)
            self.src.dropped.update(layer.dropped)
        elif kind == "table_open":
            return self._table(tokens, index)
        elif kind in ("math_block", "math_block_label", "amsmath"):
            self._add(line, Piece("equation", token.content))
        elif kind in ("bullet_list_open", "ordered_list_open"):
            self.stack.append(_Frame("list"))
        elif kind == "list_item_open":
            self.stack.append(_Frame("item", marker=token.info or None))
        elif kind == "blockquote_open":
            self.stack.append(_Frame("quote"))
        elif kind.startswith("container_") and kind.endswith("_open"):
            name, title = container_title(token.info)
            self.stack.append(_Frame("container", group=self.src.group(name)))
            if title:
                self._add(line, Piece("caption", title))
        elif kind == "footnote_open":
            self.stack.append(_Frame("footnote", marker=str(token.meta.get("label", "")) or None))
        elif kind == "myst_target":
            self.target = token.content
        elif kind == "myst_line_comment":
            self.src.dropped["comments"] += 1
        elif (
            kind.endswith("_close")
            and self.stack
            and (kind[: -len("_close")] in _NESTING or kind.startswith("container_"))
        ):
            self.stack.pop()
        return index + 1

    def _labelled(self, inline: Token, line: int) -> None:
        """A labelled item's label (with the mark after it) and its text, as two blocks."""
        children = inline.children or []
        end = _label_end(inline) or 0
        rest = list(children[end + 1 :])
        mark = ""
        if rest and rest[0].type == "text":
            found = LABEL_MARK.match(rest[0].content)
            mark = found.group() if found else ""
            rest[0] = Token("text", "", 0, content=rest[0].content[len(mark) :])
        label = render_inline(children[: end + 1], self.src.dropped, self.text_hooks) + mark.rstrip()
        self._add(line, Piece("paragraph", label))
        self._add(line, Piece("paragraph", render_inline(rest, self.src.dropped, self.text_hooks)))

    def _last_line(self) -> int:
        return self.pieces[-1][0] if self.pieces else 0

    def _fence(self, token: Token, line: int) -> None:
        content = token.content.rstrip("\n")
        role, content = next(
            (found for fence in self.fence_roles if (found := fence(token.info, content)) is not None),
            ("code", content),
        )
        if role == "drop":
            self.src.dropped["directives"] += 1
        elif role == "equation":
            self._add(line, Piece("equation", content))
        elif role == "table":
            for offset, row in enumerate(content.split("\n")):
                self._add(line + 1 + offset, Piece("table", row))
        else:
            argument = token.info.split("}", 1)[1] if token.info.strip().startswith("{") else None
            self._add(line, Piece("code", content, info=fence_language(token.info, argument)))

    def _table(self, tokens: list[Token], index: int) -> int:
        row: list[str] = []
        row_line = 0
        while index < len(tokens) and tokens[index].type != "table_close":
            token = tokens[index]
            if token.type == "tr_open":
                row, row_line = [], token.map[0] if token.map else self._last_line()
            elif token.type == "inline":
                row.append(self._inline(token))
            elif token.type == "tr_close":
                text = " ".join(cell for cell in row if cell)
                if text:
                    self._add(row_line, Piece("table", text))
            index += 1
        return index + 1
