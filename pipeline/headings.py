"""The detected heading tree, and how it compares with a PDF's own outline."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.types import Section

NUMBER_PREFIX = re.compile(r"^\s*(?:(?:appendix|section)\s+)?(?:\d+(?:\.\d+)*|[A-Z](?:\.\d+)*|[IVX]+)[.:]?\s+",
                           re.IGNORECASE)


def normalise_title(title: str) -> str:
    """Titles compared without numbering, case, punctuation or spacing."""
    title = NUMBER_PREFIX.sub("", title.strip())
    return re.sub(r"\W+", " ", title.lower(), flags=re.UNICODE).strip()


def heading_tree(sections: list[Section]) -> list[str]:
    lines = []
    for section in sections:
        if not section.heading:
            continue
        label = " ".join(part for part in (section.number, section.title) if part)
        page = f"  (p. {section.page})" if section.page else ""
        lines.append(f"{'  ' * (section.level - 1)}{label}{page}")
    return lines


@dataclass(frozen=True)
class OutlineScore:
    precision: float
    recall: float
    f1: float
    detected: int
    outline: int
    matched: int
    missing: list[str]
    extra: list[str]


def score_against_outline(sections: list[Section], outline: list[tuple[int, str]]) -> OutlineScore:
    """Precision, recall and F1 of detected headings against the outline, matched by normalised title."""
    detected = [normalise_title(" ".join(p for p in (s.number, s.title) if p)) for s in sections if s.heading]
    expected = [normalise_title(title) for _, title in outline]
    remaining = list(expected)
    matched = 0
    extra = []
    for title in detected:
        if title in remaining:
            remaining.remove(title)
            matched += 1
        else:
            extra.append(title)
    precision = matched / len(detected) if detected else 0.0
    recall = matched / len(expected) if expected else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return OutlineScore(precision, recall, f1, len(detected), len(expected), matched, remaining, extra)
