"""Fenced code blocks (``` or ~~~) found line by line, for any text that may hold them.

Apart from the Markdown reader (extract/markdown/) because the plain-text reader
needs them too, and importing that package loads markdown-it and its plugins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FENCE = re.compile(r"^(?P<prefix>[ \t]*(?:>[ \t]?)*[ \t]*)(?P<run>`{3,}|~{3,})(?P<info>.*)$")


@dataclass(frozen=True)
class Fence:
    start: int  # line of the opening fence
    end: int  # line of the closing fence (the last line when the fence is never closed)
    info: str
    closed: bool


def fences(lines: list[str]) -> list[Fence]:
    """The fenced code blocks of `lines` (``` or ~~~, in lists and quotes too), outermost only."""
    found: list[Fence] = []
    open_at, open_run, info = -1, "", ""
    for index, line in enumerate(lines):
        match = _FENCE.match(line)
        if open_at < 0:
            if match and not (match.group("run")[0] == "`" and "`" in match.group("info")):
                open_at, open_run, info = index, match.group("run"), match.group("info").strip()
            continue
        if match and match.group("run")[0] == open_run[0] and len(match.group("run")) >= len(open_run):
            if not match.group("info").strip():
                found.append(Fence(open_at, index, info, True))
                open_at = -1
    if open_at >= 0:
        found.append(Fence(open_at, len(lines) - 1, info, False))
    return found
