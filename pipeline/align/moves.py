"""Moved text: a section or paragraph that the translation puts elsewhere, found where its content says.

The bead DP keeps both documents' order, so a moved paragraph comes out as
beads that are probably wrong (a translation paired with some other text) or
unaligned. After the DP, the sentences of weak beads (unaligned, or scoring
below WEAK: more likely wrong than right) are taken apart into their blocks
(paragraphs, list items, headings), and each Chinese block is aligned again
with the English weak blocks most like it, wherever they stand. A pairing is
kept when the beads it gives are, by their scores, expected to hold more
right beads than the weak ones they replace; the rest stay as they were, so
text that has no counterpart (a version drift) stays 1-0 or 0-1 in place.
"""

from __future__ import annotations

from pipeline.align import Aligner
from pipeline.align.features import Featurizer, Segment
from pipeline.align.levels import record
from pipeline.types import AlignmentRecord, Sentence

WEAK = 0.5  # a bead scoring below this is more likely wrong than right
CANDIDATES = 3  # English blocks tried for each Chinese block, the most alike first
MAX_BLOCKS = 200  # per side: beyond this, moves are not looked for (the pairwise comparison grows quadratically)


def _blocks(ids: list[str], sentences: dict[str, Sentence], position: dict[str, int]) -> list[list[str]]:
    """Runs of consecutive sentences of one paragraph."""
    blocks: list[list[str]] = []
    for sid in ids:
        last = blocks[-1][-1] if blocks else None
        if last is not None and sentences[last].paragraph_id == sentences[sid].paragraph_id:
            if position[sid] == position[last] + 1:
                blocks[-1].append(sid)
                continue
        blocks.append([sid])
    return blocks


def _segment(block: list[str], sentences: dict[str, Sentence]) -> Segment:
    return Segment(
        block[0],
        " ".join(sentences[i].text for i in block),
        frozenset(a.key for i in block for a in sentences[i].anchors),
    )


def _overlaps(zh: list[Segment], en: list[Segment], aligner: Aligner) -> list[list[float]]:
    """Dice overlap of dictionary concepts and anchors between every Chinese and English block."""
    featurizer = Featurizer(aligner.dictionary)
    zh_side, en_side = featurizer.features(zh, "zh"), featurizer.features(en, "en")

    def sets(side, n):
        return [
            set(side.concepts.indices[side.concepts.indptr[k] : side.concepts.indptr[k + 1]].tolist())
            | {-1 - a for a in side.anchors.indices[side.anchors.indptr[k] : side.anchors.indptr[k + 1]].tolist()}
            for k in range(n)
        ]

    zh_sets, en_sets = sets(zh_side, len(zh)), sets(en_side, len(en))
    return [[2 * len(z & e) / (len(z) + len(e)) if z and e else 0.0 for e in en_sets] for z in zh_sets]


def relocated(
    records: list[AlignmentRecord], zh: list[Sentence], en: list[Sentence], aligner: Aligner
) -> list[AlignmentRecord]:
    """The sentence beads, with moved blocks paired where they are found (see the module's doc)."""
    weak = [k for k, r in enumerate(records) if r.status != "aligned" or r.score < WEAK]
    sentences = {s.id: s for s in zh + en}
    position = {s.id: k for side in (zh, en) for k, s in enumerate(side)}
    zh_blocks = _blocks([i for k in weak for i in records[k].zh], sentences, position)
    en_blocks = _blocks([j for k in weak for j in records[k].en], sentences, position)
    if not zh_blocks or not en_blocks or max(len(zh_blocks), len(en_blocks)) > MAX_BLOCKS:
        return records
    old_score = {
        i: records[k].score / (len(records[k].zh) + len(records[k].en))
        for k in weak
        for i in records[k].zh + records[k].en
    }
    overlap = _overlaps(
        [_segment(b, sentences) for b in zh_blocks], [_segment(b, sentences) for b in en_blocks], aligner
    )
    taken_en: set[int] = set()
    found: list[tuple[list[str], list[str], list[AlignmentRecord]]] = []
    for z in sorted(range(len(zh_blocks)), key=lambda z: -len(zh_blocks[z])):
        tried = sorted(
            (e for e in range(len(en_blocks)) if e not in taken_en and overlap[z][e] > 0), key=lambda e: -overlap[z][e]
        )
        best = None
        for e in tried[:CANDIDATES]:
            beads = _aligned(zh_blocks[z], en_blocks[e], sentences, aligner)
            gain = sum(b.score for b in beads) - sum(old_score[i] for i in zh_blocks[z] + en_blocks[e])
            if gain > 1.0 and (best is None or gain > best[0]):  # at least one more right bead expected
                best = (gain, e, beads)
        if best is not None:
            taken_en.add(best[1])
            found.append((zh_blocks[z], en_blocks[best[1]], best[2]))
    if not found:
        return records
    return _rebuilt(records, found)


def _aligned(
    zh_ids: list[str], en_ids: list[str], sentences: dict[str, Sentence], aligner: Aligner
) -> list[AlignmentRecord]:
    def segments(ids):
        return [
            Segment(
                i,
                sentences[i].text,
                frozenset(a.key for a in sentences[i].anchors),
                sentences[i].kind,
                sentences[i].paragraph_id,
            )
            for i in ids
        ]

    beads = aligner.align(segments(zh_ids), segments(en_ids))
    return [
        record("sentence", [zh_ids[i] for i in b.zh], [en_ids[j] for j in b.en], b.score, dict(b.signals))
        for b in beads
    ]


def _rebuilt(records: list[AlignmentRecord], found) -> list[AlignmentRecord]:
    """The records with each found pairing's beads in place of the weak beads of its sentences: at the
    first of those on the Chinese side; their other sentences as 1-0 and 0-1 beads where they stood."""
    moved = {i for zh_ids, en_ids, _ in found for i in zh_ids + en_ids}
    insert_at: dict[int, list[AlignmentRecord]] = {}
    for zh_ids, _, beads in found:
        first = min(k for k, r in enumerate(records) if zh_ids[0] in r.zh)
        insert_at.setdefault(first, []).extend(beads)
    out: list[AlignmentRecord] = []
    for k, r in enumerate(records):
        out.extend(insert_at.get(k, []))
        if not moved & set(r.zh + r.en):
            out.append(r)
            continue
        out += [record("sentence", [i], [], 0.0, {}) for i in r.zh if i not in moved]
        out += [record("sentence", [], [j], 0.0, {}) for j in r.en if j not in moved]
    return out
