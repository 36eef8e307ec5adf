"""Two segmented documents aligned level by level: sections, paragraphs, sentences.

Sections pair up by number (and the abstracts with each other), keeping
document order. Inside a section pair, paragraphs are aligned, then the
sentences inside each paragraph bead. Sections left without a partner are
aligned sentence by sentence with whatever stands in the same gap on the
other side, so no text is dropped: every sentence ends up in exactly one
sentence bead, a 1-0 or 0-1 bead when nothing matched it.
"""

from __future__ import annotations

from pipeline.align import Aligner
from pipeline.align.dp import Bead
from pipeline.align.features import Segment
from pipeline.progress import progress
from pipeline.types import AlignmentRecord, DocumentAlignment, Paragraph, Section, SegmentedDoc, Sentence


def _sentence_segment(sentence: Sentence) -> Segment:
    return Segment(sentence.id, sentence.text, frozenset(a.key for a in sentence.anchors))


def _paragraph_segment(paragraph: Paragraph, sentences: list[Sentence]) -> Segment:
    return Segment(paragraph.id, paragraph.text, frozenset(a.key for s in sentences for a in s.anchors))


def _section_key(section: Section) -> str | None:
    if section.numbered_by == "abstract":
        return "abstract"
    return f"sec:{section.number}" if section.number else None


def match_sections(zh: list[Section], en: list[Section]) -> list[tuple[Section, Section]]:
    """Pairs with the same number (or both abstracts), in an order both documents agree on."""
    en_by_key = {}
    for index, section in enumerate(en):
        key = _section_key(section)
        if key and key not in en_by_key:
            en_by_key[key] = index
    pairs, last = [], -1
    for section in zh:
        index = en_by_key.get(_section_key(section) or "")
        if index is not None and index > last:
            pairs.append((section, en[index]))
            last = index
    return pairs


class _Builder:
    def __init__(self, aligner: Aligner, zh_doc: SegmentedDoc, en_doc: SegmentedDoc):
        self.aligner = aligner
        self.result = DocumentAlignment(zh_doc.source.id, en_doc.source.id)
        self.weights = aligner.params.settings.weights.model_dump()

    def add(self, level: str, zh_ids: list[str], en_ids: list[str], bead: Bead | None) -> None:
        signals = dict(bead.signals) if bead else {}
        shares: dict = {}
        status = "aligned" if zh_ids and en_ids else "unaligned"
        first_zh = zh_ids[0] if zh_ids else "-"
        first_en = en_ids[0] if en_ids else "-"
        self.result.records.append(
            AlignmentRecord(
                id=f"{level}|{first_zh}|{first_en}",
                level=level,
                bead=f"{len(zh_ids)}-{len(en_ids)}",
                zh=list(zh_ids),
                en=list(en_ids),
                score=bead.score if bead and status == "aligned" else 0.0,
                shares=shares if status == "aligned" else {},
                signals=signals if status == "aligned" else {},
                status=status,
            )
        )

    def sentences(self, zh: list[Sentence], en: list[Sentence]) -> None:
        if not zh or not en:
            for sentence in zh:
                self.add("sentence", [sentence.id], [], None)
            for sentence in en:
                self.add("sentence", [], [sentence.id], None)
            return
        beads = self.aligner.align([_sentence_segment(s) for s in zh], [_sentence_segment(s) for s in en])
        for bead in beads:
            self.add("sentence", [zh[i].id for i in bead.zh], [en[j].id for j in bead.en], bead)


def align_documents(zh_doc: SegmentedDoc, en_doc: SegmentedDoc, aligner: Aligner) -> DocumentAlignment:
    builder = _Builder(aligner, zh_doc, en_doc)
    paragraphs = {doc.source.id: {} for doc in (zh_doc, en_doc)}
    sentences_of: dict[str, list[Sentence]] = {}
    for doc in (zh_doc, en_doc):
        for paragraph in doc.paragraphs:
            paragraphs[doc.source.id].setdefault(paragraph.section_id, []).append(paragraph)
        for sentence in doc.sentences:
            sentences_of.setdefault(sentence.paragraph_id, []).append(sentence)

    def section_sentences(doc: SegmentedDoc, sections: list[Section]) -> list[Sentence]:
        return [
            s for sec in sections for p in paragraphs[doc.source.id].get(sec.id, []) for s in sentences_of.get(p.id, [])
        ]

    pairs = match_sections(zh_doc.sections, en_doc.sections)
    zh_index = {s.id: i for i, s in enumerate(zh_doc.sections)}
    en_index = {s.id: i for i, s in enumerate(en_doc.sections)}
    previous = (-1, -1)
    for zh_section, en_section in progress(pairs + [(None, None)], desc="align", unit="section"):
        zi = zh_index[zh_section.id] if zh_section else len(zh_doc.sections)
        ei = en_index[en_section.id] if en_section else len(en_doc.sections)
        # The gap before this pair: unmatched sections, aligned sentence by sentence.
        gap_zh = zh_doc.sections[previous[0] + 1 : zi]
        gap_en = en_doc.sections[previous[1] + 1 : ei]
        if gap_zh or gap_en:
            builder.sentences(section_sentences(zh_doc, gap_zh), section_sentences(en_doc, gap_en))
        if zh_section is None:
            break
        _align_section_pair(
            builder,
            zh_section,
            en_section,
            paragraphs[zh_doc.source.id].get(zh_section.id, []),
            paragraphs[en_doc.source.id].get(en_section.id, []),
            sentences_of,
        )
        previous = (zi, ei)
    return builder.result


def _align_section_pair(
    builder: _Builder,
    zh_section: Section,
    en_section: Section,
    zh_paragraphs: list[Paragraph],
    en_paragraphs: list[Paragraph],
    sentences_of: dict[str, list[Sentence]],
) -> None:
    start = len(builder.result.records)
    if zh_paragraphs and en_paragraphs:
        beads = builder.aligner.align(
            [_paragraph_segment(p, sentences_of.get(p.id, [])) for p in zh_paragraphs],
            [_paragraph_segment(p, sentences_of.get(p.id, [])) for p in en_paragraphs],
        )
    else:
        beads = [Bead((i,), (), 0.0, {}) for i in range(len(zh_paragraphs))] + [
            Bead((), (j,), 0.0, {}) for j in range(len(en_paragraphs))
        ]
    for bead in beads:
        zh_group = [zh_paragraphs[i] for i in bead.zh]
        en_group = [en_paragraphs[j] for j in bead.en]
        builder.add("paragraph", [p.id for p in zh_group], [p.id for p in en_group], bead)
        builder.sentences(
            [s for p in zh_group for s in sentences_of.get(p.id, [])],
            [s for p in en_group for s in sentences_of.get(p.id, [])],
        )
    sentence_beads = [r for r in builder.result.records[start:] if r.level == "sentence"]
    aligned = [r for r in sentence_beads if r.status == "aligned"]
    score = round(sum(r.score for r in aligned) / len(sentence_beads), 4) if sentence_beads else 0.0
    builder.result.records.insert(
        start,
        AlignmentRecord(
            id=f"section|{zh_section.id}|{en_section.id}",
            level="section",
            bead="1-1",
            zh=[zh_section.id],
            en=[en_section.id],
            score=score,
            shares={},
            signals={"sentences_aligned": round(len(aligned) / len(sentence_beads), 4) if sentence_beads else None},
            status="aligned",
        ),
    )
