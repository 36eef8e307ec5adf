"""Pairings the confidence model all but rules out are not claimed: their sentences stay, unmatched, in place."""

from __future__ import annotations

from documents import bilingual, make_doc

from pipeline.align import Aligner, confidence
from pipeline.align.hierarchical import align_documents
from pipeline.settings import AlignSettings
from pipeline.types import Bead

MIN_CLAIM = AlignSettings().min_claim


def test_a_bead_below_the_floor_is_taken_apart_in_place_and_the_others_are_kept():
    beads = [
        Bead((0,), (0,), 0.97, {"dictionary": 0.8}),
        Bead((1,), (1, 2, 3), 0.002, {"dictionary": 0.05}),
        Bead((2,), (), 0.0, {}),
        Bead((3, 4), (4,), MIN_CLAIM, {"dictionary": 0.3}),
    ]
    got = confidence.unclaimed(beads, MIN_CLAIM)
    assert [(b.zh, b.en) for b in got] == [
        ((0,), (0,)),
        ((1,), ()),
        ((), (1,)),
        ((), (2,)),
        ((), (3,)),
        ((2,), ()),
        ((3, 4), (4,)),  # at the floor: still claimed
    ]
    assert got[0] is beads[0] and got[-1] is beads[-1]
    assert all(b.score == 0.0 and b.signals == {} for b in got[1:5])


def test_an_unrelated_pair_claims_no_pairing_the_model_rules_out_and_loses_no_sentence():
    """A recipe against a software manual: what the DP pairs anyway scores near zero, and every such
    pairing comes out as 1-0 and 0-1 beads; each sentence is still in exactly one bead, in order."""
    zh = make_doc(
        "zh",
        [
            ("红烧肉的做法", [["把五花肉切成小块，用冷水焯一下。", "锅里放少量油，加入冰糖炒出糖色。"]]),
            ("注意事项", [["小火慢炖一个小时，汤汁收浓即可。", "喜欢甜一点可以多放一些冰糖。"]]),
        ],
    )
    en = make_doc("en", bilingual(["install", "config", "usage"], "en"))
    records = align_documents(zh, en, Aligner()).by_level("sentence")
    assert all(r.score >= MIN_CLAIM for r in records if r.zh and r.en)
    assert [i for r in records for i in r.zh] == [s.id for s in zh.sentences]
    assert [j for r in records for j in r.en] == [s.id for s in en.sentences]
    # A translation keeps its pairs.
    zh = make_doc("zh", bilingual(["install", "config", "usage"], "zh"))
    records = align_documents(zh, en, Aligner()).by_level("sentence")
    assert sum(1 for r in records if r.zh and r.en) >= 8


def test_min_claim_is_a_setting_that_cannot_exceed_min_confidence():
    import pytest
    from pydantic import ValidationError

    assert AlignSettings(min_claim=0.0).min_claim == 0.0  # 0 claims every pairing the DP makes
    with pytest.raises(ValidationError, match="min_claim"):
        AlignSettings(min_claim=0.95, min_confidence=0.9)
