"""Text tests of heading detection: what a caption, a list label, code or a title looks like.

Pattern and helper functions used by extract/pdf/headings.py; general
conventions of printed documents, not rules of one file.
"""

from __future__ import annotations

import re

from pipeline.lang.numbering import Numbering

# A caption opens with its label and a colon or full stop ("Figure 2:", "Table 1."); a body sentence
# that starts "Table 2 summarizes" or "Figure 3-5 shows" is not one.
CAPTION_START = re.compile(
    r"^(?:(?:Figure|Fig\.|Table|Tab\.|Listing|Algorithm)\s*[A-Z]?\d+(?:\.\d+)*\s*[:.|]"
    r"|(?:FIGURE|TABLE|Fig\.|Figure|Table)\s+(?:[IVX]+|\d+)$"
    r"|(?:图|表)\s*\d+(?:[.\-]\d+)*(?:\s|[:：.]))"
)
TOC_LINE = re.compile(r"(?:\.\s?){3,}\s*\d{1,4}$|…{2,}\s*\d{1,4}$|\S\s+\d{1,4}$")
SENTENCE_PUNCT = re.compile(r"[。；，]")
# List-item labels ("1)", "(a)", "•"): such a line is an item or a run-in head, never an unnumbered heading.
LIST_LABEL = re.compile(r"^(?:\(?\d{1,3}\)|\(?[a-zA-Z]\)|\(?[ivx]{1,4}\)|[（(]\d{1,3}[）)]|\d{1,3}、|[•◦▪‣●○■–\-*])\s*")
# "程序一：…", "Step 2: …": a short label and a colon open a caption or a run-in item, not a heading.
LABEL_COLON = re.compile(r"^\S{1,8}\s?\d{0,3}[:：]")
# Code listings and program output are set in a typewriter font.
MONOSPACE = re.compile(
    r"mono|courier|typewriter|CMTT|SFTT|LMMono|NimbusMon|Inconsolata|Consolas|Menlo|Beramono", re.IGNORECASE
)
ABSTRACT_RUN_IN = re.compile(r"^(?:Abstract|ABSTRACT|摘\s*要)\s*[—–:：.\-]")
CODE_CHARS = re.compile(r"[()<>={}$;\"%\[\]#:\d]")
# "Background: Knowledge regarding the best approaches ...": a label, a colon and running text.
RUN_IN_COLON = re.compile(r"^[^:：]{1,40}[:：]\s*(?:\S+\s+){5,}")
# A title has a word: three Latin letters, or two CJK characters (figure labels and equation parts have none).
TITLE_WORD = re.compile(r"[A-Za-z]{3}|[\u4e00-\u9fff]{2}")


def numbered_level(numbering: Numbering, has_roman: bool) -> int:
    if numbering.scheme == "letter":
        return 2 if has_roman else 1
    return numbering.depth


def word_count(text: str) -> int:
    """Words of mixed text: a Chinese word is about two characters."""
    return len(text.split()) + sum(1 for c in text if "\u4e00" <= c <= "\u9fff") // 2


def join_wrapped(first: str, second: str) -> str:
    """Two lines of one heading; a word broken at the line end ("pro-" + "jection") is joined."""
    if re.search(r"[a-z]-$", first) and second[:1].islower():
        return first[:-1] + second
    return f"{first} {second}"


def font_family(font: str) -> str:
    """A TeX font name without its design size: CMR10 and CMR9 are one face.

    Only names of letters and a size are cut; hashed names such as "AdvOT5d8f3c51"
    keep their digits, which tell the fonts apart.
    """
    match = re.fullmatch(r"([A-Za-z]+)\d{1,2}", font)
    return match.group(1) if match else font


def clean_title(title: str) -> str:
    """Letter-spaced CJK ("摘 要") joined; runs of spaces folded."""
    title = re.sub(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", "", title)
    return re.sub(r"\s+", " ", title).strip()
