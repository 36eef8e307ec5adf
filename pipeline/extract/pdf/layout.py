"""Page layout: rows of words, columns from gutters, reading order, running heads.

Columns are found per page from where words are *not*: an x position is a
gutter when most rows that have text on both sides of it have a gap there.
Rows that cross a gutter are full-width (title, abstract, wide figures) and
cut the page into bands; inside a band the columns are read left to right.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from pipeline.extract.pdf.columns import find_gutters
from pipeline.extract.pdf.drawings import Box
from pipeline.extract.pdf.reader import PageWords
from pipeline.extract.pdf.repair import clean_chars, join_diacritics, join_words

BOLD = re.compile(r"bold|black|heavy|semibold|demi|medi|\.B$|-B$|CMBX|BX\d|SFBX", re.IGNORECASE)
PAGE_NUMBER = re.compile(r"^(?:page\s*)?(?:\d{1,6}|[ivxlc]{1,6})(?:\s*(?:of|/)\s*\d{1,4})?$", re.IGNORECASE)
MARGIN_SHARE = 0.09  # top and bottom share of the page where running heads live
TEXT_EDGE_PERCENTILE = 0.1  # body-sized words beyond this percentile of x positions are marginal stamps
TITLE_PIECE_WORDS = 6  # pieces of a centred author line are short; an abstract beside a table is not
GUTTER_MIN_GAP = 0.8  # ems: a word space is narrower, a gap between columns wider


@dataclass
class Line:
    page: int
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: float  # share of characters in a bold font
    text: str
    markers: list[str] = field(default_factory=list)  # superscript footnote markers
    first_word_small: bool = False  # starts with a raised, smaller word (a footnote marker)
    column: int = 0
    full_width: bool = False
    chars: int = 0
    font: str = ""  # the font most of the line's characters are set in
    fonts: dict = field(default_factory=dict)  # font name -> characters in it
    size_chars: dict = field(default_factory=dict)  # rounded size -> characters in it
    gaps: tuple = ()  # gaps between consecutive words of the line (table cells are far apart)
    words: tuple = ()  # the text of each word, in order (a letter-spaced listing shows in them)
    index: int = -1  # position in the document's reading order (number_lines)
    # The non-prose region the line belongs to (regions.py): toc | figure_text | table | code, or "".
    region: str = ""

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (self.x0, self.top, self.x1, self.bottom)


def body_font_size(pages: list[PageWords]) -> float:
    """The size of running text: the size most pages are mostly set in.

    Counting characters over the whole file is not enough: a survey whose
    reference list (set smaller) fills a third of its pages would make the
    reference size the body size. Each page votes with its own commonest size;
    ties go to the size with more characters overall.
    """
    votes: Counter = Counter()
    overall: Counter = Counter()
    for page in pages:
        sizes: Counter = Counter()
        for word in page.words:
            sizes[round(float(word["size"]) * 2) / 2] += len(word["text"])
        if sizes:
            votes[sizes.most_common(1)[0][0]] += 1
            overall.update(sizes)
    if not votes:
        return 10.0
    return max(votes, key=lambda size: (votes[size], overall[size]))


def number_lines(pages_lines: list[list[Line]]) -> None:
    """Give every line its position in the document's reading order (`Line.index`), the key the
    later steps of extraction know a line by."""
    for index, line in enumerate(line for lines in pages_lines for line in lines):
        line.index = index


def body_font(lines: list[Line], body_size: float) -> str:
    """The font most body-sized text is set in."""
    fonts: Counter = Counter()
    for line in lines:
        if abs(line.size - body_size) < 0.6:
            fonts.update(line.fonts)
    return fonts.most_common(1)[0][0] if fonts else ""


# A word set this much smaller than its row's text is an index or a mark, not the row's own text, and
# it may sit this share of the row's size above the row's top (the rise of a superscript).
SMALLER = 0.8
RAISED = 0.3


def _rows(words: list[dict]) -> list[list[dict]]:
    """Words grouped into rows: a word joins the row its vertical middle falls in."""
    rows: list[list[dict]] = []
    spans: list[list[float]] = []  # [top, bottom, size] of each row's main text
    for word in sorted(words, key=lambda w: (w["top"], w["x0"])):
        middle = (word["top"] + word["bottom"]) / 2
        for index in range(len(rows) - 1, max(-1, len(rows) - 6), -1):
            top, bottom, size = spans[index]
            if top - 0.5 <= middle <= bottom + 0.5 or (
                word["size"] < SMALLER * size and top - RAISED * size <= word["top"] <= bottom
            ):
                rows[index].append(word)
                if word["size"] >= SMALLER * size:
                    spans[index] = [min(top, word["top"]), max(bottom, word["bottom"]), max(size, word["size"])]
                break
            if size < SMALLER * word["size"] and word["top"] - RAISED * word["size"] <= top <= word["bottom"]:
                # A row of smaller raised words only (a superscript citation or footnote mark whose top
                # lies above the text it belongs to, so it was met first) joins the line it is raised
                # on, instead of standing alone as a line that splits the paragraph around it.
                rows[index].append(word)
                spans[index] = [word["top"], word["bottom"], word["size"]]
                break
        else:
            rows.append([word])
            spans.append([word["top"], word["bottom"], word["size"]])
    for row in rows:
        row.sort(key=lambda w: w["x0"])
    return rows


LEADER = re.compile(r"^[.·…]+$")
LEADER_MIN_WORDS = 3  # dots set as this many separate words in a row are a leader, not punctuation


def _join_leaders(row: list[dict]) -> list[dict]:
    """A leader of dots set as separate words ("Title . . . . 5") becomes one word.

    Its dots line up from row to row down a table of contents, and would otherwise
    read as many narrow columns with gutters between them.
    """
    result: list[dict] = []
    run: list[dict] = []
    for word in [*row, None]:
        if word is not None and LEADER.match(word["text"]):
            run.append(word)
            continue
        if len(run) >= LEADER_MIN_WORDS:
            result.append({**run[0], "text": "." * len(run), "x1": run[-1]["x1"]})
        else:
            result.extend(run)
        run = []
        if word is not None:
            result.append(word)
    return result


def _split_baselines(words: list[dict]) -> list[list[dict]]:
    """A column's piece of a page row that holds several of its own lines.

    Rows are grouped across the whole page, so a tall line in one column can
    swallow two tight lines (table rows) of the other; its words then sit on
    more than one baseline. Smaller raised or lowered words (markers, indices)
    stay with the nearest line.
    """
    largest = max(w["size"] for w in words)
    main = sorted((w for w in words if w["size"] >= 0.8 * largest), key=lambda w: w["bottom"])
    groups: list[list[dict]] = [[main[0]]]
    for word in main[1:]:
        if word["bottom"] - groups[-1][-1]["bottom"] > 0.5 * word["size"]:
            groups.append([])
        groups[-1].append(word)
    if len(groups) == 1:
        return [words]
    baselines = [max(w["bottom"] for w in group) for group in groups]
    for word in words:
        if word["size"] < 0.8 * largest:
            nearest = min(range(len(groups)), key=lambda k: abs(baselines[k] - word["bottom"]))
            groups[nearest].append(word)
    return [sorted(group, key=lambda w: w["x0"]) for group in groups]


FOOTNOTE_MARK = re.compile(r"[\d*†‡§¶,]+")
LEADING_MARK = re.compile(r"[\d*†‡§¶]+")


@lru_cache(maxsize=4096)
def _face(fontname: str) -> tuple[str, bool]:
    """A font's family name and whether it is bold (a page has a few fonts and many words)."""
    return _font_family(fontname), bool(BOLD.search(fontname))


def _line_from_words(words: list[dict], page: int) -> Line:
    votes: Counter = Counter()
    for w in words:
        votes[round(float(w["size"]), 1)] += len(w["text"])
    size = votes.most_common(1)[0][0]
    baseline = (
        max(w["bottom"] for w in words if w["size"] >= 0.8 * size)
        if any(w["size"] >= 0.8 * size for w in words)
        else max(w["bottom"] for w in words)
    )
    text, markers, chars, bold_chars = "", [], 0, 0
    fonts: Counter = Counter()
    sizes: Counter = Counter()
    for index, word in enumerate(words):
        raised = word["size"] < 0.8 * size and word["bottom"] < baseline - 0.15 * size
        if raised and index > 0 and FOOTNOTE_MARK.fullmatch(word["text"]):
            markers.append(word["text"])
            continue
        gap = word["x0"] - words[index - 1]["x1"] if index else None
        text = join_words(text, clean_chars(word["text"]), gap, size)
        length = len(word["text"])
        family, bold = _face(word["fontname"])
        chars += length
        bold_chars += length if bold else 0
        fonts[family] += length
        sizes[round(float(word["size"]) * 2) / 2] += length
    text = join_diacritics(text)
    first = words[0]
    first_small = first["size"] < 0.85 * size and len(words) > 1 and bool(LEADING_MARK.fullmatch(first["text"]))
    return Line(
        page=page,
        x0=min(w["x0"] for w in words),
        x1=max(w["x1"] for w in words),
        top=min(w["top"] for w in words),
        bottom=max(w["bottom"] for w in words),
        size=size,
        bold=bold_chars / chars if chars else 0.0,
        text=text,
        markers=markers,
        first_word_small=first_small,
        chars=chars,
        font=fonts.most_common(1)[0][0] if fonts else "",
        fonts=dict(fonts),
        size_chars=dict(sizes),
        gaps=tuple(b["x0"] - a["x1"] for a, b in zip(words, words[1:])),
        words=tuple(w["text"] for w in words),
    )


def _font_family(fontname: str) -> str:
    """A font name without its subset tag ("ABCDEF+Times-Bold" -> "Times-Bold")."""
    return fontname.split("+", 1)[1] if "+" in fontname[:8] else fontname


def page_lines(
    page: PageWords, body_size: float, text_x0: float, text_x1: float, figures: Sequence[Box] = ()
) -> list[Line]:
    """Lines of one page in reading order, with column numbers.

    Words inside `figures` (drawn figures' boxes) are left out when the columns are found: a
    diagram's labels lie across the gutter and would hide it.
    """
    words = [
        w
        for w in page.words
        if w.get("upright", True)
        and w["x1"] >= text_x0 - 12
        and w["x0"] <= text_x1 + 12
        and not any(
            ix0 <= w["x0"] and w["x1"] <= ix1 and itop <= w["top"] and w["bottom"] <= ibottom
            for ix0, itop, ix1, ibottom in page.images
        )
    ]
    rows = [_join_leaders(row) for row in _rows(words)]
    outside = [[w for w in row if not any(_holds_word(box, w) for box in figures)] for row in rows]
    gutters = find_gutters([row for row in outside if row], page.width)
    split_rows: list[list[Line]] = []
    for row in rows:
        pieces: list[list[dict]] = [[]]
        for word in row:
            last = pieces[-1][-1] if pieces[-1] else None
            # A line that runs across the gutter with an ordinary word space there (a full-width
            # caption or title on a two-column page) stays whole.
            crossing = (
                last is not None
                and any(last["x1"] <= g <= word["x0"] for g in gutters)
                and word["x0"] - last["x1"] >= GUTTER_MIN_GAP * min(last["size"], word["size"])
            )
            if crossing:
                pieces.append([])
            pieces[-1].append(word)
        row_lines = []
        for piece in pieces:
            for words_of_line in _split_baselines(piece) if gutters else [piece]:
                line = _line_from_words(words_of_line, page.number)
                line.column = sum(1 for g in gutters if g < line.x0)
                line.full_width = any(line.x0 < g < line.x1 for g in gutters)
                row_lines.append(line)
        split_rows.append(row_lines)
    edges = _column_edges([l for r in split_rows for l in r])
    columns_start = min(
        (r[0].top for r in split_rows if len(r) > 1 and sum(1 for l in r if len(l.text.split()) >= 3) >= 2), default=0.0
    )
    lines: list[Line] = []
    for row, row_lines in zip(rows, split_rows):
        # In the title area of the first page, a row of non-body text that a gutter
        # happens to split (a centred author line) is one full-width line, unless a
        # piece starts exactly at a column edge as a column heading does. (Later
        # pages have no title area: two centred column headings stay two lines.)
        if (
            page.number == 1
            and len(row_lines) > 1
            and row_lines[0].top < columns_start
            and all(abs(l.size - body_size) >= 0.6 and len(l.text.split()) <= TITLE_PIECE_WORDS for l in row_lines)
            and not any(abs(l.x0 - edges.get(l.column, (l.x0, 0))[0]) < 1.5 for l in row_lines)
        ):
            line = _line_from_words(row, page.number)
            line.full_width = True
            lines.append(line)
        else:
            lines.extend(row_lines)
    return reading_order(lines)


def _holds_word(box: Box, word: dict) -> bool:
    cx, cy = (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2
    return box[0] <= cx <= box[2] and box[1] <= cy <= box[3]


def _column_edges(lines: list[Line]) -> dict[int, tuple[float, float]]:
    """Left and right text edges of each column."""
    edges = {}
    for column in {l.column for l in lines if not l.full_width}:
        members = [l for l in lines if l.column == column and not l.full_width]
        edges[column] = (
            float(np.percentile([l.x0 for l in members], 10)),
            float(np.percentile([l.x1 for l in members], 90)),
        )
    return edges


def reading_order(lines: list[Line]) -> list[Line]:
    """Bands cut by full-width lines; inside a band, column by column, top to bottom."""
    ordered: list[Line] = []
    band: list[Line] = []
    for line in sorted(lines, key=lambda l: (l.top, l.x0)):
        if line.full_width:
            ordered.extend(sorted(band, key=lambda l: (l.column, l.top, l.x0)))
            band = []
            ordered.append(line)
        else:
            band.append(line)
    ordered.extend(sorted(band, key=lambda l: (l.column, l.top, l.x0)))
    return ordered


def text_area(pages: list[PageWords], body_size: float) -> tuple[float, float]:
    """Left and right edges of the body text, to drop marginal stamps and line numbers."""
    x0s = [w["x0"] for p in pages for w in p.words if abs(w["size"] - body_size) < 0.6]
    x1s = [w["x1"] for p in pages for w in p.words if abs(w["size"] - body_size) < 0.6]
    if not x0s:
        return 0.0, max((p.width for p in pages), default=612.0)
    # The outer 0.1% are marginal stamps; a wider cut loses the end of lines in a column with
    # little body-sized text (a first page whose right column holds a table and references).
    return float(np.percentile(x0s, TEXT_EDGE_PERCENTILE)), float(np.percentile(x1s, 100 - TEXT_EDGE_PERCENTILE))


def _running_key(line: Line) -> str:
    return re.sub(r"\d+", "#", line.text.lower()).strip()


def remove_running_heads(pages_lines: list[list[Line]], heights: list[float]) -> tuple[list[list[Line]], int]:
    """Drop text repeated at the same place across pages, and page numbers in the margins."""
    counts: Counter = Counter()
    for lines, height in zip(pages_lines, heights):
        seen = set()
        for line in lines:
            if line.top < height * MARGIN_SHARE or line.bottom > height * (1 - MARGIN_SHARE):
                key = (_running_key(line), round(line.top / 6))
                if key not in seen:
                    counts[key] += 1
                    seen.add(key)
    # Text at the same place in the margin of two pages is a running head: a heading is printed
    # once, and a running head may change with every section.
    threshold = 2
    kept_pages, removed = [], 0
    for lines, height in zip(pages_lines, heights):
        kept = []
        for line in lines:
            in_margin = line.top < height * MARGIN_SHARE or line.bottom > height * (1 - MARGIN_SHARE)
            if in_margin and (
                counts[(_running_key(line), round(line.top / 6))] >= threshold or PAGE_NUMBER.match(line.text.strip())
            ):
                removed += 1
                continue
            kept.append(line)
        kept_pages.append(kept)
    return kept_pages, removed
