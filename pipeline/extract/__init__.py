"""Stage 2, extract: blocks of text in reading order, one module per format.

The format is the source's kind (from its file name), except that a text file
whose content is plainly HTML or Markdown (an `.mdx` page, a README without
extension) is read as what it is.
"""

from __future__ import annotations

import dataclasses
import re

from pipeline.extract.text import extract_text
from pipeline.types import ExtractedDoc, IngestedSource

_HTML_START = re.compile(r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!doctype\s+html|<html[\s>])", re.I)


def format_of(item: IngestedSource) -> str:
    """The format to read a source as: its kind, or what a text file's content shows."""
    kind = item.source.kind
    if kind != "text":
        return kind
    text = item.text or ""
    if _HTML_START.match(text):
        return "html"
    if looks_like_markdown(text):
        return "markdown"
    return "text"


def extract(item: IngestedSource, **pdf_options) -> ExtractedDoc:
    kind = format_of(item)
    if kind != item.source.kind:
        item = dataclasses.replace(item, source=dataclasses.replace(item.source, kind=kind))
    if kind == "pdf":
        # Imported here: pdfplumber is only loaded for PDF sources.
        from pipeline.extract.pdf import extract_pdf

        return extract_pdf(item, **pdf_options)
    # Each reader imported when its format comes: lxml and markdown-it load only for their files.
    if kind == "html":
        from pipeline.extract.html import extract_html

        return extract_html(item)
    if kind == "markdown":
        from pipeline.extract.markdown import extract_markdown

        return extract_markdown(item)
    return extract_text(item)


# Signs of Markdown in a file not named .md: ATX headings, fences, links, emphasis, tables,
# front matter, and the dialects' own syntax.
_SIGNS = {
    "heading": re.compile(r"^#{1,6}[ \t]+\S", re.M),
    "fence": re.compile(r"^[ \t]*(?:```|~~~)", re.M),
    "link": re.compile(r"\[[^\]\n]+\]\([^)\s]+\)"),
    "emphasis": re.compile(r"\*\*[^*\n]+\*\*|`[^`\n]+`"),
    "table": re.compile(r"^\|.*\|[ \t]*\n\|[ \t:|-]+\|[ \t]*$", re.M),
    "front_matter": re.compile(r"\A(?:---|\+\+\+)[ \t]*\n"),
    "dialect": re.compile(r"^(?:import\s.+\sfrom\s|:::|<[A-Z]\w*[\s>/])|\{\{[<%#]", re.M),
}
MARKDOWN_SIGNS_MIN = 2  # distinct kinds of signs that make a text file Markdown


def looks_like_markdown(text: str) -> bool:
    return sum(1 for sign in _SIGNS.values() if sign.search(text)) >= MARKDOWN_SIGNS_MIN
