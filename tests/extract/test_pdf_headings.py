"""Heading detection in PDFs: numbering styles, typography, outlines, and the scorer the benchmark uses.

Each test is named after the failure on real papers it pins (see the issue
"Structure from real scholarly PDFs"); the corpus itself stays in
../shared/corpus and is measured by benchmarks/bench_structure.py.
"""

from __future__ import annotations

import pytest
from conftest import PDFS

from pipeline.extract.pdf.headings import CAPTION_START, HeadingDetector
from pipeline.extract.pdf.layout import Line, number_lines
from pipeline.extract.pdf.reader import OutlineEntry
from pipeline.heading_score import HeadingItem, normalise_title, score_headings
from pipeline.lang.numbering import label_only, parse_numbering

BODY = "Times-Roman"
BOLD = "Times-Bold"


def line(text, page=1, top=0.0, size=10.0, font=BODY, x0=72.0, column=0, gaps=()):
    return Line(
        page=page,
        x0=x0,
        x1=x0 + 6 * len(text),
        top=top,
        bottom=top + size,
        size=size,
        bold=0.0,
        text=text,
        column=column,
        chars=len(text),
        font=font,
        fonts={font: len(text)},
        size_chars={size: len(text)},
        gaps=tuple(gaps),
    )


def body_lines(page, start, count=6):
    return [
        line("running text of the paper that fills the line and goes on to the next one.", page, start + 12 * k)
        for k in range(count)
    ]


def detect(lines, outline=None, lang="en"):
    pages = sorted({l.page for l in lines})
    pages_lines = [[l for l in lines if l.page == p] for p in pages]
    number_lines(pages_lines)
    detector = HeadingDetector(pages_lines, 10.0, lang)
    marks = detector.detect(outline)
    return [
        (marks[l.index].number, marks[l.index].title, marks[l.index].level)
        for l in lines
        if l.index in marks and marks[l.index].role == "heading"
    ], detector


@pytest.mark.parametrize(
    "text, number, scheme, depth, title",
    [
        ("1 Introduction", "1", "decimal", 1, "Introduction"),
        ("2.1. Methods", "2.1", "decimal", 2, "Methods"),
        ("2.3.Statistical analyses", "2.3", "decimal", 2, "Statistical analyses"),  # Elsevier: no space
        ("4 . 1 问题一", "4.1", "decimal", 2, "问题一"),  # letter-spaced label
        ("A.1 Surveys", "A.1", "letter-decimal", 2, "Surveys"),
        ("Appendix B Proofs", "B", "appendix", 1, "Proofs"),
        ("III. TAXONOMY", "III", "roman", 1, "TAXONOMY"),
        ("III-A Reasoning", "III-A", "roman-letter", 2, "Reasoning"),
        ("B. LLM-based Agent Loop", "B", "letter", 1, "LLM-based Agent Loop"),
        ("第2章 相关工作", "2", "chapter", 1, "相关工作"),
        ("Chapter two", "2", "chapter", 1, ""),
        ("一、问题重述", "一", "cn", 1, "问题重述"),
        ("（二）模型假设", "二", "cn-paren", 2, "模型假设"),
        ("附录A Matlab程序", "A", "appendix", 1, "Matlab程序"),
    ],
)
def test_numbering_styles_of_real_papers(text, number, scheme, depth, title):
    found = parse_numbering(text)
    assert (found.number, found.scheme, found.depth, text[found.title_start :].strip()) == (
        number,
        scheme,
        depth,
        title,
    )


@pytest.mark.parametrize(
    "text",
    ["1) Tool Documentation Limitation.", "1).如何删除版本信息？", "Abstract—We study", "2019 was a year", "(a) first"],
)
def test_list_items_and_run_in_heads_carry_no_heading_number(text):
    assert parse_numbering(text) is None


def test_label_alone_on_its_line():
    assert label_only("I.").number == "I" and label_only("APPENDIX A").number == "A"
    assert label_only("I. INTRODUCTION") is None


def test_scorer_normalises_like_the_corpus_readme():
    assert normalise_title("III. F ORMAL D EFINITION") == normalise_title("Formal Definition")
    assert normalise_title("ModelArchitecture") == normalise_title("Model Architecture")
    assert normalise_title("（一）问题重述") == normalise_title("问题重述") == "问题重述"
    assert normalise_title("附录A Matlab 程序") == normalise_title("Matlab程序")
    assert normalise_title("Chapter 2") == "chapter2"  # a bare label keeps its text


def test_scorer_matches_repeated_titles_once_each_in_order():
    truth = [HeadingItem("Data input", "1", 1), HeadingItem("Other"), HeadingItem("Data input", None, 3)]
    predicted = [HeadingItem("Data input", "1", 1), HeadingItem("Data input", None, 2), HeadingItem("Extra")]
    score = score_headings(predicted, truth)
    assert (score.matched, score.missing, score.extra) == (2, ["Other"], ["Extra"])
    assert score.level_agreement == 0.5 and score.number_agreement == 1.0


@pytest.mark.parametrize(
    "text, caption",
    [
        ("Table 2 summarizes the results of every run.", False),
        ("Figure 3-5 shows the effect.", False),
        ("Table 2: Results of every run", True),
        ("Figure 1. Overview", True),
        ("TABLE I", True),
        ("图1 系统结构", True),
    ],
)
def test_body_sentences_that_name_a_table_are_not_captions(text, caption):
    assert bool(CAPTION_START.match(text)) is caption


def test_numbered_and_display_headings_with_levels():
    lines = [
        line("Abstract", 1, 100, font=BOLD),
        *body_lines(1, 115),
        line("1 Introduction", 1, 200, size=12, font=BOLD),
        *body_lines(1, 220),
        line("1.1 Why this agenda?", 1, 320, font=BOLD),
        *body_lines(1, 340),
        line("References", 2, 80, size=12, font=BOLD),
        *body_lines(2, 100),
    ]
    headings, _ = detect(lines)
    assert headings == [
        (None, "Abstract", 1),
        ("1", "Introduction", 1),
        ("1.1", "Why this agenda?", 2),
        (None, "References", 1),
    ]


def test_run_in_heads_and_numbered_list_items_are_not_headings():
    run_in = Line(
        page=1,
        x0=72,
        x1=500,
        top=200,
        bottom=210,
        size=10,
        bold=0.3,
        chars=60,
        text="Potential Experiments: we could train agents in a toy environment and",
        font=BODY,
        fonts={BOLD: 22, BODY: 48},
        size_chars={10.0: 70},
    )
    lines = [
        line("1 Introduction", 1, 100, size=12, font=BOLD),
        *body_lines(1, 120),
        run_in,
        line("1. Many goals incentivize power-seeking.", 1, 300, font=BOLD),
        *body_lines(1, 320),
    ]
    headings, _ = detect(lines)
    assert headings == [("1", "Introduction", 1)]


def test_ieee_label_on_its_own_line_joins_the_title_below():
    lines = [
        line("I.", 1, 100, font=BOLD),
        line("INTRODUCTION", 1, 112, font=BOLD),
        *body_lines(1, 130),
        line("A. Interaction Dynamics", 1, 240, font="Times-Italic"),
        *body_lines(1, 255),
    ]
    headings, _ = detect(lines)
    assert headings == [("I", "INTRODUCTION", 1), ("A", "Interaction Dynamics", 2)]


def test_printed_table_of_contents_is_not_a_list_of_headings():
    lines = [
        line("Contents", 1, 60, size=14, font=BOLD),
        line("1 Introduction", 1, 90, font=BOLD),
        line("2 Methods", 1, 104, font=BOLD),
        line("Introduction", 2, 60, size=14, font=BOLD),
    ]
    lines[3] = line("1 Introduction", 2, 60, size=14, font=BOLD)
    lines += [*body_lines(2, 80), line("2 Methods", 2, 200, size=14, font=BOLD), *body_lines(2, 220)]
    headings, detector = detect(lines)
    assert headings == [(None, "Contents", 1), ("1", "Introduction", 1), ("2", "Methods", 1)]
    assert lines[1].index in detector.toc_lines


def test_outline_gives_levels_and_the_printed_text_wins():
    lines = [
        line("Deep Title of the Paper", 1, 40, size=17, font=BOLD),
        line("Abstract", 1, 100, font=BOLD),
        *body_lines(1, 115),
        line("1 Introduction", 1, 200, size=12, font=BOLD),
        *body_lines(1, 220),
        line("1.1 Problems from Section 3.1:", 2, 100, font=BOLD),
        *body_lines(2, 120),
    ]
    outline = [
        OutlineEntry(1, "Deep Title of the Paper", 1),
        OutlineEntry(2, "Introduction", 1),
        OutlineEntry(3, "Problems from sec:feedback:", 2),
        OutlineEntry(2, "Ghost entry", 2),
    ]
    headings, detector = detect(lines, outline)
    # The single root names the document (its title, before the abstract): dropped, levels shift up.
    assert headings == [(None, "Abstract", 1), ("1", "Introduction", 1), ("1.1", "Problems from Section 3.1:", 2)]
    assert any("Ghost entry" in w for w in detector.warnings)


def test_bookmark_pointing_at_a_wrong_page_still_finds_its_heading():
    lines = [
        line("1 Introduction", 1, 100, size=12, font=BOLD),
        *body_lines(1, 120),
        line("Appendix A Matlab code", 3, 100, size=12, font=BOLD),
        *body_lines(3, 120),
    ]
    outline = [OutlineEntry(1, "Introduction", 1), OutlineEntry(1, "Appendix A Matlab code", 1)]
    headings, detector = detect(lines, outline)
    assert headings == [("1", "Introduction", 1), ("A", "Matlab code", 1)] and not detector.warnings


def test_unnumbered_headings_take_a_level_below_larger_heading_styles():
    lines = [
        line("3 Implementation", 1, 60, size=12, font=BOLD),
        *body_lines(1, 80),
        line("3.3 Fault Tolerance", 1, 160, size=11, font=BOLD),
        *body_lines(1, 180),
        line("Worker Failure", 1, 260, font=BOLD),
        *body_lines(1, 280),
        line("Master Failure", 1, 360, font=BOLD),
        *body_lines(1, 380),
    ]
    headings, _ = detect(lines)
    assert [h[2] for h in headings] == [1, 2, 3, 3]


def test_chinese_headings_letter_spaced_and_numbered():
    lines = [
        line("摘 要", 1, 60, size=15, font="SimHei"),
        *body_lines(1, 80),
        line("一、问题重述", 2, 60, size=15, font="SimHei"),
        *body_lines(2, 80),
        line("1.1 问题背景", 2, 200, size=12, font="SimHei"),
        *body_lines(2, 220),
        line("1、静止状态", 2, 300, size=12, font="SimHei"),
        *body_lines(2, 320),
    ]
    headings, _ = detect(lines, lang="zh")
    assert headings == [(None, "摘要", 1), ("一", "问题重述", 1), ("1.1", "问题背景", 2)]


def test_table_rows_and_figure_labels_are_not_headings():
    lines = [
        line("1 Results", 1, 60, size=12, font=BOLD),
        *body_lines(1, 80),
        line("Patients Staff Managers", 1, 200, font=BOLD, gaps=(40.0, 45.0)),
        line("X", 1, 260, font="Helvetica"),
        line("Y", 1, 300, font="Helvetica"),
        *body_lines(1, 320),
    ]
    headings, _ = detect(lines)
    assert headings == [("1", "Results", 1)]


def test_real_pdf_outline_headings_match_the_outline():
    """pdfplumber's issue-33 file carries bookmarks: every one is found on its page."""
    from pipeline.heading_score import score_against_outline
    from pipeline.run import segment_file

    doc = segment_file(PDFS / "issue-33-lorem-ipsum.pdf", "en")
    assert doc.outline
    assert score_against_outline(doc.sections, doc.outline).f1 == 1.0


def test_real_pdf_headings_with_the_outline_ignored():
    """The same file read from its typography alone finds the same headings."""
    from pipeline.extract.pdf import extract_pdf
    from pipeline.heading_score import score_against_outline
    from pipeline.ingest import read_source_file
    from pipeline.lang import rules_for
    from pipeline.segment import segment

    item = read_source_file(PDFS / "issue-33-lorem-ipsum.pdf", lang="en")
    with_outline = extract_pdf(item)
    without = segment(extract_pdf(item, use_outline=False), rules_for("en"), sentences=False)
    assert score_against_outline(without.sections, with_outline.outline).f1 == 1.0


@pytest.fixture(scope="module")
def ieee_doc():
    from conftest import FIXTURES

    from pipeline.run import segment_file

    return segment_file(FIXTURES / "ieee" / "ieee-conference.pdf", "en")


def test_ieee_roman_small_caps_and_letter_subsections_without_an_outline(ieee_doc):
    assert not ieee_doc.outline
    assert [(s.number, s.title, s.level) for s in ieee_doc.sections if s.heading] == [
        ("I", "INTRODUCTION", 1),
        ("II", "BACKGROUND AND RELATED WORK", 1),
        ("A", "Behavioural Evaluations", 2),
        ("B", "Access Levels for Auditors", 2),
        ("III", "AUDIT PROTOCOL", 1),
        ("A", "Stages of an Audit", 2),
        ("B", "Measuring Refusal Rates", 2),
        ("IV", "RESULTS", 1),
        ("V", "CONCLUSION", 1),
        (None, "REFERENCES", 1),
    ]


def test_ieee_run_in_heads_stay_in_their_paragraphs(ieee_doc):
    items = [p.text for p in ieee_doc.paragraphs if p.text.startswith(("1) ", "2) "))]
    assert [t.split(":")[0] for t in items] == ["1) Claim Collection", "2) Test Design"]
    assert ieee_doc.paragraphs[0].text.startswith("Abstract")  # "Abstract—" opens the first paragraph


def test_ieee_table_equation_and_references_are_kept_out_of_sentences(ieee_doc):
    kinds = {p.kind for p in ieee_doc.paragraphs}
    assert {"table", "reference"} <= kinds
    assert [p.text[:4] for p in ieee_doc.paragraphs if p.kind == "reference"] == ["[1] ", "[2] ", "[3] "]
    text = " ".join(s.text for s in ieee_doc.sentences)
    assert "Model card" not in text and "Example Press" not in text and "∈" not in text
    assert any(m.kind == "equation" for m in ieee_doc.metadata)
    # A body sentence naming a table is body, not a caption.
    assert "Table I summarizes the claims" in text
    # A reference wrapped at the column edge keeps its last word.
    assert "Conference on Evaluations" in " ".join(p.text for p in ieee_doc.paragraphs)
