"""Chinese rules: jieba words through spaCy, sentence ends, headings, anchors."""

from __future__ import annotations

import logging
import re
import unicodedata
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.lang import anchor_patterns
from pipeline.lang.base import HeadingParse, LanguageRules, set_sentence_starts

FINAL = "。！？"
HALF_FINAL = "?!"
OPENERS = {
    "(": ")",
    "（": "）",
    "[": "]",
    "［": "］",
    "【": "】",
    "《": "》",
    "〈": "〉",
    "「": "」",
    "『": "』",
    "“": "”",
    "‘": "’",
}
CLOSERS = {v: k for k, v in OPENERS.items()}
DASHES = "—–―⸺"  # a dash after an end mark continues the sentence (GB/T 15834 破折号)
SENTENCE_PUNCT = set('。！？，,；;：:、“”"')

CN_NUMERALS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}

NUMBERED = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2}){0,3})(?:(?<=\d)\.(?=\s))?(?P<gap>\s*)(?P<rest>\S.*)$")
CN_NUMBERED = re.compile(
    r"^(?:第(?P<a>[一二三四五六七八九十\d]+)[章节]|(?P<b>[一二三四五六七八九十]+)[、.．])\s*(?P<rest>\S.*)$"
)
TITLED_REF = re.compile(r"(?P<title>[^,，。;；、:：()（）]{2,30})[(（]第(?P<num>\d+(?:\.\d+)*)节[)）]")

ANCHOR_PATTERNS = anchor_patterns.ZH


def _cn_number(token: str) -> str:
    if token.isdigit():
        return token
    if token == "十":
        return "10"
    if token.startswith("十"):
        return str(10 + CN_NUMERALS.get(token[1:], 0))
    if len(token) == 2 and token.endswith("十"):
        return str(CN_NUMERALS[token[0]] * 10)
    if len(token) == 3 and token[1] == "十":
        return str(CN_NUMERALS[token[0]] * 10 + CN_NUMERALS[token[2]])
    return str(CN_NUMERALS.get(token, 0))


def protected_ranges(text: str) -> list[bool]:
    """For each character, whether it sits inside a matched bracket or quote pair.

    Unmatched openers protect nothing, so one stray "(" cannot swallow a paragraph.
    """
    inside = [False] * len(text)
    stack: list[tuple[str, int]] = []
    straight_open: int | None = None
    for i, ch in enumerate(text):
        if ch in OPENERS:
            stack.append((ch, i))
        elif ch in CLOSERS:
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == CLOSERS[ch]:
                    start = stack[depth][1]
                    for k in range(start + 1, i):
                        inside[k] = True
                    del stack[depth:]
                    break
        elif ch == '"':
            if straight_open is None:
                straight_open = i
            else:
                for k in range(straight_open + 1, i):
                    inside[k] = True
                straight_open = None
    return inside


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """Sentence spans: ends at 。！？ and at ? ! outside brackets and quotes.

    A closing quote or bracket right after the end mark stays with its sentence.
    """
    inside = protected_ranges(text)
    bounds, start, i, n = [], 0, 0, len(text)
    while i < n:
        ch = text[i]
        if (ch in FINAL or ch in HALF_FINAL) and not inside[i]:
            end = i + 1
            while end < n and (text[end] in FINAL or text[end] in HALF_FINAL or text[end] in CLOSERS):
                end += 1
            if end < n and text[end] in DASHES:
                i = end  # "……架子上！——位于……": a dash after the mark carries the sentence on
                continue
            bounds.append((start, end))
            start = end
            i = end
            continue
        # "……。”" style: a final mark inside quotes ends the sentence at the quote.
        if ch in CLOSERS and i > 0 and text[i - 1] in FINAL and not inside[i]:
            bounds.append((start, i + 1))
            start = i + 1
        i += 1
    if start < n:
        bounds.append((start, n))
    out: list[tuple[int, int]] = []
    for s, e in bounds:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s and out and _trailing_reference(text[s:e]):
            out[-1] = (out[-1][0], e)  # "……。(#19696 @rickhanlonii)" keeps its reference
        elif e > s:
            out.append((s, e))
    return out


def _trailing_reference(span: str) -> bool:
    """A bracketed group with no sentence of its own inside ("(第2.1节)", "(#19696)"), as a whole span."""
    closer = OPENERS.get(span[0])
    inner = span[1:-1]
    return (
        closer is not None
        and span.endswith(closer)
        and not any(c in FINAL or c in HALF_FINAL or c in "." for c in inner.rstrip()[-1:])
        and span.count(span[0]) == 1
    )


@Language.component("zh_sentence_rules")
def zh_sentence_rules(doc: Doc) -> Doc:
    starts = {s for s, _ in sentence_bounds(doc.text)}
    return set_sentence_starts(doc, [token.i == 0 or token.idx in starts for token in doc])


class ChineseRules(LanguageRules):
    lang = "zh"
    anchor_patterns = ANCHOR_PATTERNS
    word_joiner = ""

    def __init__(self, user_dictionary: str | Path | None = None):
        import jieba

        jieba.setLogLevel(logging.WARNING)
        # A tokenizer of our own: a user dictionary loaded into jieba's global one would change
        # every other ChineseRules in the process (results depending on what ran before).
        self.tokenizer = jieba.Tokenizer()
        if user_dictionary and Path(user_dictionary).is_file():
            self.tokenizer.load_userdict(str(user_dictionary))
        self.nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
        self.nlp.tokenizer.jieba_seg = self.tokenizer  # type: ignore[union-attr]  # spaCy's ChineseTokenizer
        self.nlp.add_pipe("zh_sentence_rules")

    def normalise(self, text: str) -> str:
        # NFKC folds full-width ,（： into their half-width forms; spaces between
        # CJK characters are layout noise.
        folded = unicodedata.normalize("NFKC", text)
        return re.sub(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", "", folded)

    def sentence_bounds(self, text: str) -> list[tuple[int, int]]:
        return sentence_bounds(text)

    def parse_heading(self, text: str, marked: bool) -> HeadingParse | None:
        cn = CN_NUMBERED.match(text)
        if cn:
            number = _cn_number(cn.group("a") or cn.group("b"))
            return self._titled(number, text, cn.start("rest"), marked)
        match = NUMBERED.match(text)
        if match and (match.group("gap") or "." in match.group("num")):
            return self._titled(match.group("num"), text, match.start("rest"), marked)
        if marked or self._looks_like_title(text):
            return HeadingParse(number=None, title=text.strip(), end=len(text.rstrip()), body_start=None)
        return None

    def _looks_like_title(self, text: str, limit: int = 25) -> bool:
        stripped = text.strip()
        return (
            0 < len(stripped) <= limit
            and not any(c in SENTENCE_PUNCT for c in stripped)
            and stripped[-1] not in FINAL + HALF_FINAL + "."
            and not stripped[0].isdigit()
            and any("\u4e00" <= c <= "\u9fff" for c in stripped)
        )

    def _titled(self, number: str, text: str, rest_start: int, marked: bool) -> HeadingParse | None:
        rest = text[rest_start:]
        stripped = rest.rstrip()
        if marked or (len(stripped) <= 40 and not any(c in "。；;，," for c in stripped)):
            return HeadingParse(number=number, title=stripped, end=rest_start + len(stripped), body_start=None)
        # A heading run into its paragraph: a short title, a space, then the body.
        run_in = re.match(r"(?P<title>[^\s。，,；;：:“”\"(（]{1,20}[?？]?)\s+(?P<body>\S)", rest)
        if run_in and len(rest) - run_in.start("body") > 20:
            return HeadingParse(
                number=number,
                title=run_in.group("title"),
                end=rest_start + run_in.end("title"),
                body_start=rest_start + run_in.start("body"),
            )
        return None

    def titled_references(self, text: str) -> list[tuple[str, str]]:
        refs = []
        for m in TITLED_REF.finditer(text):
            # The title runs back to the nearest punctuation ("……，相关工作(第2节)").
            refs.append((m.group("title").strip(), m.group("num")))
        return refs

    def title_key(self, title: str) -> str:
        return re.sub(r"[的之\s]", "", self.normalise(title)).lower()
