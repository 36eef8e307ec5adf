"""Names the dictionary lacks, learned from a first pass (align/names.py)."""

from conftest import REPO

from pipeline.align import Aligner, Segment
from pipeline.align.evaluate import merge_within_verses, read_alignment, read_lines, score
from pipeline.align.names import anchors, english_names, han_pairs, learned
from pipeline.config import load_config
from pipeline.settings import AlignNames

BIBLE = REPO / "benchmarks" / "data" / "bible"


def test_a_capitalised_word_opening_a_sentence_is_no_name():
    assert english_names("And Attai begat Nathan, and Nathan begat Zabad.") == {"Attai", "Nathan", "Zabad"}
    assert english_names('Run it. "Then Bob went to Paris.') == {"Bob", "Paris"}


def test_a_name_and_a_character_pair_that_keep_meeting_are_learned_and_a_common_pair_is_not():
    zh = ["亚太生拿单。", "拿单生撒拔。", "撒拔生以弗拉。", "他们生了儿子。"]
    en = ["And Attai begat Nathan.", "And Nathan begat Zabad.", "And Zabad begat Ephlal.", "They had sons."]
    path = [(k + 1, k + 1, 1, 1) for k in range(4)]  # four 1-1 beads
    found = learned(zh, en, path, AlignNames(min_count=2, min_dice=0.7))
    assert found["拿单"] == {"Nathan"} and found["撒拔"] == {"Zabad"}
    assert "生" not in "".join(found)  # 生 is in every bead: its pairs meet every name, and none in particular
    zh_rows, en_rows = anchors(zh, en, found)
    assert zh_rows[1] == en_rows[1] == {"name:Nathan", "name:Zabad"}
    assert han_pairs("以弗拉 x") == {"以弗", "弗拉"}


def test_learned_names_raise_bible_quality():
    """The Bible's genealogies: short sentences that only their names tell apart (the 15k set's misses)."""
    zh, en = read_lines(BIBLE / "zh" / "001"), read_lines(BIBLE / "en" / "001")
    aligner = Aligner.from_config(load_config(REPO / "config" / "pipeline.yaml"))

    def f1(params):
        beads = aligner.align(
            [Segment(str(k), s) for k, s in enumerate(zh)], [Segment(str(k), s) for k, s in enumerate(en)], params
        )
        merged = merge_within_verses(
            [(b.en, b.zh) for b in beads], read_lines(BIBLE / "en.verse"), read_lines(BIBLE / "zh.verse")
        )
        return score(read_alignment(BIBLE / "gold" / "001.align"), merged).f1_strict

    one_pass = f1(aligner.params.updated(names={"learn": False}))
    assert f1(aligner.params) >= one_pass + 0.005, one_pass
