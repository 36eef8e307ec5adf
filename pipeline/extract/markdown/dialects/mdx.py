"""MDX (Docusaurus, Next.js sites such as react.dev, Astro): Markdown with JSX and ES modules.

Present when a page has `import`/`export` statements or `{/* … */}` comments
outside code (JSX components alone do not tell MDX from Vue or plain HTML:
html_lines reads them on every page). Imports and exports (which
run to the next blank line, as in MDX) are dropped and counted; so are
comments and block expressions (`{…}` alone on lines). In text, an `{…}`
expression is not prose (MDX makes a literal brace be escaped) and goes.
Components on their own lines are read by html_lines with MDX's rule: the
Markdown between them is prose. MDX has no indented code blocks.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

from pipeline.extract.markdown.dialects.base import Dialect, outside_code
from pipeline.extract.markdown.source import MarkdownSource
from pipeline.extract.markdown.tags import skip_braces

_ESM = re.compile(r"^(?:import|export)\s[^\n]*(?:\n[^\n]*\S[^\n]*)*", re.M)
_ESM_SIGN = re.compile(r"^(?:import\s[^\n]*\bfrom\s|import\s+['\"]|export\s+(?:default|const|let|function|\{))", re.M)
_COMMENT = re.compile(r"\{/\*.*?\*/\}", re.S)
_BLOCK_EXPRESSION = re.compile(r"^[ \t]*\{", re.M)


def detect(src: MarkdownSource) -> bool:
    return any(outside_code(src, pattern) for pattern in (_ESM_SIGN, _COMMENT))


def prepare(src: MarkdownSource) -> None:
    src.dropped["mdx_esm"] += src.substitute(_ESM, lambda match: "")
    src.dropped["comments"] += src.substitute(_COMMENT, lambda match: "")
    pos = 0
    while match := _BLOCK_EXPRESSION.search(src.text, pos):
        start = match.end() - 1
        pos = match.end()
        end = skip_braces(src.text, start)
        if end < 0 or src.in_code(start) or src.text[end:].split("\n", 1)[0].strip():
            continue
        src.blank(match.start(), end)
        src.dropped["mdx_expressions"] += 1
        pos = match.start()


def drop_expressions(text: str) -> str:
    """Text without its `{…}` expressions (JSX values such as `{' '}` are not prose)."""
    out, i = [], 0
    while (brace := text.find("{", i)) >= 0:
        end = skip_braces(text, brace)
        if end < 0:
            break
        out.append(text[i:brace])
        i = end
    out.append(text[i:])
    return "".join(out)


def configure(md: MarkdownIt) -> None:
    md.disable("code")


DIALECT = Dialect("mdx", detect, prepare=prepare, configure=configure, text_hook=drop_expressions, mdx=True)
