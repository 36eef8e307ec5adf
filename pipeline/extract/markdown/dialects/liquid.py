"""Liquid and Nunjucks tags (Jekyll, GitHub Pages, Hexo, Eleventy): `{% tag … %}` and `{{ variable }}`.

A paired tag (`{% note info %}` … `{% endnote %}`) is a container whose content
is Markdown, except code tags (`highlight`, `codeblock`: code with their
language), `comment` (dropped) and `raw` (its content kept as written). A
single tag (`{% include footer.html %}`, `{% link … %}`) and a `{{ variable }}`
stand for text generated at build time: dropped and counted.
"""

from __future__ import annotations

import re

from pipeline.extract.layer import Piece
from pipeline.extract.markdown.dialects.base import Dialect, outside_code
from pipeline.extract.markdown.source import Box, MarkdownSource

TAG = re.compile(r"(?<!\{)\{%-?\s*(?P<name>[A-Za-z_]\w*)(?P<args>[^%]*?)-?%\}")
VARIABLE = re.compile(r"\{\{-?\s*[^{}<%#\n][^{}\n]*?-?\}\}")
CODE_TAGS = {"highlight", "codeblock", "code"}  # Jekyll's and Hexo's code tags


def detect(src: MarkdownSource) -> bool:
    return outside_code(src, TAG)


def _line_bounds(src: MarkdownSource, start: int, end: int) -> tuple[int, int]:
    """The whole line(s) when the tag is alone on them, else the tag itself."""
    line_start = src.text.rfind("\n", 0, start) + 1
    line_end = src.text.find("\n", end)
    line_end = len(src.text) if line_end < 0 else line_end
    if not src.text[line_start:start].strip() and not src.text[end:line_end].strip():
        return line_start, line_end
    return start, end


def prepare(src: MarkdownSource) -> None:
    opened: list[tuple[str, int]] = []
    pos = 0
    while match := TAG.search(src.text, pos):
        pos = match.end()
        name = match.group("name")
        if src.in_code(match.start()) or name.startswith("end"):
            if name.startswith("end") and not src.in_code(match.start()):
                for depth in range(len(opened) - 1, -1, -1):
                    if opened[depth][0] == name[3:]:
                        src.boxes.append(Box(opened[depth][1], src.line_of(match.start()), src.group(name[3:])))
                        del opened[depth:]
                        break
                start, end = _line_bounds(src, match.start(), match.end())
                src.blank(start, end)
                pos = start
            continue
        line = src.line_of(match.start())
        start, end = _line_bounds(src, match.start(), match.end())
        closing = re.compile(rf"\{{%-?\s*end{re.escape(name)}\s*-?%\}}").search(src.text, match.end())
        if closing and name in CODE_TAGS | {"comment", "raw"}:
            inner = src.text[match.end() : closing.start()]
            if name in CODE_TAGS:
                language = match.group("args").split()[0] if match.group("args").split() else None
                src.event(line, Piece("code", inner.strip("\n"), info=language), is_line=True)
                src.blank(start, _line_bounds(src, closing.start(), closing.end())[1])
            elif name == "comment":
                src.dropped["comments"] += 1
                src.blank(start, _line_bounds(src, closing.start(), closing.end())[1])
            else:  # raw: the content as written (no layer touches its lines), only the two tags go
                src.code.update(range(line + 1, src.line_of(closing.start())))
                src.blank(closing.start(), closing.end())
                src.blank(match.start(), match.end())
            pos = start
            continue
        if closing:
            opened.append((name, line))
        else:
            src.dropped["template_tags"] += 1
        src.blank(start, end)
        pos = start
    src.dropped["expressions"] += src.substitute(VARIABLE, lambda found: "")


DIALECT = Dialect("liquid", detect, prepare=prepare)
