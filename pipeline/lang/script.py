"""Writing systems: which characters are Han, which are wide, how wrapped lines join.

Language-neutral facts about scripts that every extractor needs: a Chinese
line wrapped in a source file joins its next line without a space, an English
one with a space (the CSS Text rule browsers follow: a line break between two
East Asian wide characters disappears, any other becomes a space).
"""

from __future__ import annotations

import re
import unicodedata

_HAN_RANGES = (
    ("\u3400", "\u4dbf"),  # Extension A
    ("\u4e00", "\u9fff"),  # Unified Ideographs
    ("\uf900", "\ufaff"),  # Compatibility Ideographs
    ("\U00020000", "\U0002fa1f"),  # Extensions B-F and Compatibility Supplement
)
HAN = re.compile("[" + "".join(f"{a}-{b}" for a, b in _HAN_RANGES) + "]")
LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")


def is_han(ch: str) -> bool:
    return any(a <= ch <= b for a, b in _HAN_RANGES)


def is_wide(ch: str) -> bool:
    """An East Asian wide or full-width character (Han, kana, CJK punctuation, full-width forms)."""
    return unicodedata.east_asian_width(ch) in ("W", "F")


# East Asian wide and full-width ranges (Unicode EastAsianWidth W and F, the blocks that matter in text).
_WIDE = re.compile(
    "[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3"
    "\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\U00020000-\U0003fffd]"
)


def display_width(text: str) -> int:
    """Columns `text` takes in a terminal or an editor: a wide character takes two."""
    return len(text) + (0 if text.isascii() else len(_WIDE.findall(text)))


# A run of white space holding a line break: where wrapped lines meet.
_BREAK_RUN = re.compile(r"[ \t\r\f\v\u00a0]*\n[\s\u00a0]*")
_SPACE_RUN = re.compile(r"[ \t\r\f\v\u00a0]+")


def join_lines(text: str) -> str:
    """`text` with its line breaks joined as a reader sees them, and runs of spaces made one.

    A break between two wide characters disappears ("中文\\n文本" → "中文文本"); any other
    break, with the spaces around it, becomes one space ("wrapped\\nline" → "wrapped line").
    """

    def joined(match: re.Match) -> str:
        before = text[match.start() - 1] if match.start() > 0 else ""
        after = text[match.end()] if match.end() < len(text) else ""
        if before and after and is_wide(before) and is_wide(after):
            return ""
        return " "

    return _SPACE_RUN.sub(" ", _BREAK_RUN.sub(joined, text)).strip()
