"""MyST Markdown (Sphinx, Jupyter Book): directives, roles, targets and `%` comments.

A directive is a fence whose info string is `{name} argument`. Admonitions
and every directive not known to hold something else hold Markdown: the fence
goes, option lines (`:class: tip`, or a `---` YAML block) go, the argument is
a caption, the content is prose and a group. Code directives (`code-block`
and kin, named by the docutils/Sphinx/MyST specifications) are code with their
language; `math` is an equation; directives that include files or generate
content (`toctree`, `include`, `image`, autodoc) are dropped and counted.
Roles keep their text (`{ref}`the text <target>`` reads "the text"); `(label)=`
targets name the next heading's anchor; `% comment` lines are dropped.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from mdit_py_plugins.myst_blocks import myst_block_plugin
from mdit_py_plugins.myst_role import myst_role_plugin

from pipeline.extract.fences import fences
from pipeline.extract.layer import Piece
from pipeline.extract.markdown.dialects.base import Dialect, outside_code
from pipeline.extract.markdown.source import Box, MarkdownSource, fenced_lines

CODE = {
    "code",
    "code-block",
    "sourcecode",
    "code-cell",
    "ipython",
    "jupyter-execute",
    "doctest",
    "testcode",
    "testoutput",
    "mermaid",
    "graphviz",
    "plantuml",
    "prompt",
}
MATH = {"math"}
TABLE = {"csv-table"}
GENERATED = {
    "toctree",
    "include",
    "literalinclude",
    "image",
    "contents",
    "raw",
    "eval-rst",
    "rst-class",
    "highlight",
    "index",
    "tabularcolumns",
    "sectionauthor",
    "codeauthor",
    "meta",
    "bibliography",
    "currentmodule",
    "module",
    "automodule",
    "autoclass",
    "autofunction",
    "automethod",
    "autoattribute",
    "autodata",
    "autoexception",
    "autosummary",
    "autoprogram",
}
DIRECTIVE = re.compile(r"^\{(?P<name>[\w:.-]+)\}\s*(?P<argument>.*)$")
ROLE = re.compile(r"\{[\w:.-]+\}`")
TARGET = re.compile(r"^\([\w:.-]+\)=[ \t]*$", re.M)
_OPTION = re.compile(r"^[ \t]*:[\w-]+:")


def directive(info: str) -> tuple[str, str] | None:
    """(name, argument) of a directive fence's info string, or None for an ordinary fence."""
    match = DIRECTIVE.match(info.strip())
    return (match.group("name").lower(), match.group("argument").strip()) if match else None


def _role(name: str) -> str | None:
    if name in CODE:
        return "code"
    if name in MATH:
        return "equation"
    if name in TABLE:
        return "table"
    if name in GENERATED:
        return "drop"
    return None  # prose: unwrapped before parsing


def _options_end(lines: list[str], start: int, end: int) -> int:
    """The first content line of a directive whose body starts at `start`: option lines skipped."""
    if start < end and lines[start].strip() == "---":
        close = next((i for i in range(start + 1, end) if lines[i].strip() == "---"), None)
        return close + 1 if close is not None else start
    while start < end and _OPTION.match(lines[start]):
        start += 1
    return start


def fence(info: str, content: str) -> tuple[str, str] | None:
    """A code, math, table or generated directive's role and its content without option lines."""
    found = directive(info)
    role = _role(found[0]) if found else None
    if role is None:
        return None
    lines = content.split("\n")
    return role, "\n".join(lines[_options_end(lines, 0, len(lines)) :]).strip("\n")


def _caption(argument: str) -> bool:
    """Whether a directive's argument is text (a title), not a path, URL or identifier."""
    return bool(argument) and (any(ch.isspace() for ch in argument) or not re.search(r"[/.:_=]", argument))


def detect(src: MarkdownSource) -> bool:
    lines = src.lines
    return (
        any(directive(f.info) for f in fences(lines))
        or outside_code(src, ROLE)
        or outside_code(src, TARGET)
        or any(directive(line.lstrip(":").strip()) for line in lines if line.startswith(":::{"))
    )


def _unwrap(src: MarkdownSource, lines: list[str]) -> bool:
    """Turn the first prose directive fence into its content; False when there is none left."""
    for fence in fences(lines):
        found = directive(fence.info)
        if found is None or _role(found[0]) is not None:
            continue
        name, argument = found
        for option in range(fence.start + 1, _options_end(lines, fence.start + 1, fence.end)):
            lines[option] = ""
        if _caption(argument):
            src.event(fence.start, Piece("caption", argument), is_line=True)
        src.boxes.append(Box(fence.start, fence.end, src.group(name)))
        lines[fence.start] = ""
        if fence.closed:
            lines[fence.end] = ""
        return True
    return False


def early(src: MarkdownSource) -> None:
    lines = src.lines
    while _unwrap(src, lines):
        pass
    src.text = "\n".join(lines)
    src.code = fenced_lines(lines)


def configure(md: MarkdownIt) -> None:
    myst_role_plugin(md)
    myst_block_plugin(md)


DIALECT = Dialect("myst", detect, early=early, configure=configure, fence=fence)
