"""Documents aligned section → paragraph → sentence."""

from conftest import EN_ABSTRACT, REPO, SEED


def align_shipped():
    from pipeline.align import Aligner
    from pipeline.align.hierarchical import align_documents
    from pipeline.config import load_config
    from pipeline.run import segment_file

    config = load_config(REPO / "config" / "pipeline.yaml")
    zh = segment_file(SEED, "zh", config)
    en = segment_file(EN_ABSTRACT, "en", config)
    return zh, en, align_documents(zh, en, Aligner.from_config(config))


def test_seed_abstract_aligns_one_to_one_with_the_english_abstract():
    zh, en, result = align_shipped()
    aligned = [r for r in result.by_level("sentence") if r.status == "aligned"]
    assert [(r.bead, r.zh, r.en) for r in aligned] == [
        ("1-1", [zh.sentences[k].id], [en.sentences[k].id]) for k in range(3)
    ]
    assert all(0 < r.score <= 1 and abs(sum(r.shares.values()) - r.score) < 0.01 for r in aligned)


def test_every_sentence_in_exactly_one_sentence_bead():
    zh, en, result = align_shipped()
    zh_ids = [i for r in result.by_level("sentence") for i in r.zh]
    en_ids = [i for r in result.by_level("sentence") for i in r.en]
    assert sorted(zh_ids) == sorted(s.id for s in zh.sentences)
    assert sorted(en_ids) == sorted(s.id for s in en.sentences)
    assert len(result.unaligned()) == len(zh.sentences) - 3


def test_levels_are_present():
    _, _, result = align_shipped()
    assert [r.level for r in result.records[:2]] == ["section", "paragraph"]
    assert result.by_level("section")[0].zh[0].endswith(":sec:abstract")


def test_match_sections_keeps_document_order():
    from pipeline.align.hierarchical import match_sections
    from pipeline.types import Section

    def sec(i, number):
        return Section(f"s{i}", "x", "zh", number, None, 1, None, i, None, None, True, "heading")

    zh = [sec(0, "1"), sec(1, "2"), sec(2, "3")]
    en = [sec(0, "1"), sec(1, "3"), sec(2, "2")]
    # Crossing pairs are dropped: the first pair in Chinese order wins.
    assert [(a.number, b.number) for a, b in match_sections(zh, en)] == [("1", "1"), ("2", "2")]
