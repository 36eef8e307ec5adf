"""Strict and lax scores with Vecalign's definitions, on cases worked out by hand."""

import pytest

from pipeline.align.evaluate import format_bead, merge_within_verses, read_alignment, score


def test_perfect_alignment():
    gold = [((0,), (0,)), ((1, 2), (1,)), ((3,), ())]
    s = score(gold, gold)
    assert (s.f1_strict, s.f1_lax) == (1.0, 1.0)


def test_strict_and_lax_by_hand():
    gold = [((0,), (0,)), ((1,), (1, 2)), ((2,), (3,))]
    test = [((0,), (0,)), ((1,), (1,)), ((), (2,)), ((2,), (3,))]
    s = score(gold, test)
    # precision: 4 predicted beads; strict hits 2; lax hits 3 ([1]:[1] overlaps gold [1]:[1,2]; []:[2] has no source).
    assert s.precision_strict == pytest.approx(2 / 4)
    assert s.precision_lax == pytest.approx(3 / 4)
    # recall: gold beads (none empty) against test beads without 0-1/1-0: strict 2 of 3, lax 3 of 3.
    assert s.recall_strict == pytest.approx(2 / 3)
    assert s.recall_lax == pytest.approx(1.0)
    assert s.f1_strict == pytest.approx(2 * 0.5 * (2 / 3) / (0.5 + 2 / 3))


def test_merging_inside_verses():
    src_verses = ["v1", "v2", "v2"]
    tgt_verses = ["v1", "v2", "v2", "v2"]
    predicted = [((0,), (0,)), ((1,), (1, 2)), ((2,), (3,))]
    assert merge_within_verses(predicted, src_verses, tgt_verses) == [((0,), (0,)), ((1, 2), (1, 2, 3))]


def test_bead_format_round_trip(tmp_path):
    path = tmp_path / "a.align"
    path.write_text("[0]:[0]\n[1,2]:[]\n[]:[1]\n")
    beads = read_alignment(path)
    assert beads == [((0,), (0,)), ((1, 2), ()), ((), (1,))]
    assert [format_bead(s, t) for s, t in beads] == ["[0]:[0]", "[1,2]:[]", "[]:[1]"]


def test_bad_alignment_file(tmp_path):
    from pipeline.errors import PipelineError

    path = tmp_path / "bad.align"
    path.write_text("[0]:[0]\nnot a bead\n")
    with pytest.raises(PipelineError, match="line 2"):
        read_alignment(path)
