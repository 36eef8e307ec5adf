"""Which language a text is in, from its script: Chinese or English.

The share of CJK ideographs among the letters of a text tells Chinese from
English with near certainty (a Chinese text quotes English terms, an English
one rarely holds a Han character). Texts that are neither say so.
"""

from __future__ import annotations

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
