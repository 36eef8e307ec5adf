"""From ordered lines to blocks: headings, paragraphs, list items, boxes, footnotes, captions."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.extract.pdf.headings import CAPTION_START, HeadingMark
from pipeline.extract.pdf.layout import Line
from pipeline.extract.pdf.repair import Dehyphenator
from pipeline.lang.numbering import BIBLIOGRAPHY, display_key

LIST_START = re.compile(r"^(?:(?P<num>\d{1,3})[.)]|\((?P<paren>\d{1,3}|[a-z])\)|[•◦▪‣●○■–-])\s+\S")
# Math fonts of TeX, AMS, STIX, Cambria and the PostScript Symbol font.
MATH_FONT = re.compile(r"CMMI|CMSY|CMEX|MSAM|MSBM|LMMath|Math|Symbol|STIX|rsfs|EUFM|EUSM|txsy|pxsy", re.IGNORECASE)
TABLE_GAP = 2.0  # em: a gap this wide between two words of a line separates table cells
MATH_SHARE = 0.4  # a stand-alone line with this share of characters in math fonts is a display equation
SENTENCE_END = re.compile(r"[.!?。！？:：][\"”’)）]*$")


@dataclass
class RawBlock:
    kind: str
    lines: list[Line]
    marker: str | None = None
    group: str | None = None
    level: int | None = None
    number: str | None = None
    text: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def page(self) -> int:
        return self.lines[0].page

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        same_page = [l for l in self.lines if l.page == self.page]
        return (
            min(l.x0 for l in same_page),
            min(l.top for l in same_page),
            max(l.x1 for l in same_page),
            max(l.bottom for l in same_page),
        )


@dataclass
class PageContext:
    number: int
    panels: list[tuple[float, float, float, float]]
    column_edges: dict[int, tuple[float, float]]


def merge_panels(panels: list[tuple[float, float, float, float]]) -> list[tuple[float, float, float, float]]:
    """Touching or overlapping rectangles (a box and its title bar) become one box."""
    merged: list[list[float]] = []
    for x0, top, x1, bottom in sorted(panels, key=lambda b: (b[1], b[0])):
        for box in merged:
            if x0 <= box[2] + 2 and x1 >= box[0] - 2 and top <= box[3] + 2 and bottom >= box[1] - 2:
                box[:] = [min(box[0], x0), min(box[1], top), max(box[2], x1), max(box[3], bottom)]
                break
        else:
            merged.append([x0, top, x1, bottom])
    return [(b[0], b[1], b[2], b[3]) for b in merged]


def _panel_of(line: Line, panels) -> int | None:
    cx, cy = (line.x0 + line.x1) / 2, (line.top + line.bottom) / 2
    for index, (x0, top, x1, bottom) in enumerate(panels):
        if x0 <= cx <= x1 and top <= cy <= bottom:
            return index
    return None


class BlockBuilder:
    """Walks lines in reading order and decides where each block starts."""

    def __init__(self, body_size: float, marks: dict[int, HeadingMark]):
        self.body_size = body_size
        self.marks = marks  # line.index -> the heading detector's decision
        self.blocks: list[RawBlock] = []
        self.box_count = 0

    def add_page(self, lines: list[Line], context: PageContext) -> None:
        panels = merge_panels(context.panels)
        box_ids: dict[int, str] = {}
        previous: Line | None = None
        previous_panel: int | None = None
        for line in lines:
            panel = _panel_of(line, panels)
            kind = self._classify(line, panel, previous, previous_panel, context)
            if kind is None:
                previous, previous_panel = line, panel
                continue
            last = self.blocks[-1] if self.blocks else None
            group = None
            if panel is not None:
                if panel not in box_ids:
                    self.box_count += 1
                    box_ids[panel] = f"box{self.box_count}"
                group = box_ids[panel]
            if kind == "continue" and last is not None:
                last.lines.append(line)
            elif kind == "box_title":
                self.blocks.append(RawBlock("box", [line], group=group, marker=line.text.strip()))
            elif kind == "heading":
                mark = self.marks[line.index]
                self.blocks.append(RawBlock("heading", [line], number=mark.number, level=mark.level, text=mark.title))
            else:
                number = None
                if kind == "list_item":
                    start = LIST_START.match(line.text.strip())
                    number = start.group("num") or start.group("paren") if start else None
                self.blocks.append(RawBlock(kind, [line], group=group, marker=number))
            previous, previous_panel = line, panel

    def _classify(
        self, line: Line, panel: int | None, previous: Line | None, previous_panel: int | None, context: PageContext
    ) -> str | None:
        text = line.text.strip()
        last = self.blocks[-1] if self.blocks else None
        # The line right before this one, when it ended the last block (the flow goes on from it).
        flow = previous if previous is not None and last is not None and last.lines[-1] is previous else None
        same_flow = flow is not None
        if not text:
            return None
        if line.region and line.index not in self.marks:
            # Contents, figure labels, table rows and code (regions.py): one block per run of lines.
            same_region = last is not None and last.kind == line.region and flow is not None and flow.page == line.page
            return "continue" if same_region else line.region
        if panel is not None:
            in_same_box = last is not None and last.group is not None and same_flow and previous_panel == panel
            if not in_same_box or last is None or flow is None:
                return "box_title" if not LIST_START.match(text) else "list_item"
            if LIST_START.match(text):
                return "list_item"
            if last.kind == "list_item":
                return "continue"  # wrapped line of a numbered item
            if last.kind == "box" and line.bold >= 0.5 and last.lines[-1].bold >= 0.5:
                return "continue"
            if last.kind == "box":
                return "paragraph"
            return "continue" if not self._breaks_paragraph(line, flow, context) else "paragraph"
        mark = self.marks.get(line.index)
        if mark is not None:
            if mark.role == "continue" and last is not None and last.kind == "heading":
                return "continue"
            if mark.role == "front_matter":
                # A title set on two lines stays one block; the author line below it starts another.
                if (
                    last is not None
                    and last.kind == "metadata"
                    and flow is not None
                    and abs(line.size - flow.size) < 0.3
                    and line.top - flow.bottom < 0.8 * line.size
                ):
                    return "continue"
                return "metadata"
            return mark.role if mark.role != "continue" else "paragraph"
        if line.first_word_small and line.size < 0.92 * self.body_size:
            return "footnote"
        if last is not None and last.kind == "footnote" and line.size < 0.92 * self.body_size and same_flow:
            return "continue"
        if CAPTION_START.match(text):
            return "caption"
        if (
            last is not None
            and last.kind == "caption"
            and flow is not None
            and line.top - flow.bottom < 0.8 * line.size
            and abs(line.size - last.lines[0].size) < 0.3
        ):
            return "continue"
        wraps = (
            last is not None
            and flow is not None
            and last.kind in ("paragraph", "list_item")
            and abs(line.size - flow.size) < 0.3
            and 0 <= line.top - flow.bottom < 0.8 * line.size
        )
        if line.size < 0.8 * self.body_size and len(text.split()) <= 4 and not wraps:
            return "figure_text"  # labels inside a figure; not the last line of a small-type paragraph
        if is_equation(line):
            return "equation"
        if line.gaps and max(line.gaps) > TABLE_GAP * line.size:
            # Cells of a table row lie far apart; rows of one table make one block.
            return "continue" if last is not None and last.kind == "table" and same_flow else "table"
        if LIST_START.match(text):
            return "list_item"
        new_column = previous is None or previous.column != line.column or previous.page != line.page
        if last is not None and last.kind == "footnote" and new_column:
            # Footnotes at the foot of a column interrupt a paragraph that goes on
            # in the next column or page.
            open_paragraph = next((b for b in reversed(self.blocks) if b.kind != "footnote"), None)
            if (
                open_paragraph is not None
                and open_paragraph.kind == "paragraph"
                and not SENTENCE_END.search(open_paragraph.lines[-1].text)
                and text[0].islower()
            ):
                self.blocks.remove(open_paragraph)
                self.blocks.append(open_paragraph)
                return "continue"
        if last is None or last.kind in (
            "heading",
            "caption",
            "box",
            "footnote",
            "figure_text",
            "equation",
            "metadata",
        ):
            return "paragraph"
        if last.kind == "list_item" and same_flow and line.x0 > last.lines[0].x0 + 0.5 * line.size:
            return "continue"  # hanging indent of a list item
        if self._breaks_paragraph(line, last.lines[-1], context):
            return "paragraph"
        return "continue"

    def _breaks_paragraph(self, line: Line, previous: Line, context: PageContext) -> bool:
        if previous.page != line.page or previous.column != line.column:
            # Across a column or page break a paragraph goes on unless the last one ended a sentence
            # and this line is indented.
            left = context.column_edges.get(line.column, (line.x0, line.x1))[0]
            return bool(SENTENCE_END.search(previous.text)) and line.x0 > left + 0.8 * line.size
        gap = line.top - previous.bottom
        if gap > 0.9 * line.size:
            return True
        left = context.column_edges.get(line.column, (line.x0, line.x1))[0]
        indented = line.x0 > left + 0.8 * line.size and line.x0 > previous.x0 + 0.8 * line.size
        # A line that stops short of the block's own right edge ends a paragraph
        # (measured on the block, so narrow environments like the abstract work).
        block = self.blocks[-1].lines if self.blocks else [previous]
        right = max(l.x1 for l in block if l.page == previous.page and l.column == previous.column)
        short_previous = len(block) > 1 and previous.x1 < right - 2.5 * line.size and SENTENCE_END.search(previous.text)
        return indented or bool(short_previous)


NUMBERED_ENTRY = re.compile(r"^(?:\[\d{1,4}\]|\d{1,4}\.\s|\[[A-Z][A-Za-z+]*\d{2,4}[a-z]?\])")


# Kinds a bibliography's lines may have been given before it was recognised as one (a short entry
# line set small looks like a figure label, an entry starting "12." like a list item, a URL in a
# typewriter face like code).
REFERENCE_PARTS = ("paragraph", "list_item", "figure_text", "footnote", "table", "box", "code", "toc")


def split_references(blocks: list[RawBlock]) -> list[RawBlock]:
    """Blocks under a References heading, up to the next heading, become one `reference` block per entry.

    An entry starts with its label ("[12]", "12."), at a line flush with the
    column's left edge in lists set with a hanging indent, or after a gap.
    """
    result: list[RawBlock] = []
    index = 0
    while index < len(blocks):
        block = blocks[index]
        result.append(block)
        index += 1
        if block.kind != "heading" or display_key(block.text or "") not in BIBLIOGRAPHY:
            continue
        lines: list[Line] = []
        while index < len(blocks) and blocks[index].kind in REFERENCE_PARTS:
            lines.extend(blocks[index].lines)
            index += 1
        result.extend(_reference_entries(lines))
        # Entries read out of the list (a column read before the heading's, a page's floats between)
        # are recognised by their form: a year and authors' names with initials.
        while index < len(blocks) and not (blocks[index].kind == "heading" and blocks[index].number):
            block = blocks[index]
            index += 1
            if block.kind in REFERENCE_PARTS and _entry_like(block):
                result.extend(_reference_entries(block.lines))
            else:
                result.append(block)
    return result


ENTRY_COMMAS = 1.5  # commas per line of an author list ("Patrick Fernandes, Aman Madaan, Emmy Liu, ...")
YEAR = re.compile(r"(?<!\d)(?:1[89]|20)\d{2}[a-z]?(?!\d)")
# "Lerberghe W," "Musau P," "Smith, J.," "et al": the author lists of entries in any citation style.
AUTHOR = re.compile(r"\b[A-Z][\w'’-]+,?\s(?:[A-Z]\.?\s?){1,3}[,:]|\bet al\b")


def _entry_like(block: RawBlock) -> bool:
    """A year, and names: initials after surnames, or the dense commas of a list of full names."""
    text = " ".join(line.text for line in block.lines)
    names = len(AUTHOR.findall(text)) >= max(1, len(block.lines) // 2) or text.count(",") >= ENTRY_COMMAS * len(
        block.lines
    )
    return bool(YEAR.search(text)) and names


def _reference_entries(lines: list[Line]) -> list[RawBlock]:
    if not lines:
        return []
    numbered = sum(1 for l in lines if NUMBERED_ENTRY.match(l.text.strip())) >= max(2, len(lines) // 8)
    # The left edge of each page's column, once (a long bibliography has thousands of lines).
    left: dict[tuple[int, int], float] = {}
    for l in lines:
        left[(l.page, l.column)] = min(left.get((l.page, l.column), l.x0), l.x0)
    entries: list[RawBlock] = []
    for line in lines:
        if numbered:
            starts = bool(NUMBERED_ENTRY.match(line.text.strip()))
        else:
            starts = line.x0 <= left[(line.page, line.column)] + 0.5 * line.size
        if starts or not entries:
            entries.append(RawBlock("reference", [line]))
        else:
            entries[-1].lines.append(line)
    return entries


def is_equation(line: Line) -> bool:
    math = sum(n for font, n in line.fonts.items() if MATH_FONT.search(font))
    return line.chars > 0 and math / line.chars >= MATH_SHARE


def block_text(block: RawBlock, dehyphenator: Dehyphenator) -> str:
    text = ""
    for line in block.lines:
        text = dehyphenator.join_lines(text, line.text.strip())
    return text
