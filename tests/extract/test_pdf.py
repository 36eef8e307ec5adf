"""PDF extraction on the synthetic agenda paper (both layouts) and real PDFs."""

import pytest
from conftest import PDFS

HEADINGS = [
    (None, "Abstract"),
    ("1", "Introduction"),
    ("1.1", "Why This Agenda?"),
    ("1.2", "Structure"),
    ("2", "Scientific Understanding of LLMs"),
    ("2.1", "In-Context Learning Is Black-Box"),
    ("2.1.1", "Mechanisms of In-Context Learning"),
    ("2.1.2", "Safety Implications of In-Context Learning"),
    ("2.2", "Capabilities Are Difficult to Estimate"),
    ("3", "Development and Deployment Methods"),
    ("3.1", "Pretraining Produces Misaligned Models"),
    ("3.2", "Finetuning Methods Are Limited"),
    ("4", "Sociotechnical Challenges"),
    ("4.1", "Values to Be Encoded Are Unclear"),
    ("4.2", "Governance Is Lacking"),
    ("5", "Discussion"),
    (None, "References"),
    ("A", "Related Agendas"),
    ("A.1", "Surveys of LLM Safety"),
]
FOOTNOTES = [
    ("1", "We use “LLM” for any transformer-based language model with more than one billion parameters."),
    ("2", "Some authors call this few-shot prompting; we treat both terms as synonyms."),
    ("3", "See the appendix for a list of related agendas."),
]
QUESTIONS = [
    "1. Which mechanisms explain in-context learning in transformers, and how do they change with model scale and "
    "training data?",
    "2. Can in-context learning override the safety behaviour instilled by finetuning, and how can this be prevented?",
    "3. How can we build evaluations that elicit the full capabilities of a model rather than a lower bound?",
    "4. Which capabilities emerge abruptly with scale, and can their emergence be predicted in advance?",
    "5. How does the composition of pretraining data affect the alignment of the finetuned model?",
    "6. Can pretraining with human feedback reduce harmful outputs without reducing capabilities?",
    "7. Why do jailbreaks and prompt injection succeed against models finetuned with human feedback?",
    "8. How can we verify that finetuning removes a capability rather than merely hiding it?",
    "9. How can the values encoded in an LLM be chosen through a legitimate and inclusive process?",
    "10. How can value pluralism be supported without enabling harmful uses?",
    "11. Which institutions can audit frontier models independently of their developers?",
    "12. How can international coordination on AI governance be achieved and verified?",
]
BOX_TITLES = [
    "Research Questions: In-Context Learning",
    "Research Questions: Capability Estimation",
    "Research Questions: Pretraining",
    "Research Questions: Finetuning",
    "Research Questions: Values",
    "Research Questions: Governance",
]


@pytest.fixture(params=["agenda_doc", "agenda_2col_doc"])
def doc(request):
    return request.getfixturevalue(request.param)


def test_every_heading_exactly(doc):
    assert [(s.number, s.title) for s in doc.sections if s.heading] == HEADINGS


def test_section_tree_links(doc):
    by_id = doc.section_by_id()
    parents = {s.number: by_id[s.parent_id].number for s in doc.sections if s.parent_id}
    assert parents["2.1.1"] == "2.1" and parents["2.1"] == "2" and parents["A.1"] == "A"


def test_footnotes_exactly_with_markers_and_pages(doc):
    footnotes = [(p.marker, p.text) for p in doc.paragraphs if p.kind == "footnote"]
    assert footnotes == FOOTNOTES
    assert all(p.page is not None and p.bbox is not None for p in doc.paragraphs)


def test_question_items_exactly_inside_boxes_with_titles(doc):
    items = [p for p in doc.paragraphs if p.kind == "list_item"]
    assert [p.text for p in items] == QUESTIONS
    assert [p.marker for p in items] == [str(n) for n in range(1, 13)]
    boxes = [p for p in doc.paragraphs if p.kind == "box"]
    assert [b.text for b in boxes] == BOX_TITLES
    # Every item sits in a box, and each box holds its two questions.
    assert all(p.group for p in items)
    assert [sum(1 for p in items if p.group == b.group) for b in boxes] == [2] * 6


def test_no_running_header_footer_or_page_number_in_paragraphs(doc):
    for paragraph in doc.paragraphs:
        assert "Published as a synthetic fixture" not in paragraph.text
        assert paragraph.text.strip() not in {"1", "2", "3", "4"}
    for sentence in doc.sentences:
        assert "TMLR style" not in sentence.text


def test_title_and_authors_are_metadata(doc):
    kinds = [m.kind for m in doc.metadata]
    assert "title" in kinds
    assert any("Synthetic Fixture" in m.text for m in doc.metadata if m.kind == "title")
    assert not any("Ada Example" in p.text for p in doc.paragraphs)


def test_caption_kept_and_figure_labels_dropped(doc):
    captions = [p.text for p in doc.paragraphs if p.kind == "caption"]
    assert captions == ["Figure 1: An emergent capability appears abruptly as models grow."]
    words = {w for s in doc.sentences for w in s.words}
    assert "jump" not in words and "skill" not in words


def test_hyphenation_repaired_and_real_hyphens_kept(doc):
    text = " ".join(p.text for p in doc.paragraphs)
    for word in ("LLM-agent", "state-of-the-art", "Gale-Church", "deep-learning", "open-ended"):
        assert word in text
    assert "lan- guage" not in text and "lan-guage" not in text
    assert "ﬁ" not in text and "ﬀ" not in text


def test_footnote_markers_removed_from_body(doc):
    (sentence,) = [s for s in doc.sentences if s.text.startswith("Assuring their safety")]
    assert sentence.text.endswith("(Sanh et al., 2019, Figure 1).")


def test_sentences_have_page_and_bbox(doc):
    assert all(s.page and s.bbox for s in doc.sentences)
    for paragraph in doc.paragraphs:
        assert doc.text[paragraph.start : paragraph.end] == paragraph.text


def test_two_column_reading_order(agenda_2col_doc):
    numbers = [s.number for s in agenda_2col_doc.sections if s.heading and s.number]
    assert numbers == [
        "1",
        "1.1",
        "1.2",
        "2",
        "2.1",
        "2.1.1",
        "2.1.2",
        "2.2",
        "3",
        "3.1",
        "3.2",
        "4",
        "4.1",
        "4.2",
        "5",
        "A",
        "A.1",
    ]


# Real PDFs ------------------------------------------------------------------


def test_federal_register_columns_and_running_heads():
    from pipeline.run import segment_file

    doc = segment_file(PDFS / "federal-register-2020-17221.pdf", "en")
    texts = [p.text for p in doc.paragraphs]
    assert not any("Federal Register / Vol. 85" in t or "Federal Register /Vol. 85" in t for t in texts)
    assert not any(t.strip().isdigit() for t in texts)
    # A paragraph interrupted by footnotes at the foot of a column continues in the next one.
    assert any(
        t.startswith("These effects include stall warning activation") and "altitude disagree alert" in t for t in texts
    )
    footnotes = [p for p in doc.paragraphs if p.kind == "footnote"]
    assert len(footnotes) >= 9 and footnotes[0].marker == "1"
    titles = [s.title for s in doc.sections if s.heading]
    # The masthead before the first numbered heading is front matter.
    assert {"Proposed Rules", "DEPARTMENT OF TRANSPORTATION"} <= {m.text for m in doc.metadata}
    assert "Background" in titles and "Costs of Compliance" in titles


def test_ligatures_expanded():
    from pipeline.run import segment_file

    doc = segment_file(PDFS / "line-char-render-example.pdf", "en")
    # The first line sits in a filled panel, so it is a box title.
    assert [(p.kind, p.text) for p in doc.paragraphs] == [
        ("box", "first line"),
        ("paragraph", "second line"),
        ("paragraph", "third line"),
    ]
    assert "ﬁ" not in doc.text


def test_chinese_pdf_has_no_spurious_spaces_or_doubled_characters():
    from pipeline.run import segment_file

    doc = segment_file(PDFS / "issue-336-example.pdf", "zh")
    first = doc.paragraphs[0].text
    assert first == "安徽省建设用地使用标准（2020年版）"
    assert not any("  " in p.text for p in doc.paragraphs)
    text = " ".join(p.text for p in doc.paragraphs)
    assert "的系数进行调整。" in text
    assert "安安" not in text


def test_text_repair_units():
    from pipeline.extract.pdf.repair import Dehyphenator, clean_chars, join_words

    assert (
        clean_chars("ﬁnd ﬂow ﬀ ﬃ ﬄ soft\u00adhyphen nb\u00a0sp zero\u200bwidth")
        == "find flow ff ffi ffl softhyphen nb sp zerowidth"
    )
    d = Dehyphenator("alignment state-of-the-art")
    assert d.join_lines("the align-", "ment of") == "the alignment of"
    assert d.join_lines("a state-of-the-", "art model") == "a state-of-the-art model"
    assert d.join_lines("the LLM-", "agent is") == "the LLM-agent is"
    assert d.join_lines("the Gale-", "Church model") == "the Gale-Church model"
    assert join_words("大型", "语言") == "大型语言"
    assert join_words("（", "2020", gap=0.5, size=10) == "（2020"


def test_doubled_characters_are_found_in_linear_time():
    from pipeline.extract.pdf.reader import duplicate_chars

    def char(text, x, top):
        return {"text": text, "x0": x, "top": top, "fontname": "F", "size": 10.0}

    chars = [char("安", 10, 10), char("安", 10.4, 10.3), char("徽", 20, 10), char("安", 30, 10), char("徽", 20.9, 9.2)]
    assert duplicate_chars(chars) == {id(chars[1]), id(chars[4])}


def test_one_worker_and_two_workers_read_the_same_document():
    """Parallel page reading (15 pages: two worker processes) gives exactly the one-process result."""
    from pipeline.extract.pdf import extract_pdf
    from pipeline.ingest import read_source_file

    item = read_source_file(PDFS / "federal-register-2020-17221.pdf", lang="en")
    one, two = extract_pdf(item, workers=1), extract_pdf(item, workers=2)
    assert one.text == two.text and one.blocks == two.blocks and one.warnings == two.warnings


@pytest.mark.parametrize(
    "split, joined",
    [
        ("Lemaˆıtre", "Lemaître"),
        ("G ü nter", "Günter"),
        ("Erd˝os", "Erdős"),
        ("Sch¨olkopf", "Schölkopf"),
        ("café à Paris", "café à Paris"),
    ],
)
def test_split_diacritics_are_joined(split, joined):
    from pipeline.extract.pdf.repair import join_diacritics

    assert join_diacritics(split) == joined


def test_compound_hyphens_kept_and_syllable_breaks_joined_by_word_frequencies():
    from pipeline.extract.pdf.repair import Dehyphenator

    d = Dehyphenator("")
    assert d.join_lines("are sequence-", "aligned") == "are sequence-aligned"
    assert d.join_lines("the source-", "target pairs") == "the source-target pairs"
    assert d.join_lines("automatically-", "detected") == "automatically-detected"
    assert d.join_lines("the Berke-", "ley parser") == "the Berkeley parser"
    assert d.join_lines("dehy-", "phenation") == "dehyphenation"
    assert d.join_lines("multi-", "agent") == "multi-agent"
