"""The interface every language module implements.

spaCy is not imported here: stages that only name the interface (records, questions,
diff of two outputs) do without it; the language modules import it.
"""

from __future__ import annotations

import atexit
import functools
import gc
from dataclasses import dataclass
from functools import cached_property
from sys import intern
from typing import TYPE_CHECKING

from pipeline.citations import AnchorPatterns, find_anchors
from pipeline.types import Anchor

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc


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
    import numpy  # both loaded with spaCy already: the caller is a spaCy component
    from spacy.attrs import SENT_START

    if len(doc):
        # uint64 as spaCy stores attributes; -1 (not a start) wraps and is read back as -1.
        values = numpy.array([1 if start else -1 for start in starts], dtype="int64").astype("uint64").reshape(-1, 1)
        values[0, 0] = 1
        doc.from_array([SENT_START], values)  # type: ignore[arg-type]  # spaCy's Ints2d is a numpy 2-D array
    return doc


@functools.cache
def _no_final_collections() -> None:
    """At exit, leave the process's objects out of the interpreter's last garbage collections.

    Those collections traverse every object still alive, and spaCy's and jieba's are many:
    0.15 s (English) to 0.3 s (Chinese) of a `pipeline segment` process went there, the work
    being done and its files closed. `gc.freeze()` moves them to a generation no collection
    looks at; objects are still freed when their last reference goes, and atexit handlers
    registered before this one still run (after it). Registered once, by the first rules
    built: only processes that loaded the libraries are concerned.
    """
    atexit.register(gc.freeze)


class LanguageRules:
    lang: str = "und"
    anchor_patterns: AnchorPatterns
    word_joiner = " "

    @cached_property
    def nlp(self) -> Language:
        """The spaCy pipeline, built on first use, once: a document's segmentation also builds the
        other language's rules (for sentences written in it), and most documents never use them;
        the Chinese ones cost jieba's dictionary (~0.4 s)."""
        _no_final_collections()
        return self.build_nlp()

    def build_nlp(self) -> Language:
        raise NotImplementedError

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
