"""The body text's flow across what interrupts it on the page.

Typesetting puts floats (figures, tables and their captions), footnotes and
page breaks wherever they fit, often in the middle of a sentence; reading the
page top to bottom then cuts the sentence in two paragraphs with the float
between them. `join_interrupted` puts the two halves back together (the float
follows the paragraph), and `split_run_in_abstract` gives an abstract set run
into its label ("Abstract. We study", "摘要：本文") a heading of its own.
"""

from __future__ import annotations

import dataclasses
import re

from pipeline.extract.pdf.blocks import SENTENCE_END, RawBlock
from pipeline.extract.pdf.layout import Line
from pipeline.lang.numbering import display_key
from pipeline.settings import PdfFlowSettings

# Blocks that interrupt the body text without ending its sentence: floats, footnotes, the labels of
# a figure, and rows taken for a contents list. A display equation alone is part of its sentence
# (the text after it, "where x is ...", is left as it is); amid floats it is part of one of them.
INTERRUPTIONS = ("footnote", "caption", "figure_text", "table", "code", "box", "toc")
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u2e80-\u2fdf]")
# An abstract's label set before its first sentence with a stop or a colon ("Abstract.We propose",
# "摘要：本文"): a display heading glued to its text. The IEEE style's dash ("Abstract—We study") is a
# run-in paragraph head by the convention the heading truth follows (../shared/corpus README), so it
# stays in its paragraph.
ABSTRACT_LABEL = re.compile(r"^(?:Abstract|ABSTRACT|摘\s*要)\s*[.．。:：]")
# A line that starts a new unit by its form: a list or section number, a bracket, a quote.
NEW_UNIT = re.compile(r"^(?:[（(\[【「《“‘\"']|[一二三四五六七八九十]+[、.．]|\d+[.)、．])")


def _is_interruption(block: RawBlock, first: RawBlock) -> bool:
    # A text box is a float too, unless the paragraph is itself inside it.
    return block.kind in INTERRUPTIONS or (block.group is not None and block.group != first.group)


def _interruptions(blocks: list[RawBlock], start: int, first: RawBlock, settings: PdfFlowSettings) -> int:
    """Where the run of interruptions from `start` ends (`start` itself when there is none)."""
    end = start
    while end < len(blocks) and end - start < settings.max_between:
        if not (_is_interruption(blocks[end], first) or blocks[end].kind == "equation"):
            break
        end += 1
    # Trailing equations belong to the text after them, and a run of equations alone is no float.
    while end > start and blocks[end - 1].kind == "equation":
        end -= 1
    if all(block.kind == "equation" for block in blocks[start:end]):
        return start
    return end


def _last_line_full(block: RawBlock, settings: PdfFlowSettings) -> bool:
    """The block's last line reaches the right edge of its column within the block (it was cut, not ended)."""
    last = block.lines[-1]
    same = [l for l in block.lines if l.page == last.page and l.column == last.column]
    if len(same) < 2:
        return False
    return last.x1 >= max(l.x1 for l in same) - settings.full_line * last.size


def _first_line_flush(block: RawBlock, settings: PdfFlowSettings) -> bool:
    """The block's first line is not indented against its next lines (it does not open a paragraph)."""
    first = block.lines[0]
    same = [l for l in block.lines[1:] if l.page == first.page and l.column == first.column]
    if not same:
        return False
    return first.x0 <= min(l.x0 for l in same) + settings.indent * first.size


def continues(first: RawBlock, second: RawBlock, settings: PdfFlowSettings) -> bool:
    """Whether `second` goes on with the sentence `first` leaves open.

    Latin script shows it in the case of the first letter; Chinese has no case,
    so there the first half must fill its last line and the second must not
    open with an indent or a number.
    """
    if first.kind != "paragraph" or second.kind != "paragraph" or first.group != second.group:
        return False
    before, after = first.lines[-1].text.strip(), second.lines[0].text.strip()
    if not before or not after or SENTENCE_END.search(before) or NEW_UNIT.match(after):
        return False
    # A sentence runs on in one size: a first half that ends in a smaller line ends in page furniture
    # (a first page's copyright footer) or a note, which must not be glued into the middle of it.
    if abs(first.lines[-1].size - second.lines[0].size) > settings.size_change * second.lines[0].size:
        return False
    if second.lines[0].page - first.lines[-1].page > 1:
        return False
    if after[0].islower():
        return True
    return (
        bool(CJK.match(after[0]))
        and bool(CJK.match(before[-1]) or before[-1] in "，、；,")
        and _last_line_full(first, settings)
        and _first_line_flush(second, settings)
    )


def join_interrupted(blocks: list[RawBlock], settings: PdfFlowSettings) -> list[RawBlock]:
    """A paragraph cut by floats, footnotes or a page break takes its second half back.

    Only interruptions may stand between the halves, and at most
    `settings.max_between` of them (a page's floats, not a section's worth).
    The interruptions keep their order and follow the joined paragraph.
    """
    result: list[RawBlock] = []
    pending = list(blocks)
    index = 0
    while index < len(pending):
        block = pending[index]
        index += 1
        result.append(block)
        if block.kind != "paragraph":
            continue
        while True:
            scan = _interruptions(pending, index, block, settings)
            if scan == index or scan >= len(pending) or not continues(block, pending[scan], settings):
                break
            # Glue the second half on; the floats between stay where they are, after the paragraph.
            block.lines = block.lines + pending[scan].lines
            del pending[scan]
    return result


def split_run_in_abstract(blocks: list[RawBlock]) -> list[RawBlock]:
    """An abstract run into its label becomes a heading and a paragraph, unless the label is already one."""
    if any(b.kind == "heading" and display_key(b.text or "") in ("abstract", "摘要") for b in blocks):
        return blocks
    result: list[RawBlock] = []
    done = False
    for block in blocks:
        found = ABSTRACT_LABEL.match(block.lines[0].text.strip()) if block.kind == "paragraph" else None
        if done or found is None:
            result.append(block)
            continue
        done = True  # a document has one abstract
        line = block.lines[0]
        text = line.text.strip()
        label = text[: found.end() - 1].strip()
        rest = text[found.end() :].strip()
        share = len(label) / max(len(text), 1)
        head = dataclasses.replace(line, text=label, x1=line.x0 + share * (line.x1 - line.x0), region="")
        result.append(RawBlock("heading", [head], level=1, text=label))
        body_lines: list[Line] = ([dataclasses.replace(line, text=rest)] if rest else []) + block.lines[1:]
        if body_lines:
            result.append(dataclasses.replace(block, lines=body_lines))
    return result
