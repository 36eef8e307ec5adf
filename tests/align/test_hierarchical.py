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
    assert all(0 < r.score <= 1 and {"length", "dictionary", "margin"} <= set(r.signals) for r in aligned)


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


def test_numbered_sections_fix_the_alignment_where_they_begin_and_end():
    from pipeline.align.fixed import SectionStart, chain, section_points
    from pipeline.types import Section

    def starts(numbers, before):
        sections = [
            Section(f"s{i}", "x", "zh", n, None, 1, None, i, None, None, True, "heading") for i, n in enumerate(numbers)
        ]
        return [SectionStart(s, b, a) for s, b, a in zip(sections, before, before[1:] + [99])]

    zh = starts(["1", "2", "3"], [0, 4, 9])
    en = starts(["1", "3", "2"], [0, 5, 8])
    # 2 and 3 cross: the longest chain keeps both documents' order, with one of the two (3: zh 9..99
    # faces en 5..8); section 2's text then faces nothing on the other side.
    assert chain(section_points(zh, en)) == [(0, 0), (4, 5), (9, 5), (99, 8)]
