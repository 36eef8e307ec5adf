"""Plain text: manuals, READMEs, notes, one-paragraph-a-line renderings.

Paragraphs are separated by blank lines; inside one, hard-wrapped lines are
joined (without a space between Chinese characters), and a new paragraph
starts after a line that ends a sentence or stops well short of the wrap width,
or where the next line is indented as a first line. A block whose lines are all long (over WRAPPED_LINE_MAX) was not
wrapped: one paragraph a line, as in the Chinese seed; so is a block whose lines
mostly stop short of its longest (titles and sentences a line each). Headings are
underlined lines (`===`, `---`, `~~~`), `# ` lines, lines in bold (`**…**`)
and short upper-case lines; numbered and short title lines are left to the
language's heading rules (segment). Bullet lines, and runs of numbered lines,
are list items; fenced blocks and blocks indented past the text are code. URL
lines are metadata. Link and tag notations (`<https://…>`, `[1]`) are text.
"""

from __future__ import annotations

import re
from collections import Counter

from pipeline.extract.fences import fences
from pipeline.extract.layer import Layer, Piece
from pipeline.lang.script import display_width, join_lines
from pipeline.types import ExtractedDoc, IngestedSource

URL_LINE = re.compile(r"^\s*<?(?:https?://|www\.)\S+\s*$")
ATX_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
BOLD_LINE = re.compile(r"^\s*\*\*\s*(?P<inner>.*?)\s*\*\*\s*$")
BULLET = re.compile(r"^\s*[-*+•·◦▪]\s+")
NUMBERED_ITEM = re.compile(r"^\s*(?P<num>\d{1,3})[.)、]\s+")
UNDERLINE = re.compile(r"^\s*(=+|-+|~+|\*+|\^+)\s*$")
UNDERLINE_LEVEL = {"=": 1, "-": 2, "~": 3, "^": 4, "*": 4}
SENTENCE_END = re.compile(r"[.!?。！？:：;；\"”’)）]\s*$")
FIRST_LINE_INDENT = re.compile(r"^(?:\u3000+|\s{2,})\S")

WRAPPED_LINE_MAX = 200  # a block with a longer line was not hard-wrapped: one paragraph a line
SHORT_LINE_SHARE = 0.6  # a line this far short of the wrap width ends its paragraph (and is not wrapped)
CODE_INDENT = 4  # columns past the text's own indentation that make a block code
UNDERLINE_MIN = 3  # characters of an underline
TITLE_MAX = 80  # characters of an upper-case title line


def width(line: str) -> int:
    """Display columns of a line (a Chinese character takes two)."""
    return display_width(line.rstrip())


def indent(line: str) -> int:
    return len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())


def _upper_case_title(line: str) -> bool:
    if len(line.strip()) > TITLE_MAX:
        return False
    letters = [c for c in line if c.isalpha()]
    return 3 <= len(letters) and all(c.isupper() for c in letters)


class _Reader:
    def __init__(self, lines: list[str]):
        self.lines = lines
        self.offsets = [0]
        for line in lines:
            self.offsets.append(self.offsets[-1] + len(line) + 1)
        self.layer = Layer()
        texts = [line for line in lines if line.strip()]
        self.base = Counter(indent(line) for line in texts).most_common(1)[0][0] if texts else 0

    def span(self, first: int, first_column: int, last: int) -> tuple[int, int]:
        """Source offsets from a column of line `first` to the end of line `last`'s text."""
        start = self.offsets[first] + first_column
        start += len(self.lines[first][first_column:]) - len(self.lines[first][first_column:].lstrip())
        return start, self.offsets[last] + len(self.lines[last].rstrip())

    def add(self, kind: str, lines: list[tuple[int, str]], column: int = 0, **attrs) -> None:
        """A block of `lines` (the first read from `column`), its text joined as a reader sees it."""
        text = join_lines("\n".join([lines[0][1][column:]] + [line for _, line in lines[1:]]))
        span = self.span(lines[0][0], column, lines[-1][0])
        self.layer.add(Piece(kind, text, lines[0][0] + 1, span=span, **attrs))

    def one_line(self, kind: str, number: int, text: str, **attrs) -> None:
        """A block made of `text`, part of line `number`."""
        column = self.lines[number].find(text)
        start = self.offsets[number] + max(column, 0)
        self.layer.add(Piece(kind, text, number + 1, span=(start, start + len(text)), **attrs))

    def chunk(self, chunk: list[tuple[int, str]]) -> None:
        """One run of non-blank lines: headings, items, paragraphs, or code."""
        if all(indent(line) >= self.base + CODE_INDENT for _, line in chunk):
            cut = self.base + CODE_INDENT
            code = "\n".join(line.expandtabs(4)[cut:] for _, line in chunk)
            span = self.span(chunk[0][0], 0, chunk[-1][0])
            self.layer.add(Piece("code", code, chunk[0][0] + 1, span=span))
            return
        wrap = max(width(line) for _, line in chunk)
        full = [width(line) >= SHORT_LINE_SHARE * wrap for _, line in chunk[:-1]]
        # Hard-wrapped: no line too long to be wrapped, and most lines run to the wrap width; else
        # (the Chinese seed, lists of titles and sentences) one paragraph a line.
        wrapped = max(len(line.rstrip()) for _, line in chunk) <= WRAPPED_LINE_MAX and sum(full) >= 0.5 * len(full)
        one_a_line = not wrapped
        items = sum(1 for _, line in chunk if BULLET.match(line) or NUMBERED_ITEM.match(line))
        run: list[tuple[int, str]] = []
        index = 0
        while index < len(chunk):
            number, line = chunk[index]
            following = chunk[index + 1][1] if index + 1 < len(chunk) else ""
            single = self._single(number, line, following)
            if single:
                self._flush(run)
                run = []
                for kind, text, attrs in single[1]:
                    self.one_line(kind, number, text, **attrs)
                index += single[0]
                continue
            starts_item = BULLET.match(line) or (items >= 2 and NUMBERED_ITEM.match(line))
            if starts_item or (run and self._new_paragraph(run[-1][1], line, wrap)) or one_a_line:
                self._flush(run)
                run = []
            run.append((number, line))
            index += 1
        self._flush(run)

    def _single(self, number: int, line: str, following: str) -> tuple[int, list[tuple[str, str, dict]]] | None:
        """A heading, rule or URL starting at this line: the lines it takes and its blocks (None: none)."""
        underline = UNDERLINE.match(following)
        if underline and len(underline.group(1)) >= UNDERLINE_MIN and not UNDERLINE.match(line):
            return 2, [("heading", line.strip(), {"level": UNDERLINE_LEVEL[underline.group(1)[0]]})]
        if UNDERLINE.match(line) and len(line.strip()) >= UNDERLINE_MIN:
            return 1, []  # a rule between parts
        if URL_LINE.match(line):
            return 1, [("metadata", line.strip(), {})]
        atx = ATX_HEADING.match(line)
        bold = BOLD_LINE.match(line)
        if atx and atx.group(2):
            return 1, [("heading", atx.group(2), {"level": len(atx.group(1))})]
        if bold and bold.group("inner"):
            return 1, [("heading", bold.group("inner"), {})]
        if _upper_case_title(line) and indent(line) <= self.base and not SENTENCE_END.search(line):
            return 1, [("heading", line.strip(), {})]
        return None

    def _new_paragraph(self, previous: str, line: str, wrap: int) -> bool:
        """Whether `line` starts a paragraph of its own after `previous` in the same block."""
        if BULLET.match(previous) or NUMBERED_ITEM.match(previous):
            return indent(line) <= indent(previous) and not BULLET.match(line) and not NUMBERED_ITEM.match(line)
        # A wrapped line runs to the wrap width; one that stops well short of it, or ends a sentence,
        # ended its paragraph (or is a title line).
        short = width(previous) < SHORT_LINE_SHARE * wrap
        indented = FIRST_LINE_INDENT.match(line) and indent(line) > indent(previous)
        return bool(short or SENTENCE_END.search(previous) or indented)

    def _flush(self, run: list[tuple[int, str]]) -> None:
        if not run:
            return
        first = run[0][1]
        item = BULLET.match(first) or NUMBERED_ITEM.match(first)
        if item:
            marker = item.groupdict().get("num")
            self.add("list_item", run, column=item.end(), marker=marker)
        else:
            self.add("paragraph", run)


def extract_text(item: IngestedSource) -> ExtractedDoc:
    text = (item.text or "").replace("\r\n", "\n")
    lines = text.split("\n")
    reader = _Reader(lines)
    fenced = {f.start: f for f in fences(lines)}
    chunk: list[tuple[int, str]] = []
    index = 0
    while index < len(lines):
        fence = fenced.get(index)
        if fence is not None:
            if chunk:
                reader.chunk(chunk)
            chunk = []
            last = fence.end - 1 if fence.closed else fence.end
            if last > fence.start:
                body = "\n".join(lines[fence.start + 1 : last + 1])
                span = (reader.offsets[fence.start + 1], reader.offsets[last] + len(lines[last]))
                info = fence.info.split()[0] if fence.info else None
                reader.layer.add(Piece("code", body, fence.start + 2, info=info, span=span))
            index = fence.end + 1
            continue
        if lines[index].strip():
            chunk.append((index, lines[index]))
        elif chunk:
            reader.chunk(chunk)
            chunk = []
        index += 1
    if chunk:
        reader.chunk(chunk)
    return reader.layer.document(item, source=text)
