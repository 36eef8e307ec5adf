"""Markdown dialects: small named layers on the CommonMark parser, chosen by what a page contains.

Each layer knows one family of syntax and how to tell it is present (never by
a file's name): it may restructure the source before the code map is final
(`early`: MkDocs' indented admonitions, MyST's prose directives), rewrite its
syntax out of the text (`prepare`), add parser plugins (`configure`), clean
text tokens (`text_hook`) and say what a fenced block with a given info string
is (`fence`). A page no layer fully understands still gives clean prose:
unknown tags keep their text and lose their markup (see html_lines, inline).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from markdown_it import MarkdownIt

from pipeline.extract.markdown.source import MarkdownSource


@dataclass(frozen=True)
class Dialect:
    name: str
    detect: Callable[[MarkdownSource], bool]
    early: Callable[[MarkdownSource], None] | None = None
    prepare: Callable[[MarkdownSource], None] | None = None
    configure: Callable[[MarkdownIt], None] | None = None
    text_hook: Callable[[str], str] | None = None
    # A fenced block's role from its info string ("code", "equation", "table", "drop") and its content
    # without the dialect's own markup, or None when the fence is not the dialect's.
    fence: Callable[[str, str], tuple[str, str] | None] | None = None
    # Tags on their own lines are read as MDX reads them (components, Markdown between them).
    mdx: bool = False


def all_dialects() -> tuple[Dialect, ...]:
    """Every dialect layer, in the order their preparation runs."""
    from pipeline.extract.markdown.dialects import hugo, mdbook, mdx, mkdocs, myst, vitepress

    return (mkdocs.DIALECT, myst.DIALECT, mdx.DIALECT, hugo.DIALECT, mdbook.DIALECT, vitepress.DIALECT)


def detect_dialects(src: MarkdownSource) -> list[Dialect]:
    return [dialect for dialect in all_dialects() if dialect.detect(src)]


def outside_code(src: MarkdownSource, pattern) -> bool:
    """Whether `pattern` occurs in `src` outside code."""
    return any(not src.in_code(match.start()) for match in pattern.finditer(src.text))
