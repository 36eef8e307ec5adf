"""MkDocs and Python-Markdown (Material for MkDocs, pymdown-extensions).

Admonitions (`!!! note "Title"`, collapsible `??? tip` / `???+ tip`) and
content tabs (`=== "Linux"`) hold Markdown indented by four spaces, which
CommonMark would read as code: their header line goes (its quoted title is a
caption), their content is dedented and becomes a group. Snippet includes
(`--8<-- "file.md"`), `[TOC]` markers and attribute-list lines (`{: .class}`)
stand for no text: dropped and counted.
"""

from __future__ import annotations

import re

from pipeline.extract.layer import Piece
from pipeline.extract.markdown.dialects.base import Dialect, outside_code
from pipeline.extract.markdown.source import Box, MarkdownSource, fenced_lines

BLOCK_HEADER = re.compile(
    r"^(?P<indent>[ \t]*)(?:(?P<admonition>!!!|\?\?\?\+?)[ \t]+(?P<type>[\w-]+)|===\+?)"
    r"(?:[ \t]+\"(?P<title>[^\"]*)\")?[ \t]*$",
    re.M,
)
SNIPPET = re.compile(r"^[ \t]*-{1,}8<-{1,}[ \t]*(?:\"[^\"\n]*\"|'[^'\n]*')?[ \t]*$", re.M)
TOC = re.compile(r"^[ \t]*\[TOC\][ \t]*$", re.M)
ATTR_LIST_LINE = re.compile(r"^[ \t]*\{:[^}\n]*\}[ \t]*$", re.M)
INDENT = 4


def _width(prefix: str) -> int:
    return len(prefix.expandtabs(INDENT))


def detect(src: MarkdownSource) -> bool:
    return any(outside_code(src, pattern) for pattern in (BLOCK_HEADER, SNIPPET))


def early(src: MarkdownSource) -> None:
    """Unwrap admonitions and tabs: header blanked, content dedented by one level, lines grouped."""
    lines = src.lines
    index = 0
    while index < len(lines):
        header = BLOCK_HEADER.match(lines[index])
        if header is None or index in src.code:
            index += 1
            continue
        depth = _width(header.group("indent")) + INDENT
        last = index
        for following in range(index + 1, len(lines)):
            line = lines[following]
            if line.strip() and _width(line[: len(line) - len(line.lstrip())]) < depth:
                break
            if line.strip():
                last = following
        for content in range(index + 1, last + 1):
            expanded = lines[content].expandtabs(INDENT)
            lines[content] = expanded[INDENT:] if expanded[:INDENT].strip() == "" else expanded.lstrip()
        name = header.group("type") or "tab"
        if header.group("title"):
            src.event(index, Piece("caption", header.group("title")), is_line=True)
        src.boxes.append(Box(index, last, src.group(name)))
        lines[index] = ""
        index += 1
    src.text = "\n".join(lines)
    src.code = fenced_lines(lines)


def prepare(src: MarkdownSource) -> None:
    src.dropped["includes"] += src.substitute(SNIPPET, lambda match: "")
    src.dropped["toc"] += src.substitute(TOC, lambda match: "")
    src.dropped["attribute_lists"] += src.substitute(ATTR_LIST_LINE, lambda match: "")


DIALECT = Dialect("mkdocs", detect, early=early, prepare=prepare)
