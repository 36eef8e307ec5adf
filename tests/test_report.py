"""report.html and the HTML diff: structure, self-containment, determinism."""

import json
import re

from conftest import REPO, run_cli

SHIPPED = REPO / "processed" / "anwar2024-foundational-challenges"


def test_report_is_self_contained_and_accessible():
    html = (SHIPPED / "report.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and '<html lang="en">' in html
    assert not re.search(r"""(src|href)=["']https?://""", html)  # no CDN, opens offline
    assert "<style>" in html and "<script>" in html
    assert 'lang="zh-CN"' in html and 'lang="en"' in html
    assert "Noto Sans CJK SC" in html
    headings = [int(h) for h in re.findall(r"<h([1-6])", html)]
    assert headings[0] == 1 and all(b - a <= 1 for a, b in zip(headings, headings[1:]))


def test_one_row_per_sentence_bead_and_unaligned_rows_marked():
    html = (SHIPPED / "report.html").read_text(encoding="utf-8")
    beads = [json.loads(l) for l in (SHIPPED / "alignments.jsonl").read_text().splitlines()]
    sentence_beads = [b for b in beads if b["level"] == "sentence"]
    assert html.count('<div class="row ') == len(sentence_beads)
    assert html.count('<div class="row unaligned') == sum(1 for b in sentence_beads if b["status"] != "aligned")
    # The seed's five headings are segments; the English abstract has none to pair them with.
    assert html.count('<div class="row unaligned heading"') == 5
    assert '<b id="unaligned-zh">79</b>' in html


def test_citations_are_highlighted():
    html = (SHIPPED / "report.html").read_text(encoding="utf-8")
    assert '<mark class="anchor" title="cite:leike:2022">Leike等人,2022年</mark>' in html


def test_report_is_deterministic(tmp_path):
    run_cli("run", "--no-translate", "--out", str(tmp_path / "a"))
    run_cli("run", "--no-translate", "--out", str(tmp_path / "b"))
    name = "anwar2024-foundational-challenges/report.html"
    assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_records_outline_with_origins(agenda_output):
    html = (agenda_output / "report.html").read_text(encoding="utf-8")
    assert html.count('<ul class="questions">') >= 6
    assert html.count('<li id="question-') == 12
    assert 'class="badge origin-source"' in html and 'class="badge origin-missing"' in html
    assert 'id="question-filter"' in html


def test_diff_html(version_outputs):
    root, _ = version_outputs
    result = run_cli("diff", "v1", "v2", "--format", "html", cwd=root)
    assert result.returncode == 1
    html = result.stdout.decode()
    assert html.startswith("<!DOCTYPE html>")
    assert "<ins>安全</ins>" in html and "<ins>目前</ins>" in html  # jieba words, not characters
    assert "<del>transformers?</del>" in html
    changes = json.loads(run_cli("diff", "v1", "v2", "--format", "json", cwd=root).stdout)["changes"]
    assert html.count('<li class="change') == len(changes) == 13


def test_a_big_document_report_caps_its_rows_and_says_where_the_rest_is():
    from pipeline.report import _alignment_view

    sentences = {
        f"s{k}": {
            "id": f"s{k}",
            "text": f"sentence {k}",
            "anchors": [],
            "section_id": "sec",
            "machine_text": None,
            "start": 0,
        }
        for k in range(30)
    }
    beads = [
        {
            "id": f"b{k}",
            "level": "sentence",
            "bead": "0-1",
            "zh": [],
            "en": [f"s{k}"],
            "score": 0.0,
            "status": "unaligned",
        }
        for k in range(30)
    ]
    html = _alignment_view(beads[:10], len(beads), sentences, {})
    assert html.count('class="row ') == 10
    assert "The first 10 of 30 sentence beads are shown; the other 20 are in" in html
    assert 'href="alignments.jsonl"' in html
