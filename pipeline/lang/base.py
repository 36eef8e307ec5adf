"""The interface every language module implements."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language

from pipeline.anchors import AnchorPatterns, find_anchors
from pipeline.types import Anchor


@dataclass(frozen=True)
class HeadingParse:
    """A heading found in a line of text; offsets are local to that line."""

    number: str | None
    title: str
    end: int  # end of the heading text (number and title)
    body_start: int | None  # start of a paragraph run into the heading line


@dataclass(frozen=True)
class SentenceSpan:
    start: int  # local to the analysed text
    end: int
    words: list[str]


class LanguageRules:
    lang: str = "und"
    nlp: Language
    anchor_patterns: AnchorPatterns
    word_joiner = " "

    def normalise(self, text: str) -> str:
        raise NotImplementedError

    def parse_heading(self, text: str, marked: bool) -> HeadingParse | None:
        """A heading in `text`, or None. `marked` says markup already calls it one."""
        raise NotImplementedError

    def titled_references(self, text: str) -> list[tuple[str, str]]:
        """(title, section number) pairs a text gives, e.g. "相关工作(第2节)"."""
        raise NotImplementedError

    def title_key(self, title: str) -> str:
        raise NotImplementedError

    def anchors(self, text: str) -> list[Anchor]:
        return find_anchors(text, self.anchor_patterns)

    def analyse(self, text: str) -> list[SentenceSpan]:
        """Sentences of one paragraph with their words, from one spaCy Doc."""
        doc = self.nlp(text)
        spans = []
        for sent in doc.sents:
            start, end = sent.start_char, sent.end_char
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if end > start:
                words = [t.text for t in sent if not t.is_space]
                spans.append(SentenceSpan(start, end, words))
        return spans

    def words(self, text: str) -> list[str]:
        return [t.text for t in self.nlp.make_doc(text) if not t.is_space]
