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

from pipeline.extract.markdown.dialects import hugo, liquid, mdbook, mdx, mkdocs, myst, vitepress
from pipeline.extract.markdown.dialects.base import Dialect
from pipeline.extract.markdown.source import MarkdownSource

# Every dialect layer, in the order their preparation runs: structure first (MkDocs' indented blocks,
# MyST's prose directives), then MDX before Hugo and VitePress (an ESM block may hold `{{`).
DIALECTS: tuple[Dialect, ...] = (
    mkdocs.DIALECT,
    myst.DIALECT,
    mdx.DIALECT,
    hugo.DIALECT,
    mdbook.DIALECT,
    liquid.DIALECT,
    vitepress.DIALECT,
)


def detect_dialects(src: MarkdownSource) -> list[Dialect]:
    return [dialect for dialect in DIALECTS if dialect.detect(src)]
