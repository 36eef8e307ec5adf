"""Non-prose regions of a PDF page found by layout (regions.py), and outline warnings that agree
with the output (outline_match.py). Each test pins a failure seen on real documents (issue 23)."""

from __future__ import annotations

from pipeline.extract.pdf.blocks import RawBlock, _entry_like
from pipeline.extract.pdf.headings import HeadingDetector
from pipeline.extract.pdf.layout import Line, _join_leaders, number_lines
from pipeline.extract.pdf.reader import OutlineEntry, PageWords
from pipeline.extract.pdf.regions import mark_regions
from pipeline.settings import PdfRegionSettings

BODY = "Times-Roman"
PROSE = "running text of the paper that fills the line and goes on to the next one with more words"


def line(text, top, x0=72.0, x1=None, size=10.0, font=BODY, gaps=(), page=1):
    return Line(
        page=page,
        x0=x0,
        x1=x1 if x1 is not None else x0 + 5 * len(text),
        top=top,
        bottom=top + size,
        size=size,
        bold=0.0,
        text=text,
        chars=len(text),
        font=font,
        fonts={font: len(text)},
        size_chars={size: len(text)},
        gaps=tuple(gaps),
    )


def page(**graphics):
    return PageWords(1, 612.0, 792.0, [], **graphics)


def regions(lines, **graphics):
    number_lines([lines])
    mark_regions(page(**graphics), lines, 10.0, BODY, PdfRegionSettings())
    return [l.region for l in lines]


def test_contents_entries_with_right_aligned_page_numbers_are_toc():
    # The survey's printed contents: "2.1 Social and Ethical Risks of LLMs ....... 7" and "1 Introduction    5".
    entries = [
        line("1 Introduction 5", 100, x1=540, gaps=(4, 360)),
        line("2.1 Social and Ethical Risks ......... 7", 115, x1=540, gaps=(4, 4, 4, 4)),
        line("2.2 Potential Risks ............... 8", 130, x1=540, gaps=(4, 4)),
        line("3 What is LLM Alignment? 9", 145, x1=540, gaps=(4, 4, 4, 300)),
    ]
    assert regions([line("Contents", 80, size=14), *entries]) == ["", "toc", "toc", "toc", "toc"]


def test_table_rows_ending_in_decimals_are_not_contents():
    rows = [line(f"Catchment {k} 0.82 0.85 0.81", 100 + 12 * k, x1=249, gaps=(3, 40, 20, 20)) for k in range(5)]
    assert all(region != "toc" for region in regions(rows))


def test_leader_dots_set_as_separate_words_become_one_word():
    words = [{"text": t, "x0": 10.0 * k, "x1": 10.0 * k + 4, "top": 0.0} for k, t in enumerate(["Title", *"....", "7"])]
    assert [w["text"] for w in _join_leaders(words)] == ["Title", "....", "7"]


def test_rows_of_numbers_are_table_and_prose_with_numbers_is_not():
    found = regions([line("Random 4.8 9.4 25.2 51.6 25.6 51.9", 100), line(PROSE + " in 2019 and 2020.", 130)])
    assert found == ["table", ""]


def test_typewriter_lines_are_code_but_a_wrapped_url_in_a_paragraph_is_not():
    code = [
        line("R> kinetic_fit <- fitModel(data)", 100, font="Courier"),
        line("+ opt = list(iter=4)", 112, font="Courier"),
    ]
    assert regions(code) == ["code", "code"]
    paragraph = [line(PROSE, 200), line("https://example.org/a/long/path", 212, font="Courier"), line(PROSE, 224)]
    assert regions(paragraph) == ["", "", ""]


def test_lines_between_rules_of_one_width_are_table_unless_they_are_prose():
    rules = [(72.0, 95.0, 540.0, 95.5), (72.0, 160.0, 540.0, 160.5)]
    cells = [line("Site Percentile", 100, gaps=(30,)), line("Redhill P T P", 115, gaps=(40, 3, 3))]
    assert regions(cells, rules=rules) == ["table", "table"]
    prose = [line(PROSE, 100 + 12 * k, x1=540) for k in range(4)]
    assert regions(prose, rules=rules) == ["", "", "", ""]


def test_labels_in_and_around_a_dense_drawing_are_figure_text():
    ticks = [(100.0 + 10 * k, 252.0, 101.0 + 10 * k, 257.0) for k in range(10)]
    curve = [(100.0, 200.0 + 5 * k, 200.0, 204.0 + 5 * k) for k in range(10)]
    lines = [line("30000", 210, x0=80, x1=98), line("Seconds", 258, x0=140, x1=170), line(PROSE, 400, x1=540)]
    assert regions(lines, drawings=ticks + curve) == ["figure_text", "figure_text", ""]


def test_bibliography_entries_are_recognised_by_year_and_names():
    def block(*texts):
        return RawBlock("paragraph", [line(t, 100 + 12 * k) for k, t in enumerate(texts)])

    assert _entry_like(block("Van Lerberghe W, De Bethune X: Hospitals in sub-Saharan Africa. 2008."))
    assert _entry_like(block("Patrick Fernandes, Aman Madaan, Emmy Liu, António Farinhas, Pedro Martins, 2023."))
    assert not _entry_like(block("In 2020 the authors measured the flow of the river, as described above."))


def test_a_bookmark_the_layout_found_is_not_reported_as_unmatched():
    # The bookmark points at a page where the heading is not printed; the layout finds it anyway.
    lines = [
        line("1 Introduction", 100, size=12, font="Times-Bold", page=2),
        line(PROSE, 120, page=2),
        line(PROSE, 132, page=2),
        line("References", 160, size=12, font="Times-Bold", page=2),
        line(PROSE, 180, page=2),
    ]
    pages = [lines]
    number_lines(pages)
    detector = HeadingDetector(pages, 10.0, "en")
    outline = [OutlineEntry(1, "Introduction", 2), OutlineEntry(1, "References", 7), OutlineEntry(1, "Ghost", 9)]
    marks = detector.detect(outline)
    assert {marks[l.index].title for l in lines if l.index in marks and marks[l.index].role == "heading"} == {
        "Introduction",
        "References",
    }
    assert len(detector.warnings) == 1 and "Ghost" in detector.warnings[0]


def test_a_frame_holding_boxed_labels_is_a_diagram_with_its_title():
    # The RLHF agenda's taxonomy: a frame holding labelled boxes, with a title and a row of
    # section labels that run across the boxes; the caption below is prose.
    nodes = [(82.0 + 160 * c, 320.0 + 25 * r, 209.0 + 160 * c, 340.0 + 25 * r) for c in range(3) for r in range(3)]
    frame = (72.0, 260.0, 540.0, 420.0)
    lines = [
        line("Challenges", 263, x0=74, x1=146, size=14.5),
        line("Human Feedback, §3.1 Reward Model, §3.2 Policy, §3.3", 297, x0=105, x1=502),
        line("§3.1.1, Misaligned Evaluators §3.2.1, Problem Misspecification §3.3.1,", 325, x0=85, x1=480, size=8),
        line("Figure 1: " + PROSE, 437, x1=540),
    ]
    assert regions(lines, panels=[frame, *nodes]) == ["figure_text", "figure_text", "figure_text", ""]


def test_a_text_box_is_no_diagram():
    # A shaded box of running text with small boxes in it (icons, a title bar) stays prose.
    nodes = [(82.0 + 30 * k, 105.0, 100.0 + 30 * k, 118.0) for k in range(3)]
    lines = [line(PROSE, 130 + 12 * k, x0=80, x1=530) for k in range(4)]
    assert regions(lines, panels=[(72.0, 100.0, 540.0, 190.0), *nodes]) == ["", "", "", ""]


def test_boxes_of_citations_beside_a_tree_are_figure_text():
    # The survey's taxonomy: a tree of drawn branches with tall framed boxes of citations beside it.
    branches = [(100.0 + 20 * k, 150.0, 121.0 + 20 * k, 152.0 + 20 * k) for k in range(8)]
    branches += [(260.0, 90.0 + 30 * k, 456.0, 100.0 + 30 * k) for k in range(4)]  # curves to the boxes
    citations = (455.0, 80.0, 535.0, 240.0)
    lines = [line("Ouyang et al. (2022)", 84 + 10 * k, x0=458, x1=532, size=8) for k in range(3)]
    assert regions(lines, drawings=branches, panels=[citations]) == ["figure_text"] * 3


def set_words(text, top, gap, size=12.0, **kwargs):
    """A line whose words are `text` split on spaces, set `gap` points apart."""
    result = line(text, top, size=size, gaps=(gap,) * (len(text.split()) - 1), **kwargs)
    result.words = tuple(text.split())
    return result


def test_a_listing_letter_spaced_in_a_text_face_is_code():
    # The CUMCM template's appendix: Matlab and C++ set in the roman face with fixed columns, every
    # letter a word of its own; its lines without a long run of letters and its title go with it.
    listing = [
        set_words("matlab.m:", 105, 2.0),
        set_words("f u n c t i o n [ t , seat , a i s l e ]=OI6Sim ( n )", 131, 1.7),
        set_words("pab=rand ( 1 , n ) ;", 151, 1.7),
        set_words("a i s l e T i m e ( i )=0;", 171, 1.7),
        set_words("end", 191, 1.7),
    ]
    assert regions(listing) == ["code"] * 5


def test_a_formula_of_single_letters_in_prose_is_not_code():
    # Variables set with word spaces (the thesis chapter's "f : x 7! ⟨ x; ⟩ X for some 2 R").
    lines = [line(PROSE, 100), set_words("f : x y z ⟨ x ; ⟩ X for some b in R and the kernel h", 112, 3.5, size=10.9)]
    lines.append(line(PROSE, 124))
    assert regions(lines) == ["", "", ""]


def test_code_with_comments_in_chinese_is_code():
    # CUMCM wave energy: Matlab in a typewriter face, its comments in a Chinese face.
    def mixed(text, top):
        latin = sum(1 for c in text if ord(c) < 0x3000)
        result = line(text, top, size=10.0, font="NimbusMonL-Regu")
        result.fonts = {"NimbusMonL-Regu": latin, "FandolSong-Regular": len(text) - latin}
        return result

    code = [mixed("m1=4866;%浮子质量", 525), mixed("m2=2433;%振子质量", 540), mixed("rho=1025;%海水密度", 556)]
    assert regions(code) == ["code"] * 3


def test_a_table_whose_row_rules_start_at_its_second_column_is_table():
    # BMC's Table 2: the header rule spans the table, the rules between rows start at the second
    # column (the first column's cells span several rows); its cells are sentences, narrower than prose.
    rules = [(61.0, 92.0, 704.0, 92.2), (196.0, 197.0, 704.0, 197.3), (196.0, 293.0, 704.0, 293.3)]
    cells = [
        line("1. Affiliate respondents (n = 5) - Existence of treatment protocols", 95, x0=61, x1=305, size=8),
        line("- Quality control and assurance measures are in place", 118, x0=196, x1=296, size=8),
        line("2. Patient respondents (n = 4) In-patients described their overall", 200, x0=61, x1=304, size=8),
        line("The medical department is perceived to be the weakest", 210, x0=369, x1=525, size=8),
    ]
    prose = [line(PROSE, 400 + 12 * k, x0=72, x1=540) for k in range(3)]
    assert regions(cells + prose, rules=rules) == ["table"] * 4 + [""] * 3


def test_running_text_between_a_page_head_rule_and_a_rule_below_is_no_table():
    # A rule under the running head and a footnote rule that shares most of its width frame prose.
    rules = [(72.0, 60.0, 540.0, 60.5), (72.0, 700.0, 300.0, 700.5)]
    prose = [line(PROSE, 100 + 12 * k, x0=72, x1=540) for k in range(10)]
    assert regions(prose, rules=rules) == [""] * 10


def test_an_axis_title_beyond_the_tick_labels_is_figure_text_and_the_caption_is_not():
    # MapReduce's Figure 2: "Seconds" lies below the tick labels "20 40 60 80 100", out of the plot's reach.
    plot = [(373.0 + 15 * k, 80.0 + 7 * k, 380.0 + 15 * k, 90.0 + 7 * k) for k in range(10)]
    lines = [
        line("20 40 60 80 100", 151, x0=396, x1=516, size=8.9),
        line("Seconds", 165, x0=432, x1=466, size=9.9),
        line("Figure 2: Data transfer rate", 180, x0=353, x1=502),
        line(PROSE, 219, x0=315, x1=540),
    ]
    assert regions(lines, drawings=plot) == ["figure_text", "figure_text", "", ""]


def test_a_symbol_list_taken_for_two_columns_is_table():
    # The thesis's list of abbreviations: "PI  聚酰亚胺" rows, read by the layout as two page columns.
    left, right = [], []
    for k, (term, meaning) in enumerate(
        [("PI", "聚酰亚胺"), ("MPI", "聚酰亚胺模型化合物"), ("PBI", "聚苯并咪唑"), ("PY", "聚吡咙")]
    ):
        left.append(line(term, 154 + 19 * k, x0=85, x1=85 + 8 * len(term), size=12))
        right.append(line(meaning, 153 + 19 * k, x0=184, x1=184 + 12 * len(meaning), size=12))
        right[-1].column = 1
    assert regions(left + right) == ["table"] * 8


def test_two_columns_of_running_text_are_no_symbol_list():
    left = [line(PROSE, 100 + 12 * k, x0=50, x1=290) for k in range(6)]
    right = [line(PROSE, 100 + 12 * k, x0=320, x1=560) for k in range(6)]
    for item in right:
        item.column = 1
    assert regions(left + right) == [""] * 12


def test_a_table_whose_last_column_goes_up_and_down_is_no_contents():
    # BMC's Table 1: "Privacy given 99 1 97", "Opportunity to ask questions 62.8 37.2 78", ...
    values = [97, 97, 78, 56, 92, 97, 96, 76]
    rows = [line(f"Item number {k} {v}", 100 + 14 * k, x0=57, x1=290, gaps=(3, 3, 3, 40)) for k, v in enumerate(values)]
    assert all(region != "toc" for region in regions(rows))
