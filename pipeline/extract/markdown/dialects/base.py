"""What a dialect layer is (dialects/__init__.py holds the registry)."""

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


def outside_code(src: MarkdownSource, pattern) -> bool:
    """Whether `pattern` occurs in `src` outside code."""
    return any(not src.in_code(match.start()) for match in pattern.finditer(src.text))
