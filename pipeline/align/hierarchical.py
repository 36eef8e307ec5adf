"""Two segmented documents aligned: sentences first, inside fixed points; paragraphs and sections follow.

1. Fixed points (fixed.py): sections with the same number or markup anchor
   id, and code blocks that are the same code, each unique on its side, cut
   both documents into stretches that certainly correspond.
2. Each stretch is aligned by the bead DP over its sentences, headings
   included: headings pair with headings (`weights.headings`), beads keep to
   paragraph and list-item boundaries (`weights.blocks`), and verbatim
   material (numbers, identifiers, URLs, file names) pulls pairs together.
   A heading on one side only is a 1-0 or 0-1 bead like any sentence.
3. Text the translation moved elsewhere comes out of the DP as weak beads;
   moves.py pairs it again where its content is found.
4. Sections and paragraphs are read off the sentence beads (levels.py); a
   section's unmatched sentences stay where they are, as 1-0 and 0-1 beads.

Every sentence ends up in exactly one sentence bead.
"""

from __future__ import annotations

from pipeline.align import Aligner
from pipeline.align.features import Segment
from pipeline.align.fixed import CodeBlock, SectionStart, chain, code_pairs, section_points
from pipeline.align.levels import paragraph_beads, record, section_beads
from pipeline.align.moves import relocated
from pipeline.progress import progress
from pipeline.types import AlignmentRecord, DocumentAlignment, SegmentedDoc, Sentence


def _segment(sentence: Sentence) -> Segment:
    return Segment(
        sentence.id,
        sentence.text,
        frozenset(a.key for a in sentence.anchors),
        kind=sentence.kind,
        block=sentence.paragraph_id,
    )


class _Side:
    """One document as the aligner sees it: its sentences in order, where sections and code blocks stand."""

    def __init__(self, doc: SegmentedDoc):
        self.doc = doc
        self.sentences = list(doc.sentences)
        before_paragraph: dict[str, int] = {}
        first_in_section: dict[str, int] = {}
        count = 0
        by_paragraph: dict[str, int] = {}
        for sentence in self.sentences:
            by_paragraph[sentence.paragraph_id] = by_paragraph.get(sentence.paragraph_id, 0) + 1
        for paragraph in doc.paragraphs:
            before_paragraph[paragraph.id] = count
            first_in_section.setdefault(paragraph.section_id, count)
            count += by_paragraph.get(paragraph.id, 0)
        # A section without text of its own starts where the next one does.
        starts, following = [], count
        for section in reversed(doc.sections):
            start = first_in_section.get(section.id, following)
            starts.append(SectionStart(section, start, following))
            following = start
        self.sections = starts[::-1]
        self.code = [CodeBlock(p, before_paragraph[p.id]) for p in doc.paragraphs if p.kind == "code"]
        self.segments = [_segment(s) for s in self.sentences]


def align_documents(zh_doc: SegmentedDoc, en_doc: SegmentedDoc, aligner: Aligner) -> DocumentAlignment:
    cutoff = aligner.params.settings.min_confidence
    result = DocumentAlignment(zh_doc.source.id, en_doc.source.id, min_confidence=cutoff)
    zh, en = _Side(zh_doc), _Side(en_doc)
    code = code_pairs(zh.code, en.code)
    points = section_points(zh.sections, en.sections) + [(z.before, e.before) for z, e in code]
    stops = [(0, 0)] + [p for p in chain(points) if p != (0, 0)] + [(len(zh.sentences), len(en.sentences))]
    sentence_records: list[AlignmentRecord] = []
    for (i0, j0), (i1, j1) in progress(list(zip(stops, stops[1:])), desc="align", unit="stretch"):
        sentence_records += _stretch(
            aligner, zh.sentences[i0:i1], en.sentences[j0:j1], zh.segments[i0:i1], en.segments[j0:j1]
        )
    sentence_records = relocated(sentence_records, zh.sentences, en.sentences, aligner)
    result.records = (
        section_beads(zh_doc, en_doc, sentence_records)
        + paragraph_beads(zh_doc, en_doc, sentence_records, code)
        + sentence_records
    )
    return result


def _stretch(
    aligner: Aligner, zh: list[Sentence], en: list[Sentence], zh_segments: list[Segment], en_segments: list[Segment]
) -> list[AlignmentRecord]:
    if not zh or not en:
        return [record("sentence", [s.id], [], 0.0, {}) for s in zh] + [
            record("sentence", [], [s.id], 0.0, {}) for s in en
        ]
    beads = aligner.align(zh_segments, en_segments)
    return [
        record("sentence", [zh[i].id for i in bead.zh], [en[j].id for j in bead.en], bead.score, dict(bead.signals))
        for bead in beads
    ]
