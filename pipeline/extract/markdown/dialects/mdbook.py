"""mdBook (the Rust books): `{{#include file}}`, `{{#rustdoc_include …}}`, `{{#playground …}}`, `{{#title …}}`.

Outside code these directives pull in files or set the page title: not text of
the page as written, dropped and counted. Inside a code block they stand for
code and stay code.
"""

from __future__ import annotations

import re

from pipeline.extract.markdown.dialects.base import Dialect, outside_code
from pipeline.extract.markdown.source import MarkdownSource

DIRECTIVE = re.compile(r"\{\{#(?P<name>[a-z_]+)\b[^}]*\}\}")


def detect(src: MarkdownSource) -> bool:
    return outside_code(src, DIRECTIVE)


def prepare(src: MarkdownSource) -> None:
    src.dropped["includes"] += src.substitute(DIRECTIVE, lambda match: "")


DIALECT = Dialect("mdbook", detect, prepare=prepare)
