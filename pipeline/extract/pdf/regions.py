"""Non-prose regions of a page, found by their layout: contents, figures, tables, code.

What layout-model tools learn from page images, read here from the drawing
and the type: a table of contents is a column of lines ending in page numbers
that share one right edge (after a leader or a wide gap); a figure is a dense
cluster of drawn objects (plots, diagrams, attention maps) with its labels in
and around it; a table sits between horizontal rules of one width, or is a
row of numbers; code is set in a typewriter face. No word lists: the same
rules hold for any language and any document class.

Each line of such a region gets its kind in `Line.region`; the heading
detector leaves those lines alone and the block builder gives them their own
block kinds, so they never reach the sentences.
"""

from __future__ import annotations

import re
from collections import Counter

from pipeline.extract.pdf.drawings import figure_boxes, holds
from pipeline.extract.pdf.heading_text import CAPTION_START, MONOSPACE
from pipeline.extract.pdf.layout import Line
from pipeline.extract.pdf.reader import PageWords
from pipeline.settings import PdfRegionSettings

Box = tuple[float, float, float, float]

# The page number that ends a contents line: arabic or roman.
# Three digits at most: a four-digit number closing a line is a year far more often than a page.
TOC_PAGE = re.compile(r"(?:\s|\.\.)(?P<page>\d{1,3}|[ivxlcIVXLC]{1,6})$")
LEADER_END = re.compile(r"(?:\.\s?){3,}\s*(?:\d{1,4}|[ivxlcIVXLC]{1,6})$|…{2,}\s*\d{1,4}$")
CODE_APART = 0.6  # ems of space above or below that set a lone typewriter line apart from a paragraph
NUMERIC_CELL = re.compile(r"^[-+−±(\[]?(?:\d[\d.,]*|\.\d+)(?:[%)*\]]|e[-+]?\d+)*$|^(?:na|n/a|–|—|-|×|✓|✗)$")


def mark_regions(
    page: PageWords,
    lines: list[Line],
    body_size: float,
    body_font: str,
    settings: PdfRegionSettings,
    prose_width: float | None = None,
):
    """Set `region` on the lines of one page that belong to a non-prose region.

    `prose_width` is the width of a full line of running text in the document (prose_line_width);
    by default, on this page.
    """
    for line in _toc_lines(lines, body_size, settings):
        line.region = "toc"
    prose_width = prose_width if prose_width is not None else prose_line_width(lines)
    margin = body_size * settings.figure_margin
    for box in _figure_boxes(page, lines, body_size, prose_width, settings):
        # A figure drawn on a frame or a shaded ground (a diagram's panels) is the whole frame, its
        # titles and node labels included, unless the frame holds running text.
        frame = _frame(box, page)
        if frame is None or not _mark_inside(lines, frame, "figure_text", margin, body_size, prose_width, settings):
            _mark_inside(lines, box, "figure_text", margin, body_size, prose_width, settings)
    for box in _table_boxes(page.rules, settings):
        # A band between rules that holds a heading (set larger than the body) is a float's frame
        # or a page's layout, not a table.
        if not any(_inside(l, box) and l.size >= settings.heading_size * body_size for l in lines):
            _mark_table(lines, box, prose_width, settings)
    monospace_body = bool(MONOSPACE.search(body_font))
    typewriter = [
        not monospace_body
        and bool(line.chars)
        and (_monospace_share(line) >= settings.code_share or _letter_spaced(line, settings))
        for line in lines
    ]
    for k, line in enumerate(lines):
        if line.region:
            continue
        if typewriter[k] and _code_line(lines, typewriter, k):
            line.region = "code"
        elif _numeric_row(line.text, settings):
            line.region = "table"
    _extend_code(lines, prose_width, settings)
    _glossary_rows(lines, settings)


def _glossary_rows(lines: list[Line], settings: PdfRegionSettings) -> None:
    """A column of short entries, each beside a line of the next column, is the first column of a
    two-column list (a symbol list, a nomenclature, a glossary) that the layout took for page
    columns: its entries and the lines beside them are table rows."""
    columns: dict[int, list[Line]] = {}
    for line in lines:
        if not line.full_width:
            columns.setdefault(line.column, []).append(line)
    for number, members in columns.items():
        beside = columns.get(number + 1, [])
        short = [l for l in members if not l.region and _short_entry(l, settings)]
        pairs = [
            (l, other) for l in short for other in beside if abs(other.top - l.top) <= 0.3 * l.size and not other.region
        ]
        if len(pairs) < settings.glossary_rows or len(pairs) < 0.8 * len(members):
            continue
        first, last = min(l.top for l, _ in pairs), max(l.top for l, _ in pairs)
        for line in [l for l, _ in pairs] + [o for o in beside if first - 1 <= o.top <= last + 2 * o.size]:
            if not line.region:
                line.region = "table"


def _short_entry(line: Line, settings: PdfRegionSettings) -> bool:
    """An entry of a list's first column: a symbol, an abbreviation, a term of a few words."""
    wide = sum(1 for c in line.text if "\u3000" <= c <= "\u9fff")
    return len(line.text.split()) + wide // 2 <= settings.glossary_words


def _extend_code(lines: list[Line], prose_width: float, settings: PdfRegionSettings) -> None:
    """A listing is a stretch of closely set lines of one size: once enough of them are code, so are
    the others that are not running text (a line of a letter-spaced listing with no long run of
    letters, a comment line, the listing's title)."""
    stretch: list[Line] = []
    for line in [*lines, None]:
        previous = stretch[-1] if stretch else None
        if (
            line is not None
            and previous is not None
            and line.column == previous.column
            and abs(line.size - previous.size) <= 1.0
            and 0 <= line.top - previous.bottom <= settings.code_join * line.size
        ):
            stretch.append(line)
            continue
        code = sum(1 for l in stretch if l.region == "code")
        if code >= 2 and code >= settings.code_stretch_share * len(stretch):
            for member in stretch:
                if not member.region and not _is_prose(member, prose_width, settings):
                    member.region = "code"
        stretch = [line] if line is not None else []


def _code_line(lines: list[Line], typewriter: list[bool], k: int) -> bool:
    """A typewriter line is code when it has typewriter neighbours or stands apart (a displayed line);
    a URL wrapped inside a paragraph has neither."""
    if (k > 0 and typewriter[k - 1]) or (k + 1 < len(lines) and typewriter[k + 1]):
        return True
    line = lines[k]
    above = line.top - lines[k - 1].bottom if k > 0 and lines[k - 1].column == line.column else None
    below = lines[k + 1].top - line.bottom if k + 1 < len(lines) and lines[k + 1].column == line.column else None
    return any(gap is None or gap < 0 or gap > CODE_APART * line.size for gap in (above, below))


def _letter_spaced(line: Line, settings: PdfRegionSettings) -> bool:
    """A listing letter-spaced in a text face (fixed columns): a run of one-letter lower-case words
    set apart, but closer than a word space ("f u n c t i o n"), which neither prose nor a formula
    has (a formula's letters touch, each a word of its own in its own face: "f f n g"; one whose
    operators the font does not map reads "Z a C 1 C")."""
    run = 0
    for k, word in enumerate(line.words):
        if not (len(word) == 1 and word.isascii() and word.islower()):
            run = 0
        elif run and settings.letter_gap_min * line.size <= line.gaps[k - 1] <= settings.letter_gap * line.size:
            run += 1
        else:
            run = 1
        if run >= settings.letter_run:
            return True
    return False


def _monospace_share(line: Line) -> float:
    """Share of the line's characters in a typewriter face, Chinese and Japanese characters aside
    (a listing's comments in Chinese are set in a Chinese face: no typewriter face has them)."""
    wide = sum(1 for c in line.text if "\u3000" <= c <= "\u9fff" or "\uff00" <= c <= "\uffef")
    # A line mostly of Chinese is prose, whatever face its few Latin characters (a name in code) are in.
    latin = line.chars - wide if line.chars - wide >= 0.3 * line.chars else line.chars
    return sum(n for font, n in line.fonts.items() if MONOSPACE.search(font)) / latin


def _numeric_row(text: str, settings: PdfRegionSettings) -> bool:
    """A row of numbers (a table's data row whose cells are close together)."""
    cells = text.split()
    if len(cells) < settings.numeric_row_cells:
        return False
    return sum(1 for cell in cells if NUMERIC_CELL.match(cell)) >= settings.numeric_row_share * len(cells)


def prose_line_width(lines: list[Line]) -> float:
    """The usual width of a full line of running text among `lines` (a page's, or a document's)."""
    widths = sorted(l.x1 - l.x0 for l in lines if len(l.text.split()) >= 5)
    return widths[int(0.75 * (len(widths) - 1))] if widths else 0.0


def _is_prose(line: Line, prose_width: float, settings: PdfRegionSettings) -> bool:
    """Running text: words (not numbers or symbols), no cell gaps, and many of them or a full line."""
    words = line.text.split()
    wordy = sum(1 for w in words if sum(c.isalpha() for c in w) >= 2) >= settings.prose_word_share * len(words)
    cjk = sum(1 for c in line.text if "\u4e00" <= c <= "\u9fff")
    count = len(words) + cjk // 2
    full = prose_width > 0 and line.x1 - line.x0 >= 0.8 * prose_width
    return (
        (wordy or cjk >= 0.5 * len(line.text))
        and not any(g > 2.0 * line.size for g in line.gaps)
        and (count >= settings.prose_words or full and count >= settings.prose_words // 2 + 1)
    )


def _mark_inside(
    lines: list[Line],
    box: Box,
    kind: str,
    margin: float,
    body_size: float,
    prose_width: float,
    settings: PdfRegionSettings,
) -> bool:
    """Mark the lines inside `box` (with `margin` around it for labels) unless the box holds running text;
    whether it did."""
    x0, top, x1, bottom = box
    inside, near = [], []
    for line in lines:
        if line.region or CAPTION_START.match(line.text.strip()):
            continue
        cx, cy = (line.x0 + line.x1) / 2, (line.top + line.bottom) / 2
        if x0 <= cx <= x1 and top <= cy <= bottom:
            inside.append(line)
        elif x0 - margin <= cx <= x1 + margin and top - margin <= cy <= bottom + margin:
            near.append(line)
    if not inside and not near:
        return False
    # A box of running text (a framed paragraph, text over a shaded background) is not a figure or table.
    if sum(1 for l in inside if _is_prose(l, prose_width, settings)) > settings.max_prose_share * len(inside):
        return False
    for line in inside:
        line.region = kind

    def label(line: Line) -> bool:
        # Axis ticks, legends and labels around a figure; a heading (larger type) is never one.
        small = line.size < settings.heading_size * body_size
        return not _is_prose(line, prose_width, settings) and len(line.text.split()) <= settings.label_words and small

    # Labels gather in rings: an axis title lies beyond the tick labels, a legend beside them.
    for _ in range(settings.label_rings):
        labels = [line for line in near if not line.region and label(line)]
        if not labels:
            break
        for line in labels:
            line.region = kind
        x0, top = min([x0, *(l.x0 for l in labels)]), min([top, *(l.top for l in labels)])
        x1, bottom = max([x1, *(l.x1 for l in labels)]), max([bottom, *(l.bottom for l in labels)])
        near = [
            line
            for line in lines
            if not line.region
            and not CAPTION_START.match(line.text.strip())
            and x0 - margin <= (line.x0 + line.x1) / 2 <= x1 + margin
            and top - margin <= (line.top + line.bottom) / 2 <= bottom + margin
        ]
    return True


def _mark_table(lines: list[Line], box: Box, prose_width: float, settings: PdfRegionSettings) -> None:
    """Mark the lines of a band between rules as table cells, unless it holds running text: lines
    that fill a column of the document's text. A line whose first cells lie left of the band (a
    first column spanning several rows, outside a row rule that starts at the second) belongs to
    it when much of it lies within."""
    x0, top, x1, bottom = box
    inside = [
        line
        for line in lines
        if not line.region
        and not CAPTION_START.match(line.text.strip())
        and top <= (line.top + line.bottom) / 2 <= bottom
        and min(x1, line.x1) - max(x0, line.x0) >= settings.table_overlap * (line.x1 - line.x0)
    ]
    running = sum(1 for l in inside if _is_prose(l, prose_width, settings) and l.x1 - l.x0 >= 0.8 * prose_width)
    if inside and running <= settings.max_prose_share * len(inside):
        for line in inside:
            line.region = "table"


def _frame(box: Box, page: PageWords) -> Box | None:
    """The largest panel (frame or shaded ground, smaller than the page) that holds `box`."""
    holding = [
        panel
        for panel in page.panels
        if holds(panel, box) and (panel[2] - panel[0]) * (panel[3] - panel[1]) < 0.8 * page.width * page.height
    ]
    return max(holding, key=lambda p: (p[2] - p[0]) * (p[3] - p[1]), default=None)


def _toc_lines(lines: list[Line], body_size: float, settings: PdfRegionSettings) -> list[Line]:
    """Entries of a printed table of contents (and the lines their titles wrap onto).

    An entry ends in a page number, after a leader or a wide gap, and the
    numbers share one right edge; a page with enough such lines is a contents page.
    """
    ending = []
    for line in lines:
        text = line.text.strip()
        found = TOC_PAGE.search(text)
        if not found:
            continue
        # An entry is a title: a row of numbers ending a table row is not.
        before = text[: found.start("page")].rstrip(". ")
        if not before or sum(c.isalpha() for c in before) < 0.5 * len(before.replace(" ", "")):
            continue
        leader = bool(LEADER_END.search(text))
        wide_gap = bool(line.gaps) and line.gaps[-1] >= settings.toc_gap * line.size
        if leader or wide_gap:
            ending.append(line)
    if len(ending) < settings.toc_lines:
        return []
    edges = Counter(round(line.x1 / 3) for line in ending)
    edge = edges.most_common(1)[0][0]
    aligned = [line for line in ending if abs(round(line.x1 / 3) - edge) <= 1]
    if len(aligned) < settings.toc_lines:
        return []
    # A contents runs through the document: its page numbers do not go back (arabic ones; roman
    # numbers of the front matter come before them). A table's last column goes up and down.
    pages = [
        int(found.group("page"))
        for line in aligned
        if (found := TOC_PAGE.search(line.text.strip())) and found.group("page").isdigit()
    ]
    steps = list(zip(pages, pages[1:]))
    if steps and sum(1 for a, b in steps if b >= a) < settings.toc_order * len(steps):
        return []
    # Lines between the first and the last entry of a column are wrapped titles of entries.
    first, last = lines.index(aligned[0]), lines.index(aligned[-1])
    marked = [line for line in lines[first : last + 1] if line.column == aligned[0].column or line in aligned]
    # A wrapped title's first part sits right above its entry line, close to it.
    if first > 0 and lines[first - 1].bottom > aligned[0].top - 1.5 * body_size:
        previous = lines[first - 1]
        if not previous.text.strip().endswith((":", "：")) and previous.size <= aligned[0].size + 0.5:
            marked.insert(0, previous)
    return marked


def _figure_boxes(
    page: PageWords, lines: list[Line], body_size: float, prose_width: float, settings: PdfRegionSettings
) -> list[Box]:
    """Dense clusters of drawn objects: plots, diagrams, attention maps."""
    # A shaded or framed box that holds no running text is a mark of a figure (a diagram's node, a
    # legend's swatch, a box of citations in a taxonomy); one that does is a text box, left to the paragraphs.
    nodes = [
        panel
        for panel in page.panels
        if not any(_inside(line, panel) and _is_prose(line, prose_width, settings) for line in lines)
    ]
    return figure_boxes(page.drawings, nodes, page.panels, body_size, page.width * page.height, settings)


def _inside(line: Line, box: Box) -> bool:
    cx, cy = (line.x0 + line.x1) / 2, (line.top + line.bottom) / 2
    return box[0] <= cx <= box[2] and box[1] <= cy <= box[3]


def _table_boxes(rules: list[Box], settings: PdfRegionSettings) -> list[Box]:
    """Bands between horizontal rules of one width (booktabs, publishers' ruled tables)."""
    groups: dict[tuple[int, int], list[Box]] = {}
    for rule in sorted(rules, key=lambda r: r[1]):
        key = next(
            (
                k
                for k in groups
                if abs(k[0] - rule[0]) <= settings.rule_tolerance and abs(k[1] - rule[2]) <= settings.rule_tolerance
            ),
            (round(rule[0]), round(rule[2])),
        )
        groups.setdefault(key, []).append(rule)
    # Each band between two consecutive rules of one width is judged on its own: the header and
    # the body of a booktabs table are two bands, while a page's head and foot rules enclose prose.
    bands = [
        (min(a[0], b[0]), a[1], max(a[2], b[2]), b[3])
        for members in groups.values()
        for a, b in zip(members, members[1:])
    ]
    # A table whose row rules start at its second column (the first column spans several rows):
    # a rule and the next one below that shares most of its width also frame a band.
    ordered = sorted(rules, key=lambda r: r[1])
    for k, a in enumerate(ordered):
        below = next((b for b in ordered[k + 1 :] if b[1] > a[3] and _shared_width(a, b) >= 0.5), None)
        if below is not None and not _same_width(a, below, settings):
            bands.append((min(a[0], below[0]), a[1], max(a[2], below[2]), below[3]))
    return bands


def _shared_width(a: Box, b: Box) -> float:
    """The share of the shorter rule's width that the other one spans too."""
    return max(0.0, min(a[2], b[2]) - max(a[0], b[0])) / max(1.0, min(a[2] - a[0], b[2] - b[0]))


def _same_width(a: Box, b: Box, settings: PdfRegionSettings) -> bool:
    return abs(a[0] - b[0]) <= settings.rule_tolerance and abs(a[2] - b[2]) <= settings.rule_tolerance
