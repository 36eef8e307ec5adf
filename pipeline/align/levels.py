"""Paragraph and section beads, read off the sentence beads.

The sentence alignment is the one decision; the levels above follow from it,
so the three levels never contradict each other:

- paragraphs joined by sentence beads form one paragraph bead (two list items
  translated as one paragraph make a 2-1 bead); code blocks paired as the
  same code are 1-1 beads of their own; every other paragraph is a 1-0 or 0-1
  bead;
- sections pair up where each is the other's main partner (most sentence
  beads between them, a heading pair counting a little more); only pairs are
  written at this level.

A paragraph or section bead's score is the mean score of the sentence beads
inside it (for a code pair: how alike the two blocks are).
"""

from __future__ import annotations

from collections import defaultdict

from pipeline.align.fixed import CodeBlock
from pipeline.align.verbatim import code_similarity
from pipeline.types import AlignmentRecord, Paragraph, SegmentedDoc

# A heading pair counts for a little more than a body bead when sections pick their partners: it
# decides between sections the text links equally, never against the text.
HEADING_WEIGHT = 1.5


def record(level: str, zh: list[str], en: list[str], score: float, signals: dict) -> AlignmentRecord:
    aligned = bool(zh and en)
    return AlignmentRecord(
        id=f"{level}|{zh[0] if zh else '-'}|{en[0] if en else '-'}",
        level=level,
        bead=f"{len(zh)}-{len(en)}",
        zh=list(zh),
        en=list(en),
        score=round(score, 4) if aligned else 0.0,
        signals=signals if aligned else {},
        status="aligned" if aligned else "unaligned",
    )


class _Groups:
    """Union-find over ids."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def join(self, x: str, y: str) -> None:
        self.parent[self.find(x)] = self.find(y)


def paragraph_beads(
    zh_doc: SegmentedDoc,
    en_doc: SegmentedDoc,
    sentence_beads: list[AlignmentRecord],
    code: list[tuple[CodeBlock, CodeBlock]],
) -> list[AlignmentRecord]:
    paragraph_of = {s.id: s.paragraph_id for doc in (zh_doc, en_doc) for s in doc.sentences}
    groups = _Groups()
    scores: dict[str, list[float]] = defaultdict(list)
    for bead in sentence_beads:
        if bead.status != "aligned":
            continue
        ids = [paragraph_of[i] for i in bead.zh + bead.en]
        for other in ids[1:]:
            groups.join(ids[0], other)
        scores[ids[0]].append(bead.score)
    members: dict[str, tuple[list[Paragraph], list[Paragraph]]] = {}
    for lang, doc in (("zh", zh_doc), ("en", en_doc)):
        for paragraph in doc.paragraphs:
            if paragraph.id in groups.parent:
                side = members.setdefault(groups.find(paragraph.id), ([], []))
                side[0 if lang == "zh" else 1].append(paragraph)
    group_scores: dict[str, list[float]] = defaultdict(list)
    for first, values in scores.items():
        group_scores[groups.find(first)].extend(values)
    out = []
    placed: set[str] = set()
    for root, (zh, en) in members.items():
        values = group_scores[root]
        out.append(record("paragraph", [p.id for p in zh], [p.id for p in en], sum(values) / len(values), {}))
        placed.update(p.id for p in zh + en)
    for zh_code, en_code in code:
        similarity = code_similarity(zh_code.paragraph.text, en_code.paragraph.text)
        out.append(
            record("paragraph", [zh_code.paragraph.id], [en_code.paragraph.id], similarity, {"code": similarity})
        )
        placed.update((zh_code.paragraph.id, en_code.paragraph.id))
    for lang, doc in (("zh", zh_doc), ("en", en_doc)):
        for paragraph in doc.paragraphs:
            if paragraph.id not in placed:
                one = [paragraph.id]
                out.append(record("paragraph", one if lang == "zh" else [], one if lang == "en" else [], 0.0, {}))
    # Document order: beads with Chinese text by their first Chinese paragraph, then English-only ones.
    position = {p.id: k for doc in (zh_doc, en_doc) for k, p in enumerate(doc.paragraphs)}
    return sorted(out, key=lambda r: (0, position[r.zh[0]]) if r.zh else (1, position[r.en[0]]))


def section_beads(
    zh_doc: SegmentedDoc, en_doc: SegmentedDoc, sentence_beads: list[AlignmentRecord]
) -> list[AlignmentRecord]:
    section_of = {s.id: s.section_id for doc in (zh_doc, en_doc) for s in doc.sentences}
    heading = {s.id for doc in (zh_doc, en_doc) for s in doc.sentences if s.kind == "heading"}
    weight: dict[tuple[str, str], float] = defaultdict(float)
    scores: dict[tuple[str, str], list[float]] = defaultdict(list)
    linked: dict[tuple[str, str], set[str]] = defaultdict(set)  # sentences in beads between the two
    for bead in sentence_beads:
        if bead.status != "aligned":
            continue
        both_headings = any(i in heading for i in bead.zh) and any(j in heading for j in bead.en)
        for zh_section in sorted({section_of[i] for i in bead.zh}):
            for en_section in sorted({section_of[j] for j in bead.en}):
                pair = (zh_section, en_section)
                weight[pair] += HEADING_WEIGHT if both_headings else 1
                scores[pair].append(bead.score)
                linked[pair].update(i for i in bead.zh if section_of[i] == zh_section)
                linked[pair].update(j for j in bead.en if section_of[j] == en_section)
    # Each section's main partner: the heaviest pair it is in (the first such pair in document order).
    best_en: dict[str, tuple[float, str]] = {}
    best_zh: dict[str, tuple[float, str]] = {}
    for (z, e), w in weight.items():
        if w > best_en.get(z, (0, ""))[0]:
            best_en[z] = (w, e)
        if w > best_zh.get(e, (0, ""))[0]:
            best_zh[e] = (w, z)
    sizes: dict[str, int] = defaultdict(int)
    for s in zh_doc.sentences + en_doc.sentences:
        sizes[s.section_id] += 1
    out = []
    for section in zh_doc.sections:
        partner = best_en.get(section.id)
        if partner is None or best_zh[partner[1]][1] != section.id:
            continue
        pair = (section.id, partner[1])
        share = len(linked[pair]) / max(1, sizes[pair[0]] + sizes[pair[1]])
        mean = sum(scores[pair]) / len(scores[pair])
        out.append(record("section", [pair[0]], [pair[1]], mean, {"sentences_aligned": round(share, 4)}))
    return out
