"""`pipeline segment FILE --blocks`, and mismatched.jsonl in a run's outputs."""

import json

from conftest import FIXTURES, run_cli


def test_segment_blocks_shows_kinds_lines_and_other_language():
    result = run_cli("segment", str(FIXTURES / "markdown" / "trpl-what-is-ownership.zh.md"), "--blocks")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.decode().splitlines()
    assert lines[0].endswith(
        "trpl-what-is-ownership.zh.md: markdown (mdbook), zh; 17 blocks, 15 sentences, 4 in another language"
    )
    assert lines[1] == "dropped: comments 2, includes 1"
    assert lines[3].split() == ["1", "h2", "1", "什么是所有权"]
    assert lines[4].split()[:3] == ["3", "quote", "0"]
    assert lines[5].strip().startswith("↳ en: ch04-01-what-is-ownership.md commit")
    code = next(line for line in lines if " code:rust " in line)
    assert code.split()[2] == "-" and code.endswith("[figure-1]")


def test_segment_jsonl_marks_sentences_in_another_language():
    result = run_cli("segment", str(FIXTURES / "markdown" / "trpl-what-is-ownership.zh.md"))
    records = [json.loads(line) for line in result.stdout.decode().splitlines()]
    mismatched = [r for r in records if r["type"] == "mismatched"]
    assert [r["lang"] for r in mismatched] == ["en"] * 4
    assert {r["kind"] for r in records if r["type"] == "sentence"} == {"heading", "sentence"}


def test_run_writes_mismatched_jsonl_and_counts_it(tmp_path):
    zh = tmp_path / "zh.md"
    en = tmp_path / "en.md"
    zh.write_text("# 标题\n\n第一句。Never translated.\n\n<!-- English original -->\n", encoding="utf-8")
    en.write_text("# Title\n\nFirst sentence. Never translated.\n", encoding="utf-8")
    result = run_cli("run", "--zh", str(zh), "--en", str(en), "--out", str(tmp_path / "out"), "--no-translate")
    assert result.returncode == 0, result.stderr
    out = tmp_path / "out" / "en"
    mismatched = [json.loads(line) for line in (out / "mismatched.jsonl").read_text().splitlines()]
    assert [(m["type"], m["lang"], m["text"]) for m in mismatched] == [("mismatched", "en", "Never translated.")]
    manifest = json.loads((out / "manifest.json").read_text())
    counts = manifest["counts"]["segment"]["zh-zh"]
    assert counts["mismatched"] == 1 and counts["dropped"] == {"comments": 1}
    assert "mismatched.jsonl" in manifest["files"]
    report = (out / "report.html").read_text()
    assert '<b id="mismatched-count">1</b>' in report and "Never translated." in report
