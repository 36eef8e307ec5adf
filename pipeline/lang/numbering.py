"""Heading numbering styles and display-heading names of English and Chinese documents.

Language data, apart from the engine that uses it (extract/pdf/headings.py).
Every style here is a convention of a document class, not of one file:
LaTeX article/report/book ("1", "1.1", "A.1", "Appendix A"), IEEEtran
("I.", "A.", "III-A"), Elsevier ("2.1." without a space), Chinese theses and
contest papers ("第1章", "一、", "（一）", "1.1", "附录 A").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CN_DIGITS = "一二三四五六七八九十"
NUMBER_WORDS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]
ROMAN = r"(?:X{0,3}(?:IX|IV|V?I{1,3}|V)|X{1,3})"


@dataclass(frozen=True)
class Numbering:
    """A heading label: the printed number, its scheme and depth, and where the title starts."""

    number: str
    scheme: str  # decimal | letter-decimal | appendix | roman | letter | roman-letter | cn | cn-paren | chapter
    depth: int  # 1 for "2", "II", "一"; 2 for "2.1", "III-A", "A.1"
    title_start: int


# Order matters: the first pattern that matches wins.
_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("appendix", re.compile(r"^(?:Appendix|APPENDIX|附录)\s*(?P<num>[A-Z](?:\.\d{1,2}){0,3}|\d{1,2})\b[.:：]?\s*")),
    (
        "chapter",
        re.compile(r"^(?:Chapter|CHAPTER)\s+(?P<num>\d{1,2}|" + "|".join(NUMBER_WORDS) + r")\b[.:]?\s*", re.IGNORECASE),
    ),
    ("chapter", re.compile(r"^第\s*(?P<num>[" + CN_DIGITS + r"\d]{1,3})\s*章\s*")),
    ("cn", re.compile(r"^(?P<num>[" + CN_DIGITS + r"]{1,3})\s*[、.．]\s*")),
    ("cn-paren", re.compile(r"^[（(]\s*(?P<num>[" + CN_DIGITS + r"]{1,3})\s*[）)]\s*")),
    ("roman-letter", re.compile(r"^(?P<num>" + ROMAN + r"-[A-Z])\b\.?\s+")),
    ("letter-decimal", re.compile(r"^(?P<num>[A-Z](?:\.\d{1,2}){1,3})\.?(?:\s+|(?=[A-Z\u4e00-\u9fff]))")),
    # "2.3.Statistical" (no space after the number, as some publishers set it) only with a capital after.
    # Letter-spaced labels ("4 . 1") read as "4.1".
    ("decimal", re.compile(r"^(?P<num>\d{1,2}(?:\s?\.\s?\d{1,2}){0,3})\.?(?:\s+|(?=[A-Z\u4e00-\u9fff]))")),
    ("roman", re.compile(r"^(?P<num>" + ROMAN + r")\.\s*")),
    ("letter", re.compile(r"^(?P<num>[A-Z])\.\s+")),
]


def parse_numbering(text: str) -> Numbering | None:
    """The heading label at the start of `text`, or None."""
    for scheme, pattern in _PATTERNS:
        match = pattern.match(text)
        if not match:
            continue
        number = re.sub(r"\s+", "", match.group("num"))
        if number.lower() in NUMBER_WORDS:  # "Chapter two"
            number = str(NUMBER_WORDS.index(number.lower()) + 1)
        if scheme in ("decimal", "letter-decimal", "appendix"):
            depth = number.count(".") + 1
        elif scheme in ("roman-letter", "cn-paren"):
            depth = 2
        else:
            depth = 1
        return Numbering(number=number, scheme=scheme, depth=depth, title_start=match.end())
    return None


def label_only(text: str) -> Numbering | None:
    """A line that is only a label ("I.", "Chapter 2", "APPENDIX A"): its title is on the next line."""
    numbering = parse_numbering(text.strip() + " ")
    if numbering and not text.strip()[numbering.title_start :].strip():
        return numbering
    return None


# Unnumbered display headings that standard document classes print. Compared
# case-insensitively, with spaces removed ("摘 要", "A BSTRACT").
DISPLAY_HEADINGS = {
    "en": {
        "abstract",
        "contents",
        "tableofcontents",
        "references",
        "bibliography",
        "acknowledgements",
        "acknowledgments",
        "acknowledgement",
        "acknowledgment",
        "appendix",
        "appendices",
        "notes",
        "endnotes",
        "introduction",
        "background",
        "relatedwork",
        "methods",
        "materialsandmethods",
        "results",
        "discussion",
        "conclusion",
        "conclusions",
        "limitations",
        "competinginterests",
        "authorscontributions",
        "authorcontributions",
        "authordetails",
        "funding",
        "declarations",
        "listoffigures",
        "listoftables",
        "nomenclature",
        "glossary",
        "preface",
    },
    "zh": {
        "摘要",
        "目录",
        "参考文献",
        "致谢",
        "附录",
        "引言",
        "绪论",
        "结论",
        "总结",
        "前言",
        "插图清单",
        "附表清单",
        "插图和附表清单",
        "符号说明",
        "主要符号对照表",
        "个人简历",
        "声明",
        "abstract",
        "contents",
        "references",
    },
}

# Display headings that open a printed table of contents (keys as display_key gives them).
CONTENTS = {"contents", "tableofcontents", "目录"}

# Display headings of a bibliography (keys as display_key gives them).
BIBLIOGRAPHY = {"references", "bibliography", "referencesandnotes", "literaturecited", "workscited", "参考文献"}

# Display headings that open the back matter, after which "A Title" is appendix A.
BACK_MATTER = {"references", "bibliography", "appendix", "appendices", "参考文献", "附录"}


def display_key(text: str) -> str:
    return re.sub(r"[\W_\d]+", "", text.lower())


def is_display_heading(text: str, lang: str) -> bool:
    key = display_key(text)
    return key in DISPLAY_HEADINGS.get(lang, set()) or key in DISPLAY_HEADINGS["en"]
