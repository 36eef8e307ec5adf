"""Stage 2, extract: blocks of text in reading order, one module per format.

The format is the source's kind (from its file name), except that a text file
whose content is plainly HTML or Markdown (an `.mdx` page, a README without
extension) is read as what it is.
"""

from __future__ import annotations

import dataclasses
import re

from pipeline.extract.html import extract_html
from pipeline.extract.markdown import extract_markdown, looks_like_markdown
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
    if kind == "html":
        return extract_html(item)
    if kind == "markdown":
        return extract_markdown(item)
    return extract_text(item)
