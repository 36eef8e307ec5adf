"""Hugo shortcodes: `{{< name params >}}` and `{{% name params %}}`.

A paired shortcode (`{{< note >}}` … `{{< /note >}}`) is a container: its tags
go, its content is Markdown, its lines a group (Hugo's built-in `highlight`
holds code). A single shortcode is replaced by the text a reader sees of it —
a visible parameter such as `text=` (`{{< glossary_tooltip text="容器"
term_id="container" >}}` reads "容器") — or, with none, dropped and counted
(`codenew`, `feature-state`, `ref`). Escaped shortcodes (`{{</* x */>}}`) are
shown literally by Hugo: they are code, dropped from prose.
"""

from __future__ import annotations

import re

from pipeline.extract.layer import Piece
from pipeline.extract.markdown.dialects.base import Dialect, outside_code
from pipeline.extract.markdown.source import Box, MarkdownSource
from pipeline.extract.markdown.tags import VISIBLE_PROPS

SHORTCODE = re.compile(
    r"\{\{(?P<delim>[<%])\s*(?P<escaped>/\*)?\s*(?P<close>/)?\s*(?P<name>[\w.-]+)(?P<args>.*?)"
    r"(?:\*/)?\s*/?\s*[>%]\}\}",
    re.S,
)
_PARAM = re.compile(r"(?:(?P<key>[\w-]+)\s*=\s*)?(?:\"(?P<dq>[^\"]*)\"|`(?P<bq>[^`]*)`|(?P<bare>[^\s\"`]+))")
CODE_SHORTCODES = {"highlight"}  # Hugo's built-in code shortcode


def params(args: str) -> dict[str, str]:
    """Named parameters by name, positional ones by their index ("0", "1", …)."""
    out: dict[str, str] = {}
    for index, match in enumerate(_PARAM.finditer(args)):
        value = next((v for v in match.group("dq", "bq", "bare") if v is not None), "")
        out[match.group("key") or str(index)] = value
    return out


def visible(values: dict[str, str]) -> str:
    return next((values[k].strip() for k in VISIBLE_PROPS if values.get(k, "").strip()), "")


def detect(src: MarkdownSource) -> bool:
    return outside_code(src, SHORTCODE)


def _alone(src: MarkdownSource, start: int, end: int) -> tuple[int, int] | None:
    """The line's bounds when the shortcode is the only thing on its line(s)."""
    line_start = src.text.rfind("\n", 0, start) + 1
    line_end = src.text.find("\n", end)
    line_end = len(src.text) if line_end < 0 else line_end
    alone = not src.text[line_start:start].strip() and not src.text[end:line_end].strip()
    return (line_start, line_end) if alone else None


def prepare(src: MarkdownSource) -> None:
    opened: list[tuple[str, int]] = []
    pos = 0
    while match := SHORTCODE.search(src.text, pos):
        pos = match.end()
        if src.in_code(match.start()):
            continue
        name, line = match.group("name"), src.line_of(match.start())
        values = params(match.group("args"))
        alone = _alone(src, match.start(), match.end())
        start, end = alone or (match.start(), match.end())
        replacement = ""
        if match.group("escaped"):
            src.dropped["shortcodes"] += 1
        elif match.group("close"):
            for depth in range(len(opened) - 1, -1, -1):
                if opened[depth][0] == name:
                    src.boxes.append(Box(opened[depth][1], line, src.group(name)))
                    del opened[depth:]
                    break
        elif closing := re.compile(rf"\{{\{{[<%]\s*/\s*{re.escape(name)}\s*[>%]\}}\}}").search(src.text, match.end()):
            if name in CODE_SHORTCODES:
                code = src.text[match.end() : closing.start()].strip("\n")
                src.event(line, Piece("code", code, info=values.get("0")), is_line=True)
                end = closing.end()
            else:
                opened.append((name, line))
                if visible(values):
                    src.event(line, Piece("caption", visible(values)), is_line=True)
        elif alone:
            if visible(values):
                src.event(line, Piece("caption", visible(values)), is_line=True)
            else:
                src.dropped["shortcodes"] += 1
        else:
            replacement = visible(values)
            if not replacement:
                src.dropped["shortcodes"] += 1
        src.blank(start, end, replacement)
        pos = start + len(replacement)


DIALECT = Dialect("hugo", detect, prepare=prepare)
