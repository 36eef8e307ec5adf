"""Document pairs made to drift: the fit half's real pairs with their English side changed the way
versions and translations change, to teach the confidence model what a moved or missing section
does to the beads around it.

- "moved": the two largest English sections after the first change places;
- "dropped": the largest English section after the first is left out (the Chinese translates a
  version that had it).

Sentences keep their ids and texts, so bitext_eval labels the beads as it labels the real pair's:
against the gold, by where each sentence's text stands in the original document.
"""

from __future__ import annotations

import dataclasses

from pipeline.types import SegmentedDoc


def _largest(doc: SegmentedDoc, count: int) -> list[str]:
    """Ids of the `count` sections with the most sentences, the first section left alone."""
    sizes: dict[str, int] = {}
    for sentence in doc.sentences:
        sizes[sentence.section_id] = sizes.get(sentence.section_id, 0) + 1
    candidates = [s.id for s in doc.sections[1:] if sizes.get(s.id, 0) >= 2]
    return sorted(candidates, key=lambda i: (-sizes[i], i))[:count]


def _reordered(doc: SegmentedDoc, order: list[str]) -> SegmentedDoc:
    """The document with its sections in `order` (ids; sections not named are left out)."""
    rank = {section_id: k for k, section_id in enumerate(order)}

    def key(item):
        return rank[item.section_id]

    return dataclasses.replace(
        doc,
        sections=[s for s in sorted((s for s in doc.sections if s.id in rank), key=lambda s: rank[s.id])],
        paragraphs=sorted((p for p in doc.paragraphs if p.section_id in rank), key=key),
        sentences=sorted((s for s in doc.sentences if s.section_id in rank), key=key),
    )


def variants(doc: SegmentedDoc) -> dict[str, SegmentedDoc]:
    """The drifted versions of `doc` that it has sections for."""
    order = [s.id for s in doc.sections]
    out = {}
    largest = _largest(doc, 2)
    if len(largest) == 2:
        a, b = order.index(largest[0]), order.index(largest[1])
        moved = list(order)
        moved[a], moved[b] = moved[b], moved[a]
        out["moved"] = _reordered(doc, moved)
    if largest:
        out["dropped"] = _reordered(doc, [i for i in order if i != largest[0]])
    return out


def prediction(zh: SegmentedDoc, en: SegmentedDoc) -> dict:
    """bitext_eval's view of the original documents: each language's sentences in document order."""
    return {lang: [{"id": s.id, "text": s.text} for s in doc.sentences] for lang, doc in (("zh", zh), ("en", en))}
