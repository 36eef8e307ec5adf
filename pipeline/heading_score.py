"""The detected heading tree, and how it scores against a list of true headings.

Scoring follows the usual convention for heading extraction (and the
corpus README in ../shared/corpus): titles are compared after NFKC, lower
case, without a leading number or label and without any punctuation or
white space, which also absorbs small-caps spacing ("F ORMAL") and lost
spaces ("ModelArchitecture"). Predictions and truth are matched one to one
in reading order (longest common subsequence), so a repeated title counts
once per occurrence.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field

from pipeline.types import Section

# A leading label: 3.2, III., A.1, 一、, （一）, 第2章, Chapter 2, 附录A, Appendix B.
LEADING_LABEL = re.compile(
    r"^\s*(?:"
    r"(?:appendix|chapter|section)\s+(?:[a-z]|\d+|[ivxlc]+)(?:\.\d+)*[.:]?"
    r"|附录\s*[a-z0-9]+"
    r"|第\s*[一二三四五六七八九十百\d]+\s*[章节部分篇]"
    r"|[（(][一二三四五六七八九十\d]+[）)]"
    r"|[一二三四五六七八九十]+\s*[、.．]"
    r"|(?:\d+|[a-z])(?:\.\d+)*(?:-[a-z])?[.:)]?(?=\s|$|[^\w])"
    r"|[ivxlc]+(?:-[a-z])?[.:](?=\s|$)"
    r"|[ivxlc]+(?=\s)"
    r")\s*"
)


@functools.lru_cache(maxsize=65536)
def normalise_title(title: str) -> str:
    """The comparison key of a heading title."""
    text = unicodedata.normalize("NFKC", title).lower().strip()
    stripped = LEADING_LABEL.sub("", text, count=1)
    key = re.sub(r"[\W_]+", "", stripped, flags=re.UNICODE)
    # A title that is only a label ("A", "II") keeps it rather than vanish.
    return key or re.sub(r"[\W_]+", "", text, flags=re.UNICODE)


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
class HeadingItem:
    """One heading, predicted or true."""

    title: str
    number: str | None = None
    level: int | None = None
    page: int | None = None


@dataclass(frozen=True)
class HeadingScore:
    precision: float
    recall: float
    f1: float
    predicted: int
    true: int
    matched: int
    level_agreement: float  # share of matched headings with the true level
    number_agreement: float  # share of matched headings with the true number
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    # Matched headings whose level or number differ: (predicted, true) as "level number title".
    disagreements: list[tuple[str, str]] = field(default_factory=list)


def _lcs_pairs(a: list[str], b: list[str]) -> list[tuple[int, int]]:
    """Index pairs of a longest common subsequence of two key lists."""
    n, m = len(a), len(b)
    table = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            table[i][j] = table[i + 1][j + 1] + 1 if a[i] == b[j] else max(table[i + 1][j], table[i][j + 1])
    pairs, i, j = [], 0, 0
    while i < n and j < m:
        if a[i] == b[j]:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif table[i + 1][j] >= table[i][j + 1]:
            i += 1
        else:
            j += 1
    return pairs


def _norm_number(number: str | None) -> str | None:
    if number is None:
        return None
    return unicodedata.normalize("NFKC", number).strip().rstrip(".").upper() or None


def score_headings(predicted: list[HeadingItem], truth: list[HeadingItem]) -> HeadingScore:
    """Precision, recall and F1 over titles, plus level and number agreement on the matched ones."""
    keys_p = [normalise_title(h.title) for h in predicted]
    keys_t = [normalise_title(h.title) for h in truth]
    pairs = _lcs_pairs(keys_p, keys_t)
    matched = len(pairs)
    precision = matched / len(predicted) if predicted else 0.0
    recall = matched / len(truth) if truth else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    levels = sum(1 for i, j in pairs if predicted[i].level == truth[j].level)
    numbers = sum(1 for i, j in pairs if _norm_number(predicted[i].number) == _norm_number(truth[j].number))
    used_p, used_t = {i for i, _ in pairs}, {j for _, j in pairs}
    return HeadingScore(
        precision,
        recall,
        f1,
        len(predicted),
        len(truth),
        matched,
        levels / matched if matched else 0.0,
        numbers / matched if matched else 0.0,
        missing=[truth[j].title for j in range(len(truth)) if j not in used_t],
        extra=[predicted[i].title for i in range(len(predicted)) if i not in used_p],
        disagreements=[
            (_describe(predicted[i]), _describe(truth[j]))
            for i, j in pairs
            if predicted[i].level != truth[j].level
            or _norm_number(predicted[i].number) != _norm_number(truth[j].number)
        ],
    )


def _describe(item: HeadingItem) -> str:
    return f"L{item.level} {item.number or '-'} {item.title}"


@dataclass(frozen=True)
class HeadingReport:
    """What `pipeline headings` shows: the heading tree, and its score against the PDF outline when asked."""

    tree: list[str]  # one line a heading, indented by level (heading_tree)
    score: HeadingScore | None = None


def section_headings(sections: list[Section]) -> list[HeadingItem]:
    return [HeadingItem(s.title or "", s.number, s.level, s.page) for s in sections if s.heading]


def score_against_outline(sections: list[Section], outline: list[tuple[int, str]]) -> HeadingScore:
    """Detected headings against the PDF's own bookmarks (titles only)."""
    return score_headings(section_headings(sections), [HeadingItem(title) for _, title in outline])
