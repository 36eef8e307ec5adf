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
# A pairing replaces weak beads when it is expected to hold at least half a right bead more than they
# did (a lone heading can gain at most one).
MIN_GAIN = 0.5
MAX_BLOCKS = 200  # per side: beyond this, moves are not looked for (the pairwise comparison grows quadratically)


def _weak(records: list[AlignmentRecord], sentences: dict[str, Sentence]) -> list[int]:
    """Indices of the weak beads: unaligned, or scoring below WEAK; and a heading bead followed by a
    weak bead before its section's next Chinese text (a heading goes where its section's text goes)."""
    weak = [r.status != "aligned" or r.score < WEAK for r in records]
    for k, r in enumerate(records):
        if not r.zh or not all(sentences[i].kind == "heading" for i in r.zh + r.en):
            continue
        for after in records[k + 1 :]:
            if after.zh and sentences[after.zh[0]].section_id != sentences[r.zh[0]].section_id:
                break
            if after.status != "aligned" or after.score < WEAK:
                weak[k] = True
                break
            if after.zh:
                break
    return [k for k, w in enumerate(weak) if w]


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
    sentences = {s.id: s for s in zh + en}
    weak = _weak(records, sentences)
    position = {s.id: k for side in (zh, en) for k, s in enumerate(side)}
    zh_blocks = _blocks([i for k in weak for i in records[k].zh], sentences, position)
    en_blocks = _blocks([j for k in weak for j in records[k].en], sentences, position)
    if not zh_blocks or not en_blocks or max(len(zh_blocks), len(en_blocks)) > MAX_BLOCKS:
        return records
    # What each weak sentence's beads were worth (a bead's score shared among its sentences); a heading
    # whose section's text went elsewhere is worth nothing where it stands.
    old_score = {
        i: (records[k].score if records[k].score < WEAK else 0.0) / (len(records[k].zh) + len(records[k].en))
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
            if gain > MIN_GAIN and (best is None or gain > best[0]):
                best = (gain, e, beads)
        if best is not None:
            taken_en.add(best[1])
            found.append((zh_blocks[z], en_blocks[best[1]], best[2]))
    found += _headings_follow(found, zh_blocks, en_blocks, taken_en, sentences, aligner)
    if not found:
        return records
    return _rebuilt(records, found)


def _headings_follow(found, zh_blocks, en_blocks, taken_en: set[int], sentences, aligner) -> list:
    """Weak headings left over pair up where their sections' text went: a Chinese heading whose
    section's text was paired with an English section's text takes that section's heading, if free
    (a lone heading says too little to be paired by itself)."""
    placed = {i for zh_ids, _, _ in found for i in zh_ids}
    section_to = {sentences[z[0]].section_id: sentences[e[0]].section_id for z, e, _ in found}
    out = []
    for block in zh_blocks:
        heading = block[0]
        if len(block) != 1 or heading in placed or sentences[heading].kind != "heading":
            continue
        target = section_to.get(sentences[heading].section_id)
        for e, en_block in enumerate(en_blocks):
            first = sentences[en_block[0]]
            if e not in taken_en and len(en_block) == 1 and first.kind == "heading" and first.section_id == target:
                taken_en.add(e)
                out.append((block, en_block, _aligned(block, en_block, sentences, aligner)))
                break
    return out


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
