"""Page layout (layout.py, document.py, drawings.py): columns, drawn objects. Each test pins a
failure seen on a real PDF of the corpus (issue 23)."""

from __future__ import annotations

import random

from pipeline.extract.pdf.layout import page_lines
from pipeline.extract.pdf.reader import PageWords, _rules_and_drawings


def words_of(text_words, x0, top, size=10.0, space=2.5, width=5.0):
    """Words of one line set from x0, `width` points a character, `space` between words."""
    out = []
    for text in text_words:
        out.append(
            {
                "text": text,
                "x0": x0,
                "x1": x0 + width * len(text),
                "top": top,
                "bottom": top + size,
                "size": size,
                "fontname": "Times-Roman",
                "upright": True,
            }
        )
        x0 = out[-1]["x1"] + space
    return out


def justified(rng, x0, x1, top):
    """A justified line of prose between x0 and x1: random words, the spaces stretched to fill it."""
    vocabulary = "the of model paper a we in alignment text and language to reward is which learning".split()
    chosen, width = [], 0.0
    while True:
        word = rng.choice(vocabulary)
        if width + 5 * len(word) + 2.5 * len(chosen) > x1 - x0:
            break
        chosen.append(word)
        width += 5 * len(word)
    space = (x1 - x0 - width) / (len(chosen) - 1)
    return words_of(chosen, x0, top, space=space)


def two_column_page(rows=20, extra=()):
    rng = random.Random(0)
    words = []
    for k in range(rows):
        top = 100 + 12 * k
        words += justified(rng, 50, 290, top) + justified(rng, 320, 560, top)
    return PageWords(3, 612.0, 792.0, words + list(extra))


def test_two_columns_are_read_one_after_the_other():
    lines = page_lines(two_column_page(), 10.0, 40.0, 570.0)
    assert [l.column for l in lines[:20]] == [0] * 20 and [l.column for l in lines[20:]] == [1] * 20


def test_a_full_width_caption_across_the_gutter_stays_one_line():
    # IEEE survey, a full-width figure's caption on a two-column page: a word space falls on the gutter.
    left = "Fig. 4. A typology of methods of agent hallucination".split()
    caption = words_of(left, 302.5 - 5 * sum(map(len, left)) - 2.5 * (len(left) - 1), 40)  # ends at the gutter
    caption += words_of("detection we highlight".split(), 305.0, 40)
    lines = page_lines(two_column_page(extra=caption), 10.0, 40.0, 570.0)
    assert lines[0].text.startswith("Fig. 4.") and lines[0].text.endswith("highlight") and lines[0].full_width


def test_hanging_numbers_of_a_list_are_no_column():
    # BMC's references: "1." "2." at the column's edge, the entries' text a gap to their right.
    page = two_column_page()
    numbered = []
    for w in page.words:
        if w["x0"] == 320:
            numbered.append({**w, "text": "1.", "x0": 305.0, "x1": 309.0})
    page = PageWords(3, 612.0, 792.0, page.words + numbered)
    lines = page_lines(page, 10.0, 40.0, 570.0)
    assert {l.column for l in lines} == {0, 1}
    assert all(l.text.startswith("1. ") and l.x1 > 559 for l in lines if l.column == 1)


def test_labels_of_a_figure_across_the_gutter_do_not_hide_the_columns():
    # IEEE survey page 12: a full-width diagram's labels lie across the gutter above two columns of text.
    labels = []
    for k in range(16):
        # Node labels at all heights, one of them across the gutter in every row of the diagram.
        labels += words_of(["Perception"], 60 + 5 * k, 30 + 12 * k)
        labels += words_of(["LLM-Check-[249],UniHD-[250]"], 230, 30 + 12 * k, width=4.0)
        labels += words_of(["etc."], 420 - 5 * k, 30 + 12 * k)
    figure = (50.0, 25.0, 560.0, 225.0)
    page = two_column_page(extra=labels)
    page = PageWords(
        3,
        612.0,
        792.0,
        [dict(w, top=w["top"] + 150, bottom=w["bottom"] + 150) if w not in labels else w for w in page.words],
    )
    prose = [l for l in page_lines(page, 10.0, 40.0, 570.0, [figure]) if l.top >= 240]
    assert {l.column for l in prose} == {0, 1} and all(l.x1 <= 290.5 or l.x0 >= 319.5 for l in prose)


def test_a_drawing_reported_larger_than_the_page_is_no_mark_of_a_figure():
    # RLHF agenda: an icon's path reported two pages wide (its clipping path not applied).
    objects = [
        {"object_type": "curve", "x0": -63.0, "top": 70.0, "x1": 2089.0, "bottom": 1716.0},
        {"object_type": "curve", "x0": 75.0, "top": 87.0, "x1": 84.0, "bottom": 98.0},
    ]
    rules, drawings = _rules_and_drawings(objects, [], 612.0, 792.0)
    assert rules == [] and drawings == [(75.0, 87.0, 84.0, 98.0)]
