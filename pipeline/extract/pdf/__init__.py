"""PDF extraction on pdfplumber: pages → words → lines → blocks in reading order.

Pages are read once each. Large files are split into page ranges read in
parallel worker processes (each opens its own copy of the file), since
pdfplumber's character parsing dominates the cost.
"""

from __future__ import annotations

import ctypes
import os
import re
import signal
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from pipeline.errors import PipelineError
from pipeline.extract.pdf.blocks import BlockBuilder, PageContext, block_text, split_references
from pipeline.extract.pdf.drawings import figure_boxes
from pipeline.extract.pdf.flow import join_interrupted, split_run_in_abstract
from pipeline.extract.pdf.headings import HeadingDetector
from pipeline.extract.pdf.layout import (
    _column_edges,
    body_font,
    body_font_size,
    number_lines,
    page_lines,
    remove_running_heads,
    text_area,
)
from pipeline.extract.pdf.reader import PageWords, off_page_words, open_pdf, page_words, read_outline
from pipeline.extract.pdf.regions import mark_regions, prose_line_width
from pipeline.extract.pdf.repair import Dehyphenator
from pipeline.progress import progress_bar
from pipeline.settings import PdfSettings
from pipeline.types import Block, ExtractedDoc, IngestedSource

PARALLEL_MIN_PAGES = 12
# Pages a worker reads per task: small enough for steady progress and balanced workers.
PAGES_PER_TASK = 4


def _read_range(pdf, path: str, first: int, last: int, dedupe: bool) -> tuple[list[PageWords], list[str]]:
    warnings = []
    pages = []
    for index in range(first, min(last, len(pdf.pages))):
        try:
            pages.append(page_words(pdf.pages[index], dedupe=dedupe))
        except Exception as exc:  # one broken page should not lose the rest
            warnings.append(f"{path}: page {index + 1} could not be read ({type(exc).__name__})")
    return pages, warnings


_PR_SET_PDEATHSIG = 1  # linux/prctl.h
_worker_pdf = None  # each worker process opens the PDF once and reads many page ranges from it


def _worker_init(data: bytes, path: str) -> None:
    """Workers leave Ctrl-C and SIGTERM to the parent, and die when it dies."""
    global _worker_pdf
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the parent's shutdown below still ends them
        pass
    _worker_pdf = open_pdf(data, path)


def _worker_read(path: str, first: int, last: int, dedupe: bool):
    return _read_range(_worker_pdf, path, first, last, dedupe)


def _read_parallel(data: bytes, path: str, count: int, workers: int, dedupe: bool):
    """Pages in ranges of PAGES_PER_TASK, read by `workers` processes; progress counts pages."""
    bounds = list(range(0, count, PAGES_PER_TASK)) + [count]
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_worker_init, initargs=(data, path))
    try:
        futures = [pool.submit(_worker_read, path, a, b, dedupe) for a, b in zip(bounds, bounds[1:])]
        with progress_bar(count, f"read {Path(path).name}", "page") as bar:
            for future in as_completed(futures):
                bar.update(len(future.result()[0]))
        parts = [future.result() for future in futures]
    except BaseException:
        # Interrupted or failed: end the workers now rather than wait for their pages.
        for process in list((pool._processes or {}).values()):
            process.terminate()
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
    pages = [page for part, _ in parts for page in part]
    warnings = [warning for _, part_warnings in parts for warning in part_warnings]
    return pages, warnings


def read_all_pages(data: bytes, path: str, dedupe: bool = True, workers: int | None = None):
    pdf = open_pdf(data, path)
    with pdf:
        count = len(pdf.pages)
        outline = read_outline(pdf)
        workers = workers if workers is not None else min(2, os.cpu_count() or 1)
        if workers <= 1 or count < PARALLEL_MIN_PAGES:
            pages, warnings = [], []
            with progress_bar(count, f"read {Path(path).name}", "page") as bar:
                for first in range(0, count, PAGES_PER_TASK):
                    part, part_warnings = _read_range(pdf, path, first, first + PAGES_PER_TASK, dedupe)
                    pages.extend(part)
                    warnings.extend(part_warnings)
                    bar.update(len(part))
            return pages, warnings, outline, count
    pages, warnings = _read_parallel(data, path, count, workers, dedupe)
    return pages, warnings, outline, count


def _figures(page: PageWords, body_size: float, settings: PdfSettings) -> list:
    """Drawn figures of a page before its lines are known: every panel counts as a mark."""
    return figure_boxes(page.drawings, page.panels, page.panels, body_size, page.width * page.height, settings.regions)


def _mark_title_area(blocks: list) -> None:
    """The largest front-matter block on page 1 is the title; the rest stays metadata (authors, affiliations)."""
    front = [b for b in blocks if b.kind == "metadata" and b.page == 1]
    if front:
        max(front, key=lambda b: b.lines[0].size).kind = "title"


def extract_pdf(
    item: IngestedSource,
    dedupe: bool = True,
    workers: int | None = None,
    use_outline: bool = True,
    settings: PdfSettings | None = None,
) -> ExtractedDoc:
    path = item.source.path
    pages, warnings, outline, page_count = read_all_pages(item.data, path, dedupe, workers)
    if not use_outline:
        outline = []
    if not any(p.words for p in pages):
        raise PipelineError(path, "PDF has no extractable text (scanned images need OCR first)")
    if len(pages) < page_count:
        warnings.append(f"{path}: damaged PDF, read {len(pages)} of {page_count} pages")
    for page in pages:
        unmapped = sum(word["text"].count("(cid:") for word in page.words)
        if unmapped:
            warnings.append(
                f"{path}: page {page.number}: {unmapped} glyphs have no Unicode mapping ((cid:N)); left out of the text"
            )
    outside = sum(off_page_words(p) for p in pages)
    if outside:
        warnings.append(f"{path}: damaged page geometry, {outside} words lie outside the page box; read them anyway")
    body_size = body_font_size(pages)
    left, right = text_area(pages, body_size)
    settings = settings or PdfSettings()
    pages_lines = [page_lines(p, body_size, left, right, _figures(p, body_size, settings)) for p in pages]
    pages_lines, _removed = remove_running_heads(pages_lines, [p.height for p in pages])
    number_lines(pages_lines)
    font = body_font([line for lines in pages_lines for line in lines], body_size)
    prose_width = prose_line_width([line for lines in pages_lines for line in lines])
    for page, lines in zip(pages, pages_lines):
        mark_regions(page, lines, body_size, font, settings.regions, prose_width)

    detector = HeadingDetector(pages_lines, body_size, item.source.lang, settings.headings)
    marks = detector.detect(outline)
    warnings.extend(f"{path}: {warning}" for warning in detector.warnings)
    builder = BlockBuilder(body_size, marks)
    for page, lines in zip(pages, pages_lines):
        builder.add_page(lines, PageContext(page.number, page.panels, _column_edges(lines)))

    _mark_title_area(builder.blocks)
    flowing = split_run_in_abstract(join_interrupted(builder.blocks, settings.flow))
    dehyphenator = Dehyphenator(" ".join(l.text for lines in pages_lines for l in lines))
    blocks, parts, position = [], [], 0
    for raw in split_references(flowing):
        text = block_text(raw, dehyphenator)
        if not text:
            continue
        marker = raw.marker
        if raw.kind == "footnote":
            found = re.match(r"^([\d*†‡§¶]+)\s*", text)
            marker = found.group(1) if found else None
            text = text[found.end() :] if found else text
        x0, top, x1, bottom = raw.bbox
        blocks.append(
            Block(
                kind=raw.kind,
                text=text,
                start=position,
                end=position + len(text),
                page=raw.page,
                bbox=(round(x0, 2), round(top, 2), round(x1, 2), round(bottom, 2)),
                level=raw.level,
                number=raw.number,
                marker=marker,
                group=raw.group,
            )
        )
        parts.append(text)
        position += len(text) + 2
    if not blocks:
        raise PipelineError(
            path, "no readable text found" + (f" ({warnings[0].split(': ', 1)[1]})" if warnings else "")
        )
    warnings = list(item.warnings) + warnings
    return ExtractedDoc(
        source=item.source,
        text="\n\n".join(parts),
        blocks=blocks,
        warnings=warnings,
        outline=[(entry.level, entry.title) for entry in outline],
    )
