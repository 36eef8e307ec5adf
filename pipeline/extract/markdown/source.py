"""A Markdown body being prepared for the parser: text edited line-for-line, and what was found.

Dialect layers rewrite syntax CommonMark does not know (JSX tags, shortcodes,
comments, includes) before markdown-it parses the body. Every edit keeps the
number of lines, so markdown-it's line maps still point at the source file's
lines; edits never touch fenced code, indented code or inline code spans.
What a layer finds outside Markdown syntax (a component's caption, a
container's title, a heading's anchor) is recorded here by line.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from pipeline.extract.fences import fences
from pipeline.extract.layer import Piece

_BACKTICKS = re.compile(r"`+")


def fenced_lines(lines: list[str]) -> set[int]:
    """Indices of the lines of fenced code blocks, fences included (an unclosed fence runs to the end)."""
    return {i for fence in fences(lines) for i in range(fence.start, fence.end + 1)}


def code_spans(line: str) -> list[tuple[int, int]]:
    """Column ranges of the inline code spans of one line (backtick runs of equal length pair up)."""
    spans, runs = [], list(_BACKTICKS.finditer(line))
    used: set[int] = set()
    for i, opening in enumerate(runs):
        if i in used:
            continue
        for j in range(i + 1, len(runs)):
            if j not in used and len(runs[j].group()) == len(opening.group()):
                spans.append((opening.start(), runs[j].end()))
                used.update((i, j))
                break
    return spans


@dataclass
class Box:
    """Lines start..end (inclusive) are inside a container: their blocks share its group."""

    start: int
    end: int
    group: str | None
    kind: str | None = None  # what the paragraphs inside are (a <figcaption>'s are captions)


@dataclass
class MarkdownSource:
    text: str
    first_line: int = 1  # line of the file the body's first line is
    code: set[int] = field(default_factory=set)  # body lines inside code blocks
    anchors: dict[int, str] = field(default_factory=dict)  # body line of a heading -> its anchor id
    events: list[tuple[int, Piece]] = field(default_factory=list)  # blocks found by layers, by body line
    boxes: list[Box] = field(default_factory=list)
    dropped: Counter = field(default_factory=Counter)
    names: Counter = field(default_factory=Counter)  # container names seen, for numbering groups

    def __post_init__(self) -> None:
        self.code |= fenced_lines(self.lines)
        self._starts_of: str | None = None
        self._starts: list[int] = []

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")

    def line_of(self, pos: int) -> int:
        if self._starts_of is not self.text:  # recomputed once per edit, not once per lookup
            self._starts = [0] + [m.end() for m in re.finditer("\n", self.text)]
            self._starts_of = self.text
        return bisect.bisect_right(self._starts, pos) - 1

    def in_code(self, pos: int) -> bool:
        """Whether `pos` is inside a code block or an inline code span."""
        line = self.line_of(pos)
        if line in self.code:
            return True
        line_start = self.text.rfind("\n", 0, pos) + 1
        line_end = self.text.find("\n", pos)
        column = pos - line_start
        text = self.text[line_start : line_end if line_end >= 0 else len(self.text)]
        return any(a <= column < b for a, b in code_spans(text))

    def substitute(self, pattern: re.Pattern, replace: Callable[[re.Match], str | None]) -> int:
        """Replace matches outside code by `replace(match)` (None keeps the match); returns how many.

        A replacement keeps the match's line breaks (added at its end), so every line
        after it keeps its number.
        """
        out, last, count = [], 0, 0
        for match in pattern.finditer(self.text):
            if match.start() < last or self.in_code(match.start()):
                continue
            replacement = replace(match)
            if replacement is None:
                continue
            missing = match.group().count("\n") - replacement.count("\n")
            out.append(self.text[last : match.start()] + replacement + "\n" * max(missing, 0))
            last = match.end()
            count += 1
        if count:
            self.text = "".join(out) + self.text[last:]
        return count

    def blank(self, start: int, end: int, keep: str = "") -> None:
        """Replace text[start:end] by `keep`, keeping its line breaks."""
        newlines = self.text.count("\n", start, end) - keep.count("\n")
        self.text = self.text[:start] + keep + "\n" * max(newlines, 0) + self.text[end:]

    def event(self, pos_or_line: int, piece: Piece, is_line: bool = False) -> None:
        line = pos_or_line if is_line else self.line_of(pos_or_line)
        self.events.append((line, piece))

    def group(self, name: str) -> str:
        """A new group id for a container called `name` ("note-1", "note-2", ...)."""
        key = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "box"
        self.names[key] += 1
        return f"{key}-{self.names[key]}"
