"""Sentences of a document's paragraphs (part of stage 3, segment), each in the language it is written in.

A heading is one segment (kind "heading"), never split. A body paragraph is
split with the rules of the language it is mostly written in; each sentence's
own language is then judged (lang.detect.segment_language). Sentences in the
document's language are its sentences; the others — an English note or a
kept original inside a Chinese file, an untranslated UI string, a line of
only numbers or symbols ("und") — go to the mismatched list, split with their
own language's rules, and are never aligned as translations.
"""

from __future__ import annotations

from pipeline.lang.base import LanguageRules, SentenceSpan
from pipeline.lang.detect import segment_language
from pipeline.progress import progress
from pipeline.types import NON_BODY_KINDS, Paragraph, Sentence


def _other_rules(rules: LanguageRules, other_rules: LanguageRules | None) -> LanguageRules:
    if other_rules is not None:
        return other_rules
    from pipeline.lang import rules_for

    return rules_for("en" if rules.lang == "zh" else "zh")


def split_sentences(
    paragraphs: list[Paragraph], rules: LanguageRules, other_rules: LanguageRules | None = None
) -> tuple[list[Sentence], list[Sentence]]:
    """(sentences in the document's language, sentences in another) of `paragraphs`, in reading order."""
    lang = rules.lang
    sentences: list[Sentence] = []
    mismatched: list[Sentence] = []
    body = [p for p in paragraphs if p.kind not in NON_BODY_KINDS]
    for paragraph in progress(body, desc=f"segment {paragraphs[0].source_id if paragraphs else ''}", unit="para"):
        text = paragraph.text
        if paragraph.kind == "heading":
            found = segment_language(text, lang)
            used = rules if found in (lang, "und") else _other_rules(rules, other_rules)
            pieces = [(SentenceSpan(0, len(text), used.words(text)), found, used)]
        else:
            written = segment_language(text, lang)
            split_by = rules if written in (lang, "und") else _other_rules(rules, other_rules)
            pieces = []
            for span in split_by.analyse(text):
                found = segment_language(text[span.start : span.end], lang)
                if found in (lang, "und") or found == split_by.lang:
                    pieces.append((span, found, split_by))
                    continue
                # Written in the other language inside a paragraph of this one: split by its own rules.
                own = _other_rules(rules, other_rules)
                for inner in own.analyse(text[span.start : span.end]):
                    shifted = SentenceSpan(span.start + inner.start, span.start + inner.end, inner.words)
                    pieces.append((shifted, found, own))
        for k, (span, found, used) in enumerate(pieces, start=1):
            target = sentences if found == lang else mismatched
            target.append(_sentence(paragraph, k, span, found, used, len(target), heading=paragraph.kind == "heading"))
    return sentences, mismatched


def _sentence(
    paragraph: Paragraph, k: int, span: SentenceSpan, lang: str, rules: LanguageRules, order: int, heading: bool
) -> Sentence:
    text = paragraph.text[span.start : span.end]
    start = paragraph.start + span.start
    anchors = rules.anchors(text)
    for anchor in anchors:
        anchor.start += start
        anchor.end += start
    return Sentence(
        id=f"{paragraph.id}:s{k}",
        source_id=paragraph.source_id,
        lang=lang,
        section_id=paragraph.section_id,
        paragraph_id=paragraph.id,
        order=order,
        start=start,
        end=paragraph.start + span.end,
        text=text,
        text_norm=rules.normalise(text),
        words=span.words,
        anchors=anchors,
        page=paragraph.page,
        bbox=paragraph.bbox,
        kind="heading" if heading else "sentence",
    )
