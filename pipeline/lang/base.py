"""The interface every language module implements."""

from __future__ import annotations

from dataclasses import dataclass
from sys import intern

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

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


# Characters analysed at once; a longer paragraph (a 1 MB line without punctuation) is cut in pieces.
ANALYSE_CHUNK = 50_000


def set_sentence_starts(doc: Doc, starts: list[bool]) -> Doc:
    """Mark sentence starts in one array write.

    Setting `token.is_sent_start` token by token makes spaCy scan the whole
    Doc for each assignment: quadratic on a long paragraph (a 40,000-character
    line took 6 s). `Doc.from_array` writes them all at once.
    """
    if len(doc):
        # uint64 as spaCy stores attributes; -1 (not a start) wraps and is read back as -1.
        values = numpy.array([1 if start else -1 for start in starts], dtype="int64").astype("uint64").reshape(-1, 1)
        values[0, 0] = 1
        doc.from_array([SENT_START], values)  # type: ignore[arg-type]  # spaCy's Ints2d is a numpy 2-D array
    return doc


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
        """Sentences of one paragraph with their words.

        A paragraph longer than ANALYSE_CHUNK characters is analysed in pieces
        cut after a sentence-final mark (else at a space, else anywhere) before
        the limit: spaCy's `max_length` refuses longer texts, and its
        words-to-text alignment slows down quadratically on long ones.
        """
        limit = min(ANALYSE_CHUNK, self.nlp.max_length)
        if len(text) <= limit:
            return self._analyse(text)
        spans: list[SentenceSpan] = []
        offset = 0
        while offset < len(text):
            piece = text[offset : offset + limit]
            if offset + limit < len(text):
                cut = max(piece.rfind(mark) for mark in "。！？.!?")
                cut = cut + 1 if cut > limit // 2 else (piece.rfind(" ") + 1 or limit)
                piece = piece[:cut]
            spans.extend(SentenceSpan(s.start + offset, s.end + offset, s.words) for s in self._analyse(piece))
            offset += len(piece)
        return spans

    def _analyse(self, text: str) -> list[SentenceSpan]:
        doc = self.nlp(text)
        spans = []
        for sent in doc.sents:
            start, end = sent.start_char, sent.end_char
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if end > start:
                # Interned: a long text repeats a few thousand words millions of times, and one
                # string object per occurrence was two thirds of a segmented document's memory.
                words = [intern(t.text) for t in sent if not t.is_space]
                spans.append(SentenceSpan(start, end, words))
        return spans

    def words(self, text: str) -> list[str]:
        return [t.text for t in self.nlp.make_doc(text) if not t.is_space]
