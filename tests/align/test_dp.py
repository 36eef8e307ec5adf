"""The bead DP: coverage, bead types, band, scores."""

import numpy as np
import pytest

from pipeline.align import Aligner, AlignParams, Segment
from pipeline.align.features import text_anchors


def seg(k, text):
    return Segment(str(k), text)


def test_every_segment_in_exactly_one_bead():
    zh = [seg(i, f"第{i}句话。") for i in range(30)]
    en = [seg(i, f"Sentence number {i} of the text.") for i in range(24)]
    beads = Aligner().align(zh, en)
    assert sorted(i for b in beads for i in b.zh) == list(range(30))
    assert sorted(j for b in beads for j in b.en) == list(range(24))
    allowed = {(0, 1), (1, 0), (1, 1), (1, 2), (2, 1), (2, 2), (1, 3), (3, 1), (1, 4), (4, 1)}
    assert {(len(b.zh), len(b.en)) for b in beads} <= allowed
    # monotone
    flat = [(b.zh[0] if b.zh else None, b.en[0] if b.en else None) for b in beads]
    zs = [z for z, _ in flat if z is not None]
    assert zs == sorted(zs)


def test_configured_bead_types_are_respected():
    params = AlignParams().updated(beads=[(0, 1), (1, 0), (1, 1)])
    zh = [seg(i, "一二三四五六七八九十。") for i in range(5)]
    en = [seg(i, "one two three four five six seven.") for i in range(8)]
    beads = Aligner(params).align(zh, en)
    assert {(len(b.zh), len(b.en)) for b in beads} <= {(0, 1), (1, 0), (1, 1)}


def test_empty_sides():
    beads = Aligner().align([], [seg(0, "Only English.")])
    assert [(b.zh, b.en) for b in beads] == [((), (0,))]


def test_scores_are_in_unit_range_with_signal_similarities():
    zh = [seg(0, "神创造天地。"), seg(1, "神说要有光。")]
    en = [seg(0, "God created the heaven and the earth."), seg(1, "God said, Let there be light.")]
    beads = Aligner().align(zh, en)
    assert [(b.zh, b.en) for b in beads] == [((0,), (0,)), ((1,), (1,))]
    for bead in beads:
        assert 0 < bead.score <= 1
        assert set(bead.signals) >= {"length", "dictionary"}


def test_anchor_extraction_is_language_neutral():
    assert text_anchors("我们提出了200多个问题(第2节),LLMs和AI") >= {"num:200", "num:2", "acr:llm", "acr:ai"}
    assert text_anchors("We pose 200+ questions (Section 2) on LLMs and AI") >= {
        "num:200",
        "num:2",
        "acr:llm",
        "acr:ai",
    }


def test_length_ratio_is_estimated_from_the_texts():
    params = AlignParams()
    fitted = params.for_texts(zh_total=1000, en_total=2700, zh_count=10, en_count=10)
    assert abs(fitted.ratio - 2.7) < 1e-9 and fitted.variance < params.variance
    assert params.for_texts(10, 27, 1, 1) is params  # too little text: keep the prior


def _bible_start(zh_lines: int, en_lines: int):
    from conftest import REPO

    from pipeline.align.evaluate import read_lines

    bible = REPO / "benchmarks" / "data" / "bible"
    zh = [seg(k, s) for k, s in enumerate(read_lines(bible / "zh" / "001")[:zh_lines])]
    en = [seg(k, s) for k, s in enumerate(read_lines(bible / "en" / "001")[:en_lines])]
    return zh, en


@pytest.fixture(scope="module")
def long_text():
    """2,400 x 1,900 Bible lines, an aligner, and their beads by a search over the whole matrix."""
    zh, en = _bible_start(2400, 1900)
    aligner = Aligner()
    best = aligner.align(zh, en, aligner.params.updated(band={"min": len(zh)}, coarse={"above": 10**9}))
    return zh, en, aligner, best


def test_coarse_to_fine_search_finds_the_global_optimum_on_a_long_text(long_text):
    # 2,400 x 1,900 Bible lines, in groups of ~5 lines and a margin of 10: above the coarse pass's
    # threshold. The fine search around the coarse path, with its stretches searched again where they
    # look wrong, must end where a search over the whole matrix ends.
    zh, en, aligner, best = long_text
    guided = aligner.align(zh, en, aligner.params.updated(coarse={"above": 2000, "groups": 500, "margin": 10}))
    assert [(b.zh, b.en) for b in guided] == [(b.zh, b.en) for b in best]


def test_a_coarse_path_forced_off_the_true_one_is_repaired(monkeypatch, long_text):
    # The coarse pass is made to lose the path: its guide is replaced by the plain diagonal (run k of
    # one side with run k of the other), which strays up to 60 lines from the true path, six times the
    # fine margin. The repair must find the true beads again.
    from pipeline.align import coarse

    real = coarse.band_around
    strayed = {}

    def diagonal(path, groups, n, m, margin):
        straight = [(k + 1, k + 1, 1, 1) for k in range(groups)]
        lo, hi = real(straight, groups, n, m, margin)
        strayed["band"] = (lo, hi)
        return lo, hi

    monkeypatch.setattr(coarse, "band_around", diagonal)
    zh, en, aligner, best = long_text
    guided = aligner.align(zh, en, aligner.params.updated(coarse={"above": 2000, "groups": 500, "margin": 10}))
    lo, hi = strayed["band"]
    # The true path leaves the guide's band...
    rows = np.cumsum([len(b.zh) for b in best])
    cols = np.cumsum([len(b.en) for b in best])
    assert ((cols < lo[rows]) | (cols > hi[rows])).sum() > 100
    # ...and is found again all the same.
    assert [(b.zh, b.en) for b in guided] == [(b.zh, b.en) for b in best]
