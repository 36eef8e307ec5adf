"""Regression guards on real gold data: the Bible set and the scientific fixture.

These pin quality, not speed (the speed target lives in benchmarks/bench_align.py).
"""

from conftest import FIXTURES, REPO

from pipeline.align import Aligner, Segment
from pipeline.align.evaluate import merge_within_verses, read_alignment, read_lines, score
from pipeline.config import load_config

BIBLE = REPO / "benchmarks" / "data" / "bible"


def configured_aligner():
    config = load_config(REPO / "config" / "pipeline.yaml")
    return Aligner.from_config(config)


def test_bible_f1_after_verse_merging():
    en = read_lines(BIBLE / "en" / "001")
    zh = read_lines(BIBLE / "zh" / "001")
    aligner = configured_aligner()
    beads = aligner.align(
        [Segment(str(k), s) for k, s in enumerate(zh)], [Segment(str(k), s) for k, s in enumerate(en)]
    )
    predicted = merge_within_verses(
        [(b.en, b.zh) for b in beads], read_lines(BIBLE / "en.verse"), read_lines(BIBLE / "zh.verse")
    )
    result = score(read_alignment(BIBLE / "gold" / "001.align"), predicted)
    assert result.f1_strict >= 0.94, result
    assert result.f1_lax >= 0.99, result
    # and the Gale-Church baseline stays below it
    baseline = aligner.align(
        [Segment(str(k), s) for k, s in enumerate(zh)],
        [Segment(str(k), s) for k, s in enumerate(en)],
        aligner.params.length_only(),
    )
    base_pred = merge_within_verses(
        [(b.en, b.zh) for b in baseline], read_lines(BIBLE / "en.verse"), read_lines(BIBLE / "zh.verse")
    )
    assert score(read_alignment(BIBLE / "gold" / "001.align"), base_pred).f1_strict < result.f1_strict


def _science_score(params=None):
    from pipeline.lang import rules_for

    zh_rules = rules_for("zh", {"user_dictionary": "config/zh_userdict.txt"}, REPO)
    en_rules = rules_for("en", {}, REPO)
    zh = read_lines(FIXTURES / "align" / "science.zh")
    en = read_lines(FIXTURES / "align" / "science.en")
    beads = configured_aligner().align(
        [Segment(str(k), s, frozenset(a.key for a in zh_rules.anchors(s))) for k, s in enumerate(zh)],
        [Segment(str(k), s, frozenset(a.key for a in en_rules.anchors(s))) for k, s in enumerate(en)],
        params,
    )
    return score(read_alignment(FIXTURES / "align" / "science.gold"), [(b.en, b.zh) for b in beads])


def test_scientific_fixture_f1():
    result = _science_score()
    assert result.f1_strict >= 0.85, result
    assert result.f1_lax >= 0.95, result


def test_mismatch_penalty_leaves_untranslated_sentences_unaligned():
    params = configured_aligner().params
    with_penalty = params.updated(penalties={"mismatch": 2.0})
    result = _science_score(with_penalty)
    assert result.f1_strict >= 0.9 and result.f1_lax == 1.0, result
