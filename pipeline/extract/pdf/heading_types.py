"""Types shared by the heading detector and the outline matcher, and the interface between them.

Kept apart so that headings.py (layout rules) and outline_match.py (bookmarks)
both depend on these types and neither on the other's module.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from pipeline.extract.pdf.layout import Line
from pipeline.lang.numbering import Numbering
from pipeline.settings import PdfHeadingSettings

Style = tuple[str, float]  # a line's main font and its size, rounded to half points


@dataclass(frozen=True)
class HeadingMark:
    """The decision for one line: a heading (with its label) or the continuation of the one above."""

    role: str  # heading | continue | front_matter
    number: str | None = None
    title: str = ""
    level: int | None = None


@dataclass
class HeadingCandidate:
    """A heading-shaped run of lines (a title wrapped onto a second line, or a label above its title)."""

    lines: list[Line]
    text: str
    numbering: Numbering | None
    title: str
    style: Style
    display: bool

    @property
    def first(self) -> int:
        """Reading-order index of its first line."""
        return self.lines[0].index


class HeadingLayout(Protocol):
    """What the outline matcher needs from the layout rules of one document."""

    order: list[Line]  # the document's lines in reading order; line.index is the position here
    settings: PdfHeadingSettings
    lang: str

    def style(self, lines: list[Line]) -> Style: ...

    def front_matter_end(self, candidates: list[HeadingCandidate]) -> int: ...

    def from_layout(self, candidates: list[HeadingCandidate]) -> list[tuple[HeadingCandidate, int]]: ...
