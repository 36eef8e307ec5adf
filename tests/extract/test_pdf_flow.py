"""Body text that goes on across what interrupts it (flow.py, layout.py rows), and bookmarks that
agree with the output (outline_match.py). Each test pins a failure seen on real PDFs (issues 21, 23)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO
from test_pdf_layout import words_of
from test_pdf_regions import PROSE, line

from pipeline.extract.pdf.blocks import RawBlock
from pipeline.extract.pdf.flow import join_interrupted, split_run_in_abstract
from pipeline.extract.pdf.layout import page_lines
from pipeline.extract.pdf.reader import OutlineEntry, PageWords
from pipeline.settings import PdfFlowSettings

CORPUS = REPO.parent / "shared" / "corpus" / "pdf"
FLOW = PdfFlowSettings()
FULL = 72.0 + 5 * len(PROSE)  # the right edge of a full line of PROSE


def paragraph(*texts, top=100.0, page=1, x0=72.0, first_x0=None):
    """A paragraph of full lines; the last one full too unless its text is shorter."""
    lines = []
    for k, text in enumerate(texts):
        start = first_x0 if (k == 0 and first_x0 is not None) else x0
        lines.append(line(text, top + 12 * k, x0=start, x1=FULL if k < len(texts) - 1 else None, page=page))
    return RawBlock("paragraph", lines)


def texts(blocks):
    return [(b.kind, " ".join(l.text for l in b.lines)) for b in blocks]


def test_superscript_raised_above_its_line_does_not_split_the_paragraph():
    """zh-cumcm-wave-energy p. 2: a citation "[1]" set 3 pt above its line stood as a line of its own
    (a figure label), cutting "具有广泛的发展前|景" into two paragraphs."""
    raised = words_of(["[1]"], 200.0, 121.0, size=7.0)
    words = words_of(["first", "line", "of", "the", "text"], 72.0, 100.0)
    words += words_of(["second", "line"], 72.0, 124.0) + raised + words_of(["goes", "on"], 215.0, 124.0)
    words += words_of(["third", "line"], 72.0, 148.0)
    lines = page_lines(PageWords(2, 612.0, 792.0, words), 10.0, 60.0, 560.0)
    assert [l.text for l in lines] == ["first line of the text", "second line [1] goes on", "third line"]


def test_sentence_cut_by_a_caption_and_figure_labels_goes_on_after_them():
    """acl-specter p. 7: "… hurts perfor-" | Table 2 and its caption | "mance. One possible …"."""
    first = paragraph(PROSE, "removing the author names from the input hurts perfor-")
    caption = RawBlock("caption", [line("Table 2: Ablations on the four tasks.", 300.0, x0=320.0)])
    labels = RawBlock("figure_text", [line("0.5", 350.0, x0=320.0, size=6.0)])
    second = paragraph("mance. One possible explanation is that names are sparse.", PROSE, top=400.0)
    joined = join_interrupted([first, caption, labels, second], FLOW)
    assert texts(joined) == [
        ("paragraph", f"{PROSE} removing the author names from the input hurts perfor- {texts([second])[0][1]}"),
        ("caption", "Table 2: Ablations on the four tasks."),
        ("figure_text", "0.5"),
    ]


def test_sentence_cut_by_a_footnote_and_a_page_break_goes_on_on_the_next_page():
    first = paragraph(PROSE, "and the results of the model fitting generally justify", top=600.0)
    note = RawBlock("footnote", [line("1 Data from the catchment archive.", 740.0, size=8.0)])
    second = paragraph("this assumption for the length of the plantation.", top=72.0, page=2)
    joined = join_interrupted([first, note, second], FLOW)
    assert [b.kind for b in joined] == ["paragraph", "footnote"]
    assert joined[0].lines[-1].text == "this assumption for the length of the plantation."


def test_chinese_sentence_cut_by_a_float_goes_on_when_its_line_is_full_and_the_next_is_flush():
    first = paragraph(
        "当今世界各国经济社会发展对能源的需求越来越多，但同时全人类也面临着", "能源短缺环境污染的问题，具有广泛的发展前"
    )
    first.lines[-1].x1 = FULL
    figure = RawBlock("caption", [line("图1 波浪能装置示意图", 300.0, x0=200.0)])
    second = paragraph("景，开发利用波浪能可缓解化石能源需求压力。", "因此国内外诸多学者开发了装置。", top=400.0)
    joined = join_interrupted([first, figure, second], FLOW)
    assert [b.kind for b in joined] == ["paragraph", "caption"]
    assert [l.text for l in joined[0].lines][-3:] == [
        "能源短缺环境污染的问题，具有广泛的发展前",
        "景，开发利用波浪能可缓解化石能源需求压力。",
        "因此国内外诸多学者开发了装置。",
    ]


def test_a_new_chinese_paragraph_after_a_float_stays_apart():
    """No case in Chinese: a first line indented two characters opens a paragraph of its own."""
    first = paragraph("当今世界各国经济社会发展对能源的需求越来越多，但同时全人类也面临着", "能源短缺环境污染的问题")
    figure = RawBlock("caption", [line("图1 波浪能装置示意图", 300.0, x0=200.0)])
    indented = paragraph(
        "开发利用波浪能可缓解化石能源需求压力。", "因此国内外诸多学者开发了装置。", top=400.0, first_x0=92.0
    )
    assert len(join_interrupted([first, figure, indented], FLOW)) == 3


@pytest.mark.parametrize(
    "end, start",
    [
        ("the model fitting generally justifies it.", "this assumption holds for the plantation."),  # ended
        ("the model fitting generally justifies it", "The assumption holds for the plantation."),  # capital
    ],
)
def test_finished_sentences_and_new_sentences_are_not_joined_across_a_float(end, start):
    first = paragraph(PROSE, end)
    caption = RawBlock("caption", [line("Figure 3: Flow duration curves.", 300.0)])
    assert len(join_interrupted([first, caption, paragraph(start, top=400.0)], FLOW)) == 3


def test_text_after_a_display_equation_is_left_after_it():
    """thesis p. 3: "… the Cauchy-Schwarz inequality" [equation] "the parallelogram law": the
    equation is part of the sentence, not a float to read past."""
    first = paragraph(PROSE, "the parameters are trained to minimize")
    equation = RawBlock("equation", [line("L(θ) = Σ ℓ(x, y)", 300.0, x0=200.0)])
    after = paragraph("where ℓ is a suitable loss function.", top=330.0)
    assert len(join_interrupted([first, equation, after], FLOW)) == 3


def test_a_paragraph_two_pages_later_does_not_continue_the_sentence():
    first = paragraph(PROSE, "drawing on in-depth interviews with various stakeholders", top=600.0)
    tables = [RawBlock("table", [line("12 34 56 78", 100.0, page=p)]) for p in (2, 3)]
    later = paragraph("necessary steps that will include agreeing on aims.", top=100.0, page=4)
    assert len(join_interrupted([first, *tables, later], FLOW)) == 4


def test_page_numbers_and_running_heads_never_join_a_sentence():
    """A folio or running head that survived as a line of its own is no float: nothing is read past it."""
    first = paragraph(PROSE, "and the results of the model fitting generally justify", top=600.0)
    folio = paragraph("12", top=760.0)
    second = paragraph("this assumption for the length of the plantation.", top=72.0, page=2)
    assert texts(join_interrupted([first, folio, second], FLOW))[1] == ("paragraph", "12")


def test_a_first_page_footer_at_the_end_of_a_column_is_not_glued_into_the_sentence():
    """ieee-journal-agent-hallucination-survey p. 1: "… not only to generate 0000–0000/00$00.00 © 2021
    IEEE task allocation …": a half that ends in a smaller line ends in page furniture."""
    first = paragraph(PROSE, "space, allowing it not only to generate", top=600.0)
    first.lines.append(line("0000–0000/00$00.00 © 2021 IEEE", 740.0, x0=248.0, size=8.0))
    labels = RawBlock("figure_text", [line("Agent", 100.0, x0=320.0, size=6.0)])
    second = paragraph("task allocation within the multi-agent system.", top=300.0)
    assert len(join_interrupted([first, labels, second], FLOW)) == 3


@pytest.mark.parametrize(
    "text, label, rest",
    [
        ("Abstract: We study the alignment of models.", "Abstract", "We study the alignment of models."),
        ("Abstract.We propose a method.", "Abstract", "We propose a method."),
        ("摘要.一种完全的波浪能装置模型。", "摘要", "一种完全的波浪能装置模型。"),
        ("摘 要：本文研究了触摸运动。", "摘 要", "本文研究了触摸运动。"),
    ],
)
def test_abstract_run_into_its_label_becomes_heading_and_sentence(text, label, rest):
    body = RawBlock("paragraph", [line(text, 200.0), line(PROSE, 212.0)])
    result = split_run_in_abstract([RawBlock("metadata", [line("A Title", 80.0, size=16.0)]), body])
    assert texts(result) == [("metadata", "A Title"), ("heading", label), ("paragraph", f"{rest} {PROSE}")]
    assert result[1].level == 1 and result[1].text == label


def test_ieee_abstract_dash_stays_a_run_in_head_of_its_paragraph():
    """The heading truth's convention: "Abstract—" in IEEE papers is a run-in head, not a heading."""
    body = RawBlock("paragraph", [line("Abstract—We study the alignment of models.", 200.0)])
    assert split_run_in_abstract([body]) == [body]


def test_abstract_label_is_not_split_again_when_the_abstract_has_its_own_heading():
    heading = RawBlock("heading", [line("Abstract", 180.0)], level=1, text="Abstract")
    body = RawBlock("paragraph", [line("Abstract: the word opens this line by chance.", 200.0)])
    assert split_run_in_abstract([heading, body]) == [heading, body]


def test_bookmark_with_unexpanded_macro_text_is_matched_by_its_destination():
    """agenda-open-problems-rlhf: bookmarks "Problems from sec:feedback:" point just above the printed
    "B.1 Problems from Section 3.1:"; the heading is in the output, so no warning says it is not."""
    from test_pdf_headings import BOLD, body_lines, detect
    from test_pdf_headings import line as heading_line

    lines = [
        heading_line("1 Introduction", 1, 100, size=12, font=BOLD),
        *body_lines(1, 120),
        heading_line("B.1 Problems from Section 3.1:", 2, 515, font=BOLD),
        *body_lines(2, 530),
        heading_line("B.2 Problems from Section 3.2:", 3, 257, font=BOLD),
        *body_lines(3, 272),
    ]
    outline = [
        OutlineEntry(1, "Introduction", 1, 92.0),
        OutlineEntry(2, "Problems from sec:feedback:", 2, 507.0),
        OutlineEntry(2, "Problems from sec:rewardmodel:", 3, 100.0),  # points far above: no heading there
    ]
    headings, detector = detect(lines, outline)
    assert [h[:2] for h in headings] == [
        ("1", "Introduction"),
        ("B.1", "Problems from Section 3.1:"),
        ("B.2", "Problems from Section 3.2:"),
    ]
    assert [w for w in detector.warnings if "outline entry" in w] == [
        "outline entry 'Problems from sec:rewardmodel:' (p. 3) matches no heading on the page; left out"
    ]


def _report(lang):
    """A report in chapters ("Chapter 1" / "第1章" above their titles), sections and subsections."""
    from test_pdf_headings import BOLD, body_lines
    from test_pdf_headings import line as heading_line

    chapter = ("Chapter {}", "{}") if lang == "en" else ("第{}章", "{}")
    titles = ("Introduction", "Background", "Details", "Methods", "Data")
    if lang == "zh":
        titles = ("引言", "背景", "细节", "方法", "数据")
    return [
        heading_line("A Report on Things", 1, 60, size=20, font=BOLD),
        *body_lines(1, 100),
        heading_line(chapter[0].format(1), 2, 100, size=16, font=BOLD),
        heading_line(titles[0], 2, 130, size=16, font=BOLD),
        *body_lines(2, 160),
        heading_line(f"1.1 {titles[1]}", 2, 260, size=12, font=BOLD),
        *body_lines(2, 280),
        heading_line(f"1.1.1 {titles[2]}", 3, 100, size=10.5, font=BOLD),
        *body_lines(3, 120),
        heading_line(chapter[0].format(2), 4, 100, size=16, font=BOLD),
        heading_line(titles[3], 4, 130, size=16, font=BOLD),
        *body_lines(4, 160),
        heading_line(f"2.1 {titles[4]}", 4, 260, size=12, font=BOLD),
        *body_lines(4, 280),
    ], titles


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("depths", [None, (0, 1, 0), (0, 0, 0)], ids=["no outline", "sections only", "flat"])
def test_chapters_keep_their_level_when_the_bookmarks_leave_them_out_or_are_flat(lang, depths):
    """A report whose bookmarks list only its sections ("1.1", "1.1.1", "2.1"), or list them all at one
    depth, put its sections on its chapters' level: the printed numbers say "1.1" is below "1"."""
    from test_pdf_headings import detect

    lines, titles = _report(lang)
    outline = None
    if depths is not None:
        names = (f"1.1 {titles[1]}", f"1.1.1 {titles[2]}", f"2.1 {titles[4]}")
        outline = [OutlineEntry(d, name, page) for d, name, page in zip(depths, names, (2, 3, 4))]
    headings, detector = detect(lines, outline, lang=lang)
    assert headings == [
        ("1", titles[0], 1),
        ("1.1", titles[1], 2),
        ("1.1.1", titles[2], 3),
        ("2", titles[3], 1),
        ("2.1", titles[4], 2),
    ]
    assert not detector.warnings


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is absent")
def test_real_chinese_paper_sentence_runs_on_past_its_raised_citations():
    """zh-cumcm-wave-energy (../shared/corpus, read in place): a sentence cut twice by raised "[1]"."""
    from pipeline.run import segment_file

    doc = segment_file(Path(CORPUS / "zh-cumcm-wave-energy.pdf"), "zh")
    text = " ".join(s.text for s in doc.sentences)
    assert "具有广泛的发展前景,开发利用波浪能可缓解化石能源需求压力及其环境污染问题[1]。" in text
    assert "因此，国内外诸多学者和机构开发了形式多样的波浪能转换装置" in text
