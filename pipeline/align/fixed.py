"""Fixed points: places where the two documents certainly correspond, found before any alignment.

A fixed point (i, j) says that the first i Chinese sentences and the first j
English ones translate each other, so the DP aligns the stretches between
fixed points separately and can never slip across one. Evidence that is
certain where it exists:

- sections with the same number on both sides (2.1 and 2.1), each number
  once per side: numbers win where both documents have them;
- headings with the same markup anchor id (`{#install}`, `<h2 id="install">`),
  each id once per side;
- code blocks that are the same code (comments and strings aside, which a
  translation translates), each once per side.

Candidates that cross each other cannot all be right: the largest set that
keeps both documents' order is kept (a longest chain), the rest dropped.
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass

from pipeline.align.verbatim import code_key, code_similarity
from pipeline.types import Paragraph, Section

# Two code blocks are the same code when their tokens (comments and strings aside) overlap this much:
# a translation may also reformat a line or rename a placeholder.
SAME_CODE = 0.9


@dataclass(frozen=True)
class CodeBlock:
    paragraph: Paragraph
    before: int  # sentences of the document before the block


@dataclass(frozen=True)
class SectionStart:
    section: Section
    before: int  # sentences of the document before the section's first one
    after: int  # sentences of the document before the next section's first one


def _unique(keys: list[str | None]) -> dict[str, int]:
    counts = Counter(k for k in keys if k)
    return {k: index for index, k in enumerate(keys) if k and counts[k] == 1}


def _section_key(section: Section) -> str | None:
    if section.numbered_by == "abstract":
        return "abstract"
    return f"number:{section.number}" if section.number and section.numbered_by == "heading" else None


def section_points(zh: list[SectionStart], en: list[SectionStart]) -> list[tuple[int, int]]:
    """Where sections that share a number, or a markup anchor id (each unique on its side), begin and
    end: a section and its translation hold the same text, so the text after them corresponds too."""
    points = []
    for key_of in (lambda s: _section_key(s.section), lambda s: f"id:{s.section.anchor}" if s.section.anchor else None):
        zh_keys, en_keys = _unique([key_of(s) for s in zh]), _unique([key_of(s) for s in en])
        for key, i in zh_keys.items():
            if key in en_keys:
                j = en_keys[key]
                points += [(zh[i].before, en[j].before), (zh[i].after, en[j].after)]
    return points


def code_pairs(zh: list[CodeBlock], en: list[CodeBlock]) -> list[tuple[CodeBlock, CodeBlock]]:
    """Code blocks that are the same code on both sides, each matching only the other."""
    zh_keys = _unique([code_key(c.paragraph.text) for c in zh])
    en_keys = _unique([code_key(c.paragraph.text) for c in en])
    pairs = {(i, en_keys[k]) for k, i in zh_keys.items() if k in en_keys}
    # Near-identical blocks (a reformatted line): the best match both ways, when it is close enough.
    taken_zh, taken_en = {i for i, _ in pairs}, {j for _, j in pairs}
    free_zh = [i for i in range(len(zh)) if i not in taken_zh]
    free_en = [j for j in range(len(en)) if j not in taken_en]
    similar = {(i, j): code_similarity(zh[i].paragraph.text, en[j].paragraph.text) for i in free_zh for j in free_en}
    for i in free_zh:
        best = max(free_en, key=lambda j: similar[i, j], default=None)
        if best is None or similar[i, best] < SAME_CODE:
            continue
        if max(free_zh, key=lambda k: similar[k, best]) == i:
            pairs.add((i, best))
    return [(zh[i], en[j]) for i, j in sorted(pairs)]


def chain(points: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest sequence of points increasing (not strictly) in both coordinates, distinct, in order."""
    points = sorted(set(points))
    tails: list[int] = []  # tails[k]: smallest last j of a chain of length k + 1
    tail_index: list[int] = []
    previous: list[int | None] = []
    for index, (_, j) in enumerate(points):
        k = bisect.bisect_right(tails, j)
        if k == len(tails):
            tails.append(j)
            tail_index.append(index)
        else:
            tails[k] = j
            tail_index[k] = index
        previous.append(tail_index[k - 1] if k > 0 else None)
    out = []
    at = tail_index[-1] if tail_index else None
    while at is not None:
        out.append(points[at])
        at = previous[at]
    return out[::-1]
