"""Tags as Markdown pages write them: HTML, and JSX with `{expression}` attributes.

A scanner, not a parser: it reads one tag at a position (quotes and nested
braces respected, so `onClick={() => a > b}` does not end the tag) and gives
its name, attributes with string values, and whether it opens, closes or
closes itself. `<https://…>` autolinks and `a < b` are not tags.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_.-]*(?::[A-Za-z0-9_.-]+)?")
_ATTR_NAME = re.compile(r"[^\s=/>\"'{}<]+")
# Attributes whose text a reader sees on the page (a figure's caption, a tab's label, a box's title);
# other attribute values (paths, ids, styles, code) are not text. Names shared by HTML, JSX
# component libraries and shortcodes alike, not taken from one site.
VISIBLE_PROPS = ("title", "caption", "label", "text", "heading", "summary")
# Elements whose content is not Markdown: never text, or code, an HTML table, a heading spread over lines.
RAW_TEXT = {"script", "style", "svg", "math", "textarea", "template"}
RAW_CONTENT = {"pre", "table", "h1", "h2", "h3", "h4", "h5", "h6"}


@dataclass
class Tag:
    name: str
    start: int
    end: int
    closing: bool = False
    self_closing: bool = False
    attrs: dict[str, str] = field(default_factory=dict)

    @property
    def component(self) -> bool:
        """A JSX component (capitalised, or a dotted name such as `Tabs.Item`), not an HTML element."""
        return self.name[0].isupper() or "." in self.name

    def visible(self) -> list[str]:
        """Text values of the attributes a reader sees, in VISIBLE_PROPS order."""
        return [v for k in VISIBLE_PROPS if (v := self.attrs.get(k, "").strip())]


def skip_braces(text: str, i: int) -> int:
    """Index after the `{...}` expression opening at `i` (strings inside respected), or -1."""
    depth, quote = 0, ""
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == "\\":
                i += 1
            elif ch == quote:
                quote = ""
        elif ch in "\"'`":
            quote = ch
        elif ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return -1


def scan_tag(text: str, start: int) -> Tag | None:
    """The tag beginning at `text[start]` ('<'), or None when there is none."""
    if not text.startswith("<", start):
        return None
    i = start + 1
    closing = text.startswith("/", i)
    if closing:
        i += 1
    if text.startswith(">", i):  # a JSX fragment <> or </>
        return Tag("", start, i + 1, closing=closing)
    name = _NAME.match(text, i)
    if not name:
        return None
    tag = Tag(name.group(), start, 0, closing=closing)
    i = name.end()
    if i < len(text) and not (text[i].isspace() or text[i] in "/>"):
        return None
    while i < len(text):
        while i < len(text) and text[i].isspace():
            i += 1
        if text.startswith("/>", i):
            tag.self_closing, tag.end = True, i + 2
            return tag
        if text.startswith(">", i):
            tag.end = i + 1
            return tag
        if i >= len(text) or closing:
            return None
        if text[i] == "{":  # a JSX spread {...props}
            i = skip_braces(text, i)
            if i < 0:
                return None
            continue
        attr = _ATTR_NAME.match(text, i)
        if not attr:
            return None
        i = attr.end()
        value = ""
        if text.startswith("=", i):
            i += 1
            if i < len(text) and text[i] in "\"'":
                close = text.find(text[i], i + 1)
                if close < 0:
                    return None
                value, i = html.unescape(text[i + 1 : close]), close + 1
            elif text.startswith("{", i):
                end = skip_braces(text, i)
                if end < 0:
                    return None
                literal = re.fullmatch(r"\{\s*(['\"`])(.*)\1\s*\}", text[i:end], re.S)
                value, i = (literal.group(2) if literal else ""), end
            else:
                bare = re.match(r"[^\s>]+", text[i:])
                value = bare.group() if bare else ""
                i += len(value)
        tag.attrs[attr.group()] = value
    return None


def tags_only(text: str, start: int) -> tuple[list[Tag], int] | None:
    """The tags from `start` when nothing but tags and white space follows up to a line's end.

    Returns the tags and the offset of that line end, or None when the line holds text too.
    """
    i = start
    tags: list[Tag] = []
    while True:
        while i < len(text) and text[i] in " \t":
            i += 1
        if i >= len(text) or text[i] == "\n":
            return (tags, i) if tags else None
        tag = scan_tag(text, i)
        if tag is None:
            return None
        tags.append(tag)
        i = tag.end
