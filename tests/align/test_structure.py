"""Documents whose structure differs: unnumbered headings, a section on one side only, sections moved,
code blocks that hold the alignment in place, and a pair that is no translation at all."""

from __future__ import annotations

import pytest
from documents import SECTIONS, bilingual, make_doc

from pipeline.align import summary
from pipeline.align.hierarchical import align_documents


@pytest.fixture(scope="module")
def aligner():
    from pipeline.align import Aligner

    return Aligner()


def texts(doc, ids):
    by_id = {s.id: s.text for s in doc.sentences}
    return [by_id[i] for i in ids]


def pairs(result, zh, en):
    """Sentence beads as (Chinese texts, English texts)."""
    return [(tuple(texts(zh, r.zh)), tuple(texts(en, r.en))) for r in result.by_level("sentence")]


def expected(keys):
    """The gold beads of SECTIONS[keys]: heading with heading, sentence with sentence."""
    out = []
    for key in keys:
        (en_title, zh_title), sentences = SECTIONS[key]
        out.append(((zh_title,), (en_title,)))
        out += [((zh,), (en,)) for en, zh in sentences]
    return out


def test_unnumbered_headings_pair_by_content_and_an_extra_section_stays_unaligned(aligner):
    zh = make_doc("zh", bilingual(["install", "config", "usage", "faq"], "zh"))
    en = make_doc("en", bilingual(["install", "config", "usage", "trouble", "faq"], "en"))
    result = align_documents(zh, en, aligner)
    got = pairs(result, zh, en)
    for bead in expected(["install", "config", "usage", "faq"]):
        assert bead in got
    (title, _), sentences = SECTIONS["trouble"]
    for extra in [title] + [e for e, _ in sentences]:
        assert ((), (extra,)) in got  # the section on one side only: 0-1 beads, in place
    section_titles = [
        (zh.section_by_id()[r.zh[0]].title, en.section_by_id()[r.en[0]].title) for r in result.by_level("section")
    ]
    assert section_titles == [
        ("安装", "Installation"),
        ("配置", "Configuration"),
        ("使用", "How to use"),
        ("常见问题", "Questions"),
    ]


def test_a_moved_section_is_found_where_its_content_is(aligner):
    zh = make_doc("zh", bilingual(["install", "config", "usage", "faq"], "zh"))
    en = make_doc("en", bilingual(["install", "usage", "config", "faq"], "en"))
    result = align_documents(zh, en, aligner)
    got = pairs(result, zh, en)
    assert sorted(got) == sorted(expected(["install", "config", "usage", "faq"]))
    assert len(result.by_level("section")) == 4


def test_identical_code_blocks_pin_an_alignment_that_would_slip(aligner):
    # Before the code block the Chinese has a translator's note, after it the English has a sentence
    # of its own; the two are alike in length, and without the code block in between the DP pairs them
    # across it. The same code on both sides fixes the point: note and extra sentence stay unaligned.
    code = "pipeline run --zh zh.md --en en.md\n# 输出在 processed/ 文件夹"
    en_code = "pipeline run --zh zh.md --en en.md\n# output goes to processed/"
    before = SECTIONS["install"][1]
    after = SECTIONS["usage"][1]
    note = "译者注：本节内容根据旧版本翻译，部分细节可能已经过时。"
    extra = "Windows users should open a new terminal after installing."

    def docs(with_code: bool):
        zh_blocks = (
            [[z for _, z in before] + [note]] + ([("code", code)] if with_code else []) + [[z for _, z in after]]
        )
        en_blocks = (
            [[e for e, _ in before]] + ([("code", en_code)] if with_code else []) + [[extra] + [e for e, _ in after]]
        )
        return make_doc("zh", [("快速开始", zh_blocks)]), make_doc("en", [("Quick start", en_blocks)])

    zh, en = docs(with_code=False)
    assert ((note,), (extra,)) in pairs(align_documents(zh, en, aligner), zh, en)  # the slip, without the pin
    zh, en = docs(with_code=True)
    result = align_documents(zh, en, aligner)
    # No bead crosses the code block: the note stays with the text before it, the extra sentence with
    # the text after it; the translated sentences around them keep their partners.
    before_code = {s.id for s in zh.sentences + en.sentences if s.paragraph_id.endswith(":p1")}
    for bead in result.by_level("sentence"):
        sides = {i in before_code for i in bead.zh + bead.en}
        assert len(sides) == 1, bead
    got = pairs(result, zh, en)
    assert ((before[0][1],), (before[0][0],)) in got and ((after[-1][1],), (after[-1][0],)) in got
    code_beads = [r for r in result.by_level("paragraph") if "code" in r.signals]
    assert len(code_beads) == 1 and code_beads[0].score > 0.9


def test_an_unrelated_pair_warns_that_it_may_not_be_a_translation(aligner):
    zh = make_doc(
        "zh",
        [
            (
                "红烧肉的做法",
                [
                    [
                        "把五花肉切成小块，用冷水焯一下。",
                        "锅里放少量油，加入冰糖炒出糖色。",
                        "放入肉块翻炒，加酱油和料酒。",
                    ]
                ],
            ),
            ("注意事项", [["小火慢炖一个小时，汤汁收浓即可。", "喜欢甜一点可以多放一些冰糖。"]]),
        ],
    )
    en = make_doc("en", bilingual(["install", "config", "usage"], "en"))
    counts = summary.counts(align_documents(zh, en, aligner))
    warning = summary.not_translations(counts, "zh.md", "en.md", 0.5)
    assert warning is not None and warning.startswith("zh.md and en.md may not be translations of each other")
    assert counts["confident"] <= 1
    # A translation does not warn.
    zh = make_doc("zh", bilingual(["install", "config", "usage"], "zh"))
    counts = summary.counts(align_documents(zh, en, aligner))
    assert summary.not_translations(counts, "zh.md", "en.md", 0.5) is None
    assert counts["confident"] >= 8


def test_the_run_warns_once_and_the_report_says_it_first(tmp_path):
    from conftest import run_cli

    zh = tmp_path / "zh.md"
    en = tmp_path / "en.md"
    zh.write_text(
        "# 红烧肉的做法\n\n把五花肉切成小块，用冷水焯一下。锅里放少量油，加入冰糖炒出糖色。"
        "放入肉块翻炒，加酱油和料酒。\n\n"
        "## 注意事项\n\n小火慢炖一个小时，汤汁收浓即可。喜欢甜一点可以多放一些冰糖。\n",
        encoding="utf-8",
    )
    en.write_text(
        "# Installation\n\nInstall the package with pip before you start. The installer downloads every dependency "
        "automatically. It needs Python 3.11 or a later version.\n\n## Configuration\n\nSettings are read from a "
        "YAML file in the project folder. Every key is checked when the file is loaded.\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = run_cli(
        "run", "--zh", str(zh), "--en", str(en), "--out", str(out), "--profile", "generic", "--no-translate"
    )
    assert result.returncode == 0
    lines = [line for line in result.stderr.decode().splitlines() if "may not be translations of each other" in line]
    assert len(lines) == 1, result.stderr
    report = next(out.rglob("report.html")).read_text(encoding="utf-8")
    assert 'class="warning"' in report
    assert report.index('class="warning"') < report.index('id="overview"')
