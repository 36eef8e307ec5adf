"""Citations and cross-references as anchors with language-independent keys.

The engine is shared; each language module supplies its patterns
(`AnchorPatterns`). `(Leike等人,2022年;Anthropic,2023a年)` and
`(Leike et al., 2022; Anthropic, 2023a)` both give `cite:leike:2022` and
`cite:anthropic:2023a`; `第2.2.3节` and `Section 2.2.3` both give `sec:2.2.3`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.types import Anchor

PAREN_GROUP = re.compile(r"[(（]([^()（）]{2,600})[)）]")
YEAR = re.compile(r"(?<!\d)(?P<year>(?:1[89]|20)\d{2}[a-z]?)(?![\d])")


@dataclass(frozen=True)
class AnchorPatterns:
    # Splits an author list; the first piece is the first author.
    author_separators: re.Pattern
    # Characters allowed after a year inside a citation (e.g. 年).
    year_suffix: str
    # A narrative author just before "(2021)".
    narrative_author: re.Pattern
    # kind -> pattern with one group holding the number/letter.
    references: dict[str, re.Pattern]


REF_PREFIX = {
    "section_ref": "sec",
    "table_ref": "tab",
    "figure_ref": "fig",
    "chapter_ref": "chap",
    "appendix_ref": "app",
}


def author_key(authors: str, patterns: AnchorPatterns) -> str | None:
    first = next(
        (p.strip(" ,，.;；") for p in patterns.author_separators.split(authors) if p and p.strip(" ,，.;；")), ""
    )
    if not first or len(first) > 60:
        return None
    return re.sub(r"[\s_]+", "-", first.lower())


def find_anchors(text: str, patterns: AnchorPatterns) -> list[Anchor]:
    anchors: list[Anchor] = []
    for kind, pattern in patterns.references.items():
        for match in pattern.finditer(text):
            ref_key = f"{REF_PREFIX[kind]}:{match.group(1).lower().rstrip('.')}"
            anchors.append(Anchor(kind, ref_key, match.start(), match.end(), match.group(0)))
    for group in PAREN_GROUP.finditer(text):
        inner_start = group.start(1)
        offset = 0
        for part in re.split(r"([;；])", group.group(1)):
            part_start = inner_start + offset
            offset += len(part)
            if part in (";", "；"):
                continue
            year = YEAR.search(part)
            if not year:
                continue
            authors = part[: year.start()].rstrip(" ,，")
            if not authors.strip():
                # "Kenton等人(2021年)": the author stands before the bracket.
                before = text[: group.start()]
                narrative = patterns.narrative_author.search(before)
                if not narrative:
                    continue
                key = author_key(narrative.group("author"), patterns)
                start = narrative.start()
                end = group.end()
            else:
                key = author_key(authors, patterns)
                lead = len(part) - len(part.lstrip())
                start = part_start + lead
                end = part_start + year.end()
                while end < len(text) and text[end] in patterns.year_suffix:
                    end += 1
            if key:
                anchors.append(Anchor("citation", f"cite:{key}:{year.group('year')}", start, end, text[start:end]))
    anchors.sort(key=lambda a: (a.start, a.end, a.kind))
    return anchors
