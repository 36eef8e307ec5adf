"""Segmentation of the shipped Chinese seed, exactly as the issue states it."""

from conftest import SEED

# Sentences per paragraph, counted by hand with the rules: ends at 。！？ and at
# ? ! that close a sentence, never inside brackets or quotes. A section's heading is
# its first paragraph and one segment (p1 of 1.1, 1.2, 1.3, 2 and 3).
EXPECTED_SENTENCES = {
    "abstract:p1": 3,
    "1:p1": 5,
    "1.1:p1": 1,
    "1.1:p2": 5,
    "1.1:p3": 4,
    "1.1:p4": 6,
    "1.2:p1": 1,
    "1.2:p2": 8,
    "1.3:p1": 1,
    "1.3:p2": 9,
    "1.3:p3": 9,
    "2:p1": 1,
    "2:p2": 5,
    "2:p3": 2,
    "2:p4": 3,
    "2:p5": 6,
    "3:p1": 1,
    "3:p2": 6,
    "3:p3": 6,
}


def test_exactly_the_five_headings_with_their_numbers(seed_doc):
    headed = [(s.number, s.title) for s in seed_doc.sections if s.heading]
    assert headed == [
        ("1.1", "为什么有这个议程?"),
        ("1.2", "术语解释"),
        ("1.3", "结构"),
        ("2", "LLMs科学理解"),
        ("3", "开发与部署方法"),
    ]


def test_unnumbered_headings_take_the_numbers_the_text_gives(seed_doc):
    by_title = {s.title: s for s in seed_doc.sections}
    assert by_title["LLMs科学理解"].numbered_by == "reference"
    assert by_title["开发与部署方法"].numbered_by == "reference"


def test_heading_offsets_cover_number_and_title_without_bold_markers(seed_doc):
    text = SEED.read_text(encoding="utf-8")
    spans = [text[s.start : s.end] for s in seed_doc.sections if s.heading]
    assert spans == ["1.1 为什么有这个议程?", "1.2 术语解释", "1.3 结构", "LLMs科学理解", "开发与部署方法"]


def test_abstract_first_and_url_is_metadata(seed_doc):
    assert seed_doc.sections[0].numbered_by == "abstract"
    assert seed_doc.paragraphs[0].section_id == seed_doc.sections[0].id
    assert [m.text for m in seed_doc.metadata] == ["https://www.zhuanzhi.ai/paper/4b2cab1f8af7235be68b4bf406b8480c"]
    assert not any("zhuanzhi" in p.text for p in seed_doc.paragraphs)


def test_text_before_1_1_belongs_to_section_1(seed_doc):
    section_1 = next(s for s in seed_doc.sections if s.number == "1")
    assert not section_1.heading and section_1.numbered_by == "child"
    assert seed_doc.paragraphs[1].section_id == section_1.id
    assert {s.parent_id for s in seed_doc.sections if s.number in ("1.1", "1.2", "1.3")} == {section_1.id}


def test_run_in_heading_body_is_its_own_paragraph(seed_doc):
    heading, paragraph = [p for p in seed_doc.paragraphs if p.section_id.endswith(":sec:1.2")]
    assert (heading.kind, heading.text) == ("heading", "1.2 术语解释")
    assert paragraph.kind == "paragraph" and paragraph.text.startswith("“对齐”、“安全”和“保证”")


def test_headings_are_segments_in_reading_order(seed_doc):
    headings = [(s.kind, s.text) for s in seed_doc.sentences if s.kind == "heading"]
    assert headings == [
        ("heading", "1.1 为什么有这个议程?"),
        ("heading", "1.2 术语解释"),
        ("heading", "1.3 结构"),
        ("heading", "LLMs科学理解"),
        ("heading", "开发与部署方法"),
    ]
    orders = [s.order for s in seed_doc.sentences]
    assert orders == sorted(orders) and [s.start for s in seed_doc.sentences] == sorted(
        s.start for s in seed_doc.sentences
    )


def test_sentence_count_of_every_paragraph(seed_doc):
    counts = {}
    for sentence in seed_doc.sentences:
        key = sentence.paragraph_id.split(":sec:")[1]
        counts[key] = counts.get(key, 0) + 1
    assert counts == EXPECTED_SENTENCES


def test_bracketed_question_mark_does_not_end_the_sentence(seed_doc):
    (sentence,) = [s for s in seed_doc.sentences if "变换器的计算极限是什么?" in s.text]
    assert sentence.text.endswith("尚不清楚)。")


def test_offsets_point_into_the_source_text(seed_doc):
    text = SEED.read_text(encoding="utf-8")
    for record in list(seed_doc.paragraphs) + list(seed_doc.sentences):
        assert text[record.start : record.end] == record.text
    for sentence in seed_doc.sentences:
        for anchor in sentence.anchors:
            assert text[anchor.start : anchor.end] == anchor.text


def test_words_are_jieba_words_with_the_user_dictionary(seed_doc):
    words = {w for s in seed_doc.sentences for w in s.words}
    assert {"大型语言模型", "越狱", "提示注入", "数据投毒", "微调", "预训练"} <= words


def test_sentences_carry_citation_and_reference_anchors(seed_doc):
    keys = {a.key for s in seed_doc.sentences for a in s.anchors}
    assert {
        "cite:leike:2022",
        "cite:anthropic:2023a",
        "cite:kenton:2021",
        "sec:2.2.3",
        "tab:1",
        "fig:1",
        "cite:holtzman:2023",
        "cite:newell:1976",
    } <= keys


def test_normalised_text_folds_punctuation(seed_doc):
    sentence = seed_doc.sentences[0]
    assert "(" in sentence.text and sentence.text_norm.count("(") == sentence.text.count("(")
    assert "，" not in sentence.text_norm


def test_markdown_headings_and_lists(tmp_path):
    from pipeline.run import segment_file

    path = tmp_path / "doc.md"
    path.write_text(
        "# Title\n\nIntro text here.\n\n## 2.1 Topic\n\nBody one. Body two.\n\n1. First item?\n2. Second item.\n",
        encoding="utf-8",
    )
    doc = segment_file(path, "en")
    assert [(s.number, s.title) for s in doc.sections if s.heading] == [(None, "Title"), ("2.1", "Topic")]
    assert [p.kind for p in doc.paragraphs] == [
        "heading",
        "paragraph",
        "heading",
        "paragraph",
        "list_item",
        "list_item",
    ]
    assert [(s.kind, s.text) for s in doc.sentences] == [
        ("heading", "Title"),
        ("sentence", "Intro text here."),
        ("heading", "2.1 Topic"),
        ("sentence", "Body one."),
        ("sentence", "Body two."),
        ("sentence", "First item?"),
        ("sentence", "Second item."),
    ]
    assert [p.marker for p in doc.paragraphs if p.kind == "list_item"] == ["1", "2"]
