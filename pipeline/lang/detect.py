"""Which language a text is in, from its script: Chinese or English.

The share of CJK ideographs among the letters of a text tells Chinese from
English with near certainty (a Chinese text quotes English terms, an English
one rarely holds a Han character). Texts that are neither say so.
"""

from __future__ import annotations

import re

from pipeline.lang.script import HAN

CJK_SHARE_ZH = 0.3  # at least this share of letters are Han characters: Chinese
CJK_SHARE_EN = 0.02  # at most this share, with Latin letters: English
SAMPLE = 200_000  # characters looked at; a long file is judged on its beginning


def cjk_share(text: str) -> tuple[float, int]:
    """Share of Han characters among the letters of `text`, and the number of letters."""
    letters = han = 0
    for ch in text[:SAMPLE]:
        if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff":
            han += 1
            letters += 1
        elif ch.isalpha():
            letters += 1
    return (han / letters if letters else 0.0), letters


def detect_language(text: str) -> str | None:
    """ "zh", "en", or None when the script does not decide (too little text, or mixed)."""
    share, letters = cjk_share(text)
    if letters < 20:
        return None
    if share >= CJK_SHARE_ZH:
        return "zh"
    if share <= CJK_SHARE_EN:
        return "en"
    return None


NAMES = {"zh": "Chinese", "en": "English"}


def check_language(path: str, text: str, given: str | None) -> str:
    """The language of a source: `given` unless its script contradicts it, else the detected one.

    A contradiction (a Chinese file declared English, files given the wrong way round) is a
    PipelineError naming the file, the detected and the given language.
    """
    from pipeline.errors import PipelineError

    found = detect_language(text)
    if given in NAMES and found is not None and found != given:
        raise PipelineError(
            path,
            f"is written in {NAMES[found]} ({found}) but was given as {NAMES[given]} "
            f"({given}); swap the files or fix the language",
        )
    if given in NAMES:
        return given
    if found is None:
        raise PipelineError(path, "cannot tell from its script whether it is Chinese or English; give its language")
    return found


# Language of one segment (a sentence or paragraph inside a document) --------------------------
#
# A document's segments are counted in units of its two scripts: Han characters (about 1.5 to a
# word) and Latin tokens (words and identifiers alike: "Helm", "setNumber", "v3"). A segment that
# holds the document's script stays in the document's language unless the other script outweighs
# it many times over ("版本 4.0 • See the errata page ..." is a partly translated Chinese line, an
# English sentence quoting one Chinese word is English); a segment without the document's script
# is in the other language when it has that script, else in none ("und": numbers, symbols).
HAN_CHARS_PER_WORD = 1.5
OTHER_SCRIPT_DOMINANCE = 10.0
_LATIN_TOKEN = re.compile(r"[A-Za-z0-9_\u00c0-\u024f]*[A-Za-z\u00c0-\u024f][A-Za-z0-9_\u00c0-\u024f]*")


def script_units(text: str) -> tuple[float, int]:
    """(Chinese words, Latin tokens) in `text`, Chinese words estimated from its Han characters."""
    han = len(HAN.findall(text))
    return han / HAN_CHARS_PER_WORD, len(_LATIN_TOKEN.findall(text))


# A segment that is one tag ("<form>", "</Suspense>", "<Activity />") names markup: no language.
_LONE_TAG = re.compile(r"^\s*</?[A-Za-z][\w.:-]*(?:\s[^<>]*)?/?>\s*$")


def segment_language(text: str, document_lang: str) -> str:
    """The language one segment of a `document_lang` document is written in: "zh", "en" or "und"."""
    if _LONE_TAG.match(text):
        return "und"
    zh, en = script_units(text)
    own, other = (zh, en) if document_lang == "zh" else (en, zh)
    other_lang = "en" if document_lang == "zh" else "zh"
    if own and own * OTHER_SCRIPT_DOMINANCE >= other:
        return document_lang
    if other:
        return other_lang
    return "und"
