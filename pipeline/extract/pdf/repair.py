"""Text repair for PDF text: ligatures, invisible characters, hyphenation, CJK spacing."""

from __future__ import annotations

import re
import unicodedata

LIGATURES = {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u2009\u200a\u3000"), " ")
_LIGATURE_TABLE = str.maketrans(LIGATURES)


def is_cjk(ch: str) -> bool:
    code = ord(ch)
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0x3000 <= code <= 0x303F
        or 0xFF00 <= code <= 0xFFEF
        or 0xF900 <= code <= 0xFAFF
    )


# A glyph the font maps to no Unicode character: pdfminer writes "(cid:N)". It carries no text.
CID = re.compile(r"\(cid:\d+\)")


# TeX sets an accent as its own spacing glyph before (or above) the letter: "Lemaˆıtre", "Gu¨nter".
SPACING_ACCENTS = {
    "ˆ": "\u0302",
    "¨": "\u0308",
    "´": "\u0301",
    "`": "\u0300",
    "˜": "\u0303",
    "¸": "\u0327",
    "ˇ": "\u030c",
    "˘": "\u0306",
    "˙": "\u0307",
    "˚": "\u030a",
    "¯": "\u0304",
    "˝": "\u030b",
}
_ACCENT_BEFORE = re.compile("([" + "".join(SPACING_ACCENTS) + "])\\s?([A-Za-zıȷ])")
# "G ü nter": an umlauted letter set apart by spaces inside a word (never a word of its own).
_SPLIT_UMLAUT = re.compile(r"(?<=[A-Za-z]) ([äöüëïÄÖÜőűŐŰ]) (?=[a-z])")


def join_diacritics(text: str) -> str:
    """Spacing accents placed next to their letter become the accented letter ("Lemaˆıtre" → "Lemaître")."""
    text = _SPLIT_UMLAUT.sub(r"\1", text)
    if not any(accent in text for accent in SPACING_ACCENTS):
        return text

    def compose(letter: str, accent: str) -> str:
        base = {"ı": "i", "ȷ": "j"}.get(letter, letter)  # the dotless letters TeX puts under an accent
        return unicodedata.normalize("NFC", base + SPACING_ACCENTS[accent])

    return _ACCENT_BEFORE.sub(lambda m: compose(m.group(2), m.group(1)), text)


def clean_chars(text: str) -> str:
    """Expand ligatures, drop soft hyphens, zero-width characters and unmapped glyphs, plain spaces."""
    return CID.sub("", text).translate(_LIGATURE_TABLE).translate(INVISIBLE).translate(SPACES)


# Pieces closer than this share of the font size are one word that pdfplumber
# split at a font change: small caps ("I" + "NTRODUCTION") and letter-spaced
# or mixed-font words. A real inter-word space is about a quarter of an em.
SAME_WORD_GAP = 0.1


def join_words(left: str, right: str, gap: float | None = None, size: float = 10.0) -> str:
    """Join two pieces of a line. No space between CJK characters, and none
    between CJK and Latin text unless the PDF leaves a real gap there."""
    if not left:
        return right
    if not right:
        return left
    if is_cjk(left[-1]) and is_cjk(right[0]):
        return left + right
    if gap is not None and gap < SAME_WORD_GAP * size and left[-1].isalnum() and right[0].isalnum():
        return left + right
    if (is_cjk(left[-1]) or is_cjk(right[0])) and gap is not None and gap < 0.6 * size:
        return left + right
    return left + " " + right


HYPHENATED_END = re.compile(r"(?P<stem>[A-Za-z][A-Za-z\-]*)-$")
WORD = re.compile(r"[A-Za-z][A-Za-z\-]+")


# How much rarer than its rarer part a joined word may be and still be the word that was split:
# "with-out" -> "without" (5.7 against 6.4), but "long-term" stays (longterm 2.8 against 5.2).
JOIN_ZIPF_MARGIN = 2.0


def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


class Dehyphenator:
    """Re-joins words split at line ends, keeping real hyphens.

    The document decides first: a split is undone when the joined word occurs
    elsewhere in it, kept when the hyphenated form does. Otherwise a word list
    (wordfreq's English frequencies) decides: the joined form wins when it is
    a word about as common as its parts ("align-ment", "trans-formers"), or
    when neither it nor the tail is a word (a syllable break of a rare term);
    compounds of real words keep their hyphen ("sequence-aligned",
    "source-target", "multi-agent"), and so do capitalised or numeric parts
    ("LLM-based", "Gale-Church").
    """

    def __init__(self, document_text: str = ""):
        self.vocabulary: set[str] = set()
        self.update(document_text)

    def update(self, text: str) -> None:
        self.vocabulary.update(w.lower() for w in WORD.findall(text))

    def join_lines(self, previous: str, following: str) -> str:
        if not previous:
            return following
        match = HYPHENATED_END.search(previous)
        if not match or not following or not following[0].isalpha():
            return join_words(previous, following)
        stem = match.group("stem")
        next_word = re.match(r"[A-Za-z]+", following)
        tail = next_word.group(0) if next_word else ""
        return previous + following if self.keeps_hyphen(stem, tail) else previous[:-1] + following

    def keeps_hyphen(self, stem: str, tail: str) -> bool:
        joined, hyphenated = (stem + tail).lower(), f"{stem}-{tail}".lower()
        if hyphenated in self.vocabulary and joined not in self.vocabulary:
            return True
        if joined in self.vocabulary and hyphenated not in self.vocabulary:
            return False
        if "-" in stem or stem.isupper() or tail[:1].isupper() or any(c.isdigit() for c in stem):
            return True
        last_part = stem.rsplit("-", 1)[-1].lower()
        joined_zipf, stem_zipf, tail_zipf = _zipf(joined), _zipf(last_part), _zipf(tail.lower())
        if joined_zipf > 0 and joined_zipf >= min(stem_zipf, tail_zipf) - JOIN_ZIPF_MARGIN:
            return False
        return tail_zipf > 0  # both halves are words: a compound; else a syllable break
