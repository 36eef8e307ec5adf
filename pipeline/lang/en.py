"""English rules: spaCy's sentencizer with abbreviations, headings, anchors."""

from __future__ import annotations

import re
import unicodedata

import spacy
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.lang import anchor_patterns
from pipeline.lang.base import HeadingParse, LanguageRules, set_sentence_starts
from pipeline.lang.numbering import ROMAN
from pipeline.settings import EnSegmentSettings

NUMBERED = re.compile(
    r"^(?P<num>\d{1,2}(?:\.\d{1,2}){0,3}|[A-Z](?:\.\d{1,2}){1,3}|" + ROMAN + r"(?=\.))\.?\s+(?P<title>[A-Z(“\"'].*)$"
)
APPENDIX = re.compile(r"^(?:Appendix|APPENDIX)\s+(?P<num>[A-Z](?:\.\d{1,2})*)\b[.:]?\s*(?P<title>.*)$")
TITLED_REF = re.compile(
    r"(?P<title>[A-Z][\w\-]*(?: (?:[\w\-]+|of|and|the|for|in)){0,8}?)"
    r"\s*\((?:Section|Sec\.|§)\s*(?P<num>\d+(?:\.\d+)*)\)"
)

ANCHOR_PATTERNS = anchor_patterns.EN


LIST_MARKER = re.compile(r"^(?:\(?\d{1,3}(?:\.\d{1,3})*[.)]|\(?[a-z][.)]|[•\-*])$")


def _bracket_closes_text(doc: Doc, open_index: int) -> bool:
    """Whether the bracket opened at `open_index` is a trailing reference: it closes at the end of the
    text or of a sentence, and holds no sentence of its own ("(Section 2.1.1)", not "(See below.)")."""
    depth = 0
    for token in doc[open_index:]:
        depth += token.text == "("
        depth -= token.text == ")"
        if depth == 0:
            following = doc[token.i + 1] if token.i + 1 < len(doc) else None
            inner_final = token.i > open_index + 1 and doc[token.i - 1].text in (".", "!", "?")
            return (following is None or following.text in (".", "!", "?")) and not inner_final
    return False


SENTENCE_FINAL = {".", "!", "?", "…"}


@Language.factory("en_sentence_fixes", default_config={"final_abbreviations": ["etc."]})
def make_en_sentence_fixes(nlp: Language, name: str, final_abbreviations: list[str]):
    final = set(final_abbreviations)

    def en_sentence_fixes(doc: Doc) -> Doc:
        sentence_start = 0
        starts = [bool(token.is_sent_start) for token in doc]
        for token in doc[1:]:
            if starts[token.i] and not starts[token.i - 1]:
                # The sentencizer starts after the punctuation that follows a full stop; what is glued
                # to the word ("[datasample]", "(#19707", '"Then') begins the sentence with it.
                first = token.i
                while (
                    first - 1 > sentence_start
                    and not doc[first - 1].whitespace_
                    and doc[first - 1].is_punct
                    and doc[first - 1].text not in SENTENCE_FINAL
                ):
                    first -= 1
                if first != token.i:
                    starts[token.i], starts[first] = False, True
                    token = doc[first]
            previous = doc[token.i - 1]
            # "etc." closes a sentence only when a capitalised word follows.
            if previous.text in final and token.text[:1].isupper():
                starts[token.i] = True
            elif (
                starts[token.i]
                and (
                    # never start with a closing bracket or clause punctuation
                    token.text[:1] in ")]},;:"
                    # a list marker ("1.", "2.1.", "(a)") is not a sentence of its own
                    or LIST_MARKER.match(doc.text[doc[sentence_start].idx : token.idx].strip())
                    # "... transformers? (Section 2.1.1)" keeps its trailing reference
                    or (token.text == "(" and _bracket_closes_text(doc, token.i))
                    or (previous.text == "(" and _bracket_closes_text(doc, previous.i))
                )
            ):
                starts[token.i] = False
            if starts[token.i]:
                sentence_start = token.i
        return set_sentence_starts(doc, starts)

    return en_sentence_fixes


class EnglishRules(LanguageRules):
    lang = "en"
    anchor_patterns = ANCHOR_PATTERNS

    def __init__(self, settings: EnSegmentSettings | None = None):
        self.settings = settings or EnSegmentSettings()  # the defaults are the settings' own, defined there only

    def build_nlp(self) -> Language:
        settings = self.settings
        nlp = spacy.blank("en")
        for abbreviation in list(settings.abbreviations) + list(settings.sentence_final_abbreviations):
            # "et al." is two tokens; protect its last word.
            for word in abbreviation.split():
                if word.endswith("."):
                    tokenizer = nlp.tokenizer  # spaCy's Tokenizer (typed as a plain callable)
                    tokenizer.add_special_case(word, [{ORTH: word}])  # type: ignore[union-attr]
                    tokenizer.add_special_case(word.capitalize(), [{ORTH: word.capitalize()}])  # type: ignore[union-attr]
        nlp.add_pipe("sentencizer")
        nlp.add_pipe("en_sentence_fixes", config={"final_abbreviations": list(settings.sentence_final_abbreviations)})
        return nlp

    def normalise(self, text: str) -> str:
        return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()

    def parse_heading(self, text: str, marked: bool) -> HeadingParse | None:
        stripped = text.rstrip()
        appendix = APPENDIX.match(stripped)
        if appendix and len(stripped) <= 120:
            title = appendix.group("title").strip() or f"Appendix {appendix.group('num')}"
            return HeadingParse(number=appendix.group("num"), title=title, end=len(stripped), body_start=None)
        match = NUMBERED.match(stripped)
        if match and match.group("num") and self._looks_like_title(match.group("title"), marked):
            return HeadingParse(
                number=match.group("num"), title=match.group("title"), end=len(stripped), body_start=None
            )
        if marked or self._looks_like_title(stripped, marked=False, numbered=False):
            if marked or stripped.lower() in {
                "abstract",
                "introduction",
                "references",
                "acknowledgements",
                "acknowledgments",
                "conclusion",
                "conclusions",
                "contents",
            }:
                return HeadingParse(number=None, title=stripped, end=len(stripped), body_start=None)
        return None

    @staticmethod
    def _looks_like_title(title: str, marked: bool, numbered: bool = True) -> bool:
        words = title.split()
        if not words or len(title) > 150:
            return False
        if marked:
            return True
        return len(words) <= 14 and not title.endswith((".", ",", ";", ":")) and (numbered or len(words) <= 6)

    def titled_references(self, text: str) -> list[tuple[str, str]]:
        return [(m.group("title"), m.group("num")) for m in TITLED_REF.finditer(text)]

    def title_key(self, title: str) -> str:
        return re.sub(r"[^a-z0-9]+", " ", self.normalise(title).lower()).strip()
