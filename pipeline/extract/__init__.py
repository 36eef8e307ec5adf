"""Stage 2, extract: blocks of text in reading order, one module per format."""

from __future__ import annotations

from pipeline.extract.html import extract_html
from pipeline.extract.text import extract_text
from pipeline.types import ExtractedDoc, IngestedSource


def extract(item: IngestedSource, **pdf_options) -> ExtractedDoc:
    kind = item.source.kind
    if kind == "pdf":
        # Imported here: pdfplumber is only loaded for PDF sources.
        from pipeline.extract.pdf import extract_pdf

        return extract_pdf(item, **pdf_options)
    if kind == "html":
        return extract_html(item)
    return extract_text(item, markdown=(kind == "markdown"))
