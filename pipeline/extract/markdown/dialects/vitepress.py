"""VitePress and VuePress: `[[toc]]`, `<<< @/file` code imports, `{{ expression }}` interpolation.

Containers (`::: tip Title`) are read by the core parser for every page (see
blocks.containers); what is VitePress's own is markup standing for content
generated at build time: a table of contents, code read from a file, a Vue
expression's value. None of it is text of the page as written: dropped and
counted. Vue components (`<Badge text="beta"/>`) are tags (html_lines).
"""

from __future__ import annotations

import re

from pipeline.extract.markdown.dialects.base import Dialect, outside_code
from pipeline.extract.markdown.source import MarkdownSource

TOC = re.compile(r"^[ \t]*\[\[toc\]\][ \t]*$", re.M | re.I)
CODE_IMPORT = re.compile(r"^[ \t]*<<<[ \t]+\S[^\n]*$", re.M)
INTERPOLATION = re.compile(r"\{\{\s+[^{}\n]*\}\}")  # "{{ expression }}" (Hugo and mdBook write {{< and {{#)


def detect(src: MarkdownSource) -> bool:
    # `{{ expression }}` alone does not tell VitePress from Liquid (liquid.py reads both the same way).
    return any(outside_code(src, pattern) for pattern in (TOC, CODE_IMPORT))


def prepare(src: MarkdownSource) -> None:
    src.dropped["toc"] += src.substitute(TOC, lambda match: "")
    src.dropped["includes"] += src.substitute(CODE_IMPORT, lambda match: "")
    src.dropped["expressions"] += src.substitute(INTERPOLATION, lambda match: "")


DIALECT = Dialect("vitepress", detect, prepare=prepare)
