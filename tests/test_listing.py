"""Records from agenda listings: Markdown, HTML and Chinese, numbered from their references."""

from __future__ import annotations

import json

import pytest
from conftest import FIXTURES, run_cli

LISTING = FIXTURES / "listing"


def _records(path, lang, zh_path=None):
    from pipeline.lang import rules_for
    from pipeline.profile import RecordSettings
    from pipeline.records import build_records
    from pipeline.run import segment_file

    doc = segment_file(path, lang)
    zh = segment_file(zh_path, "zh") if zh_path else (doc if lang == "zh" else None)
    return build_records(RecordSettings(enabled=True), rules_for("zh"), doc if lang == "en" else None, zh, None), doc


def _shape(records, lang="en"):
    return {
        "categories": [(c.number, getattr(c, f"text_{lang}")) for c in records.categories],
        "challenges": [(c.number, getattr(c, f"text_{lang}")) for c in records.challenges],
        "questions": [
            (q.number, q.order, q.section, getattr(q, f"text_{lang}"), getattr(q, f"detail_{lang}"))
            for q in records.questions
        ],
    }


EXPECTED_EN = {
    "categories": [
        ("2", "Scientific Understanding of Language Models"),
        ("3", "Methods of Development and Deployment"),
    ],
    "challenges": [
        ("2.1", "In-Context Learning Is Poorly Understood"),
        ("2.2", "Capabilities Are Hard to Estimate"),
        ("3.1", "Finetuning Methods Are Limited"),
    ],
    "questions": [
        ("1", 0, "2.1.1", "What are the mechanisms behind in-context learning in large transformers?", None),
        (
            "2",
            1,
            "2.1.1",
            "How does in-context learning differ from learning by gradient descent?",
            "Earlier work compared the two only on small models trained on synthetic tasks.",
        ),
        ("3", 2, "2.1.2", "Can in-context learning undo the effect of safety finetuning?", None),
        ("1", 3, "2.2.1", "How can evaluations find the upper bound of a capability rather than a lower bound?", None),
        ("2", 4, "2.2.2", "Which capabilities appear abruptly as models grow?", None),
        ("1", 5, "3.1.1", "Does finetuning remove a capability or only hide it?", None),
        (
            "2",
            6,
            "3.1.2",
            "Why do jailbreaks succeed against finetuned models?",
            "Attacks found for one model often transfer to others.",
        ),
    ],
}


def test_markdown_listing_numbered_from_its_references():
    records, doc = _records(LISTING / "en.md", "en")
    assert _shape(records) == EXPECTED_EN
    assert {s.number: s.numbered_by for s in doc.sections if s.number} == {
        "2": "reference",
        "2.1": "reference",
        "2.2": "reference",
        "3": "reference",
        "3.1": "reference",
    }
    assert not doc.warnings


def test_html_page_saved_from_a_browser_gives_the_same_records():
    records, doc = _records(LISTING / "en.html", "en")
    assert _shape(records) == EXPECTED_EN
    text = " ".join(p.text for p in doc.paragraphs)
    assert "Agenda home" not in text and "Last updated" not in text and "Related pages" not in text
    assert {p.kind for p in doc.paragraphs if "Scientific Understanding 2" in p.text} == {"table"}


def test_question_records_link_to_their_challenge_and_category():
    records, _ = _records(LISTING / "en.md", "en")
    challenge = {c.id: c.number for c in records.challenges}
    category = {c.id: c.number for c in records.categories}
    assert [(challenge[q.challenge_id], category[q.category_id]) for q in records.questions] == [
        ("2.1", "2"),
        ("2.1", "2"),
        ("2.1", "2"),
        ("2.2", "2"),
        ("2.2", "2"),
        ("3.1", "3"),
        ("3.1", "3"),
    ]


def test_chinese_listing_alone_and_paired_with_the_english_one():
    zh_only, _ = _records(LISTING / "zh.md", "zh")
    assert [c.number for c in zh_only.challenges] == ["2.1", "2.2", "3.1"]
    assert zh_only.questions[1].text_zh == "上下文学习与梯度下降学习有何不同？"
    assert zh_only.questions[1].detail_zh == "以往的工作只在合成任务上训练的小模型上比较过二者。"
    both, _ = _records(LISTING / "en.md", "en", LISTING / "zh.md")
    assert [(q.section, q.origin_en, q.origin_zh) for q in both.questions] == [
        (q[2], "source", "source") for q in EXPECTED_EN["questions"]
    ]
    assert both.questions[6].text_zh == "为什么越狱攻击能对微调后的模型奏效？"
    assert [c.text_zh for c in both.challenges] == ["上下文学习尚未被充分理解", "能力难以估计", "微调方法存在局限"]


def test_a_reference_that_contradicts_its_heading_is_a_warning_naming_both():
    records, doc = _records(LISTING / "contradiction.md", "en")
    assert len(doc.warnings) == 1
    assert "3.1.2" in doc.warnings[0] and "Scientific Understanding of Language Models" in doc.warnings[0]
    # The item is kept where it is printed, not dropped and not moved silently.
    assert [q.section for q in records.questions] == ["2.1.1", "2.1.2", "3.1.2"]
    assert len({q.challenge_id for q in records.questions}) == 1


@pytest.mark.parametrize(
    "text, question, detail",
    [
        ("Q3. Can models deceive their overseers? (§4.2)", "Can models deceive their overseers?", None),
        ("(3) Can models deceive their overseers?", "Can models deceive their overseers?", None),
        ("③ 模型能否欺骗监督者？(第4.2节)", "模型能否欺骗监督者？", None),
        (
            "- Can models deceive? Two studies found signs of it.",
            "Can models deceive?",
            "Two studies found signs of it.",
        ),
    ],
)
def test_item_labels_and_references_of_real_listings(tmp_path, text, question, detail):
    lang = "zh" if "模型" in text else "en"
    path = tmp_path / "items.md"
    path.write_text(f"## Alignment\n\n### Deception\n\n{text}\n", encoding="utf-8")
    from pipeline.questions import question_items
    from pipeline.run import segment_file

    items = question_items(segment_file(path, lang))
    assert [(i.text, i.detail) for i in items] == [(question, detail)]


def test_latexml_html_sections_notes_and_bibliography():
    from pipeline.run import segment_file

    doc = segment_file(LISTING / "latexml.html", "en")
    assert [(s.number, s.title) for s in doc.sections if s.heading and s.number] == [
        ("1", "Introduction"),
        ("2", "Scientific Understanding"),
        ("2.1", "In-Context Learning"),
    ]
    kinds = {p.kind: p.text for p in doc.paragraphs}
    assert kinds["footnote"] == "We count only models with public access."
    assert kinds["reference"].startswith("Author (2020) A. Author.")
    intro = [p.text for p in doc.paragraphs if p.text.startswith("Language models")]
    assert intro == ["Language models are widely deployed and their safety is studied (Author, 2020)."]
    assert not any("Generated by LaTeXML" in p.text or p.text == "Ada Example" for p in doc.paragraphs)


def test_diff_of_two_listing_versions_reports_question_changes():
    result = run_cli("diff", str(LISTING / "en.md"), str(LISTING / "en-v2.md"), "--format", "json")
    assert result.returncode == 1, result.stderr
    changes = [
        (c["change"], c["kind"], c["number_old"], c["number_new"])
        for c in json.loads(result.stdout)["changes"]
        if c["kind"] == "question"
    ]
    # The swap of the first two items is two renumberings, not two rewordings.
    assert sorted(changes) == sorted(
        [
            ("renumbered", "question", "1", "2"),
            ("renumbered", "question", "2", "1"),
            ("reworded", "question", "3", "3"),
            ("added", "question", None, "3"),
        ]
    )


def test_diff_of_identical_listings_exits_0_and_needs_no_lang():
    result = run_cli("diff", str(LISTING / "zh.md"), str(LISTING / "zh.md"))
    assert result.returncode == 0, result.stderr
