"""`pipeline corpus run` on the small fixture corpus: statuses, corpus files, exit codes, incremental runs."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
from conftest import run_cli
from corpus_helpers import CURRENT, copy_corpus, output_digest, run

from pipeline import api
from pipeline.errors import PipelineError


@pytest.fixture(scope="module")
def corpus_out(tmp_path_factory):
    out = tmp_path_factory.mktemp("corpus") / "out"
    return out, run(out)


def test_each_page_gets_its_status_and_reason(corpus_out):
    out, result = corpus_out
    entries = {e["path"]: e for e in json.loads((out / "corpus.json").read_text())["pairs"]}
    status = {path: (e["status"], e["reason"]) for path, e in entries.items()}
    assert status == {
        "broken/page.md": ("failed", None),
        "community/translations.md": ("ok", None),
        "errors/377.md": ("skipped", "the Chinese file is written in English"),
        "learn/setup.md": ("skipped", "no Chinese counterpart"),
        "warnings/special-props.md": ("ok", None),
    }
    # A corrupt page fails alone, with one line naming its file.
    assert entries["broken/page.md"]["error"] == "zh/broken/page.md: not text (PNG image)"
    assert result.failed == [("broken/page.md", "zh/broken/page.md: not text (PNG image)")]
    assert result.line() == "corpus: 5 pairs, 5 rebuilt, 0 unchanged, 0 removed"


def test_ok_pages_get_valid_pipeline_outputs_and_others_none(corpus_out):
    out, _ = corpus_out
    entries = json.loads((out / "corpus.json").read_text())["pairs"]
    assert sorted(p.name for p in (out / "docs").iterdir() if not p.name.startswith(".")) == [
        e["id"] for e in entries if e["status"] == "ok"
    ]
    for entry in entries:
        if entry["status"] == "ok":
            assert api.validate(out / entry["output"]) == []
            assert (out / entry["report"]).is_file()
            manifest = json.loads((out / entry["output"] / "manifest.json").read_text())
            # Paths inside a pair's output name the page, never a worker's scratch folder.
            assert [s["path"] for s in manifest["sources"]] == [f"zh/{entry['zh']}", f"en/{entry['en']}"]


def test_counts_and_totals_agree(corpus_out):
    out, _ = corpus_out
    summary = json.loads((out / "corpus.json").read_text())
    ok = [e for e in summary["pairs"] if e["status"] == "ok"]
    totals = summary["totals"]
    assert (totals["pairs"], totals["ok"], totals["skipped"], totals["failed"]) == (5, 2, 2, 1)
    assert totals["sentence_beads"] == sum(e["counts"]["sentence_beads"] for e in ok) > 0
    assert 0 < totals["confident_share"] <= 1 and 0 < totals["mean_confidence"] <= 1
    for entry in ok:
        counts = entry["counts"]
        assert counts["confident_beads"] <= counts["aligned_beads"] <= counts["sentence_beads"]
        manifest = json.loads((out / entry["output"] / "manifest.json").read_text())
        sentences = manifest["counts"]["segment"]
        assert sum(c["sentences"] for c in sentences.values()) == sum(counts["sentences"].values())
        # The shares mean what a single run's summary means by them.
        (align,) = manifest["counts"]["align"].values()
        assert (counts["confident_share_zh"], counts["confident_share_en"]) == (
            align["confident_share_zh"],
            align["confident_share_en"],
        )
        assert counts["confident_beads"] == align["confident"]
        assert entry["warnings"] == []


def test_pairs_parquet_has_one_row_per_sentence_bead(corpus_out):
    import pyarrow as pa
    import pyarrow.parquet as pq

    out, _ = corpus_out
    table = pq.read_table(out / "pairs.parquet")
    assert table.schema.names == [
        "pair",
        "page",
        "zh_file",
        "en_file",
        "bead_id",
        "section",
        "zh",
        "en",
        "bead",
        "score",
        "status",
        "confident",
    ]
    assert table.schema.field("section").type == pa.list_(pa.string())
    assert table.schema.field("score").type == pa.float64()
    assert table.schema.field("confident").type == pa.bool_()
    assert table.schema.metadata is None  # plain Arrow: no pandas index to trip other readers
    rows = table.to_pylist()
    totals = json.loads((out / "corpus.json").read_text())["totals"]
    assert len(rows) == totals["sentence_beads"]
    assert sum(r["confident"] for r in rows) == totals["confident_beads"]
    assert {r["page"] for r in rows} == {"community/translations.md", "warnings/special-props.md"}
    aligned = json.loads((out / "docs" / "warnings--special-props" / "alignments.jsonl").read_text().splitlines()[-1])
    assert aligned["level"] == "sentence" and aligned["id"] in {r["bead_id"] for r in rows}
    assert any(r["section"] for r in rows)  # beads under a heading name it


def test_corpus_tmx_holds_the_confident_beads_with_their_page(corpus_out):
    out, _ = corpus_out
    units = ET.parse(out / "corpus.tmx").getroot().findall("./body/tu")
    totals = json.loads((out / "corpus.json").read_text())["totals"]
    assert len(units) == totals["confident_beads"] > 0
    pages = {tu.find("prop[@type='x-page']").text for tu in units}
    assert pages == {"community/translations.md", "warnings/special-props.md"}
    threshold = json.loads((out / "corpus.json").read_text())["confident_min_score"]
    assert all(float(tu.find("prop[@type='x-score']").text) >= threshold for tu in units)


def test_the_report_links_every_aligned_page(corpus_out):
    out, _ = corpus_out
    html = (out / "report.html").read_text()
    assert 'href="docs/community--translations/report.html"' in html
    assert 'href="docs/warnings--special-props/report.html"' in html
    assert "no Chinese counterpart" in html and "not text (PNG image)" in html
    assert '<table class="sortable">' in html and "data-sort=" in html


def test_exit_codes(tmp_path):
    args = ["corpus", "run", "--zh-dir", str(CURRENT / "zh"), "--en-dir", str(CURRENT / "en"), "--no-translate"]
    failed = run_cli(*args, "--out", str(tmp_path / "a"), "--engine", "inline")
    assert failed.returncode == 1
    assert b"pipeline: failed: broken/page.md: zh/broken/page.md: not text (PNG image)" in failed.stderr
    assert failed.stdout.decode() == "corpus: 5 pairs, 5 rebuilt, 0 unchanged, 0 removed\n"
    assert "\r" not in failed.stderr.decode()  # piped: no progress bar
    fine = run_cli(*args, "--out", str(tmp_path / "b"), "--engine", "inline", "--exclude", "broken/**")
    assert fine.returncode == 0, fine.stderr
    missing = run_cli(
        "corpus",
        "run",
        "--zh-dir",
        str(tmp_path / "nowhere"),
        "--en-dir",
        str(CURRENT / "en"),
        "--out",
        str(tmp_path / "c"),
    )
    assert missing.returncode == 2
    assert missing.stderr.decode().count("\n") == 1 and "nowhere: is not a directory" in missing.stderr.decode()
    assert not (tmp_path / "c").exists()
    bad_csv = tmp_path / "pairs.csv"
    bad_csv.write_text("left,right\n", encoding="utf-8")
    malformed = run_cli("corpus", "run", "--pairs", str(bad_csv), "--out", str(tmp_path / "d"))
    assert malformed.returncode == 2 and b"zh and en" in malformed.stderr


def test_a_folder_not_written_by_the_pipeline_is_not_taken(tmp_path):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me")
    with pytest.raises(PipelineError, match="was not written by this pipeline"):
        run(tmp_path / "mine")
    with pytest.raises(PipelineError, match="lies inside the input folder"):
        run(CURRENT / "en" / "out")
    assert (tmp_path / "mine" / "notes.txt").read_text() == "keep me"


def test_a_rerun_redoes_only_what_changed_and_matches_a_fresh_run(tmp_path):
    corpus = copy_corpus(tmp_path / "corpus")
    out = tmp_path / "out"
    run(out, corpus)
    again = run(out, corpus)
    assert again.line() == "corpus: 5 pairs, 0 rebuilt, 5 unchanged, 0 removed"
    assert again.failed == [("broken/page.md", "zh/broken/page.md: not text (PNG image)")]  # still listed

    page = corpus / "en" / "warnings" / "special-props.md"
    page.write_text(page.read_text() + "\nOne more sentence at the end.\n")
    touched = run(out, corpus)
    assert touched.rebuilt == ["warnings/special-props.md"]
    assert touched.line() == "corpus: 5 pairs, 1 rebuilt, 4 unchanged, 0 removed"

    for side in ("zh", "en"):
        (corpus / side / "community" / "translations.md").unlink()
    removed = run(out, corpus)
    assert removed.removed == ["community/translations.md"] and removed.rebuilt == []
    assert not (out / "docs" / "community--translations").exists()

    fresh = tmp_path / "fresh"
    run(fresh, corpus)
    assert output_digest(out) == output_digest(fresh)


def test_changed_settings_rebuild_every_pair(tmp_path):
    out = tmp_path / "out"
    run(out, exclude=["broken/**"])
    other = run(out, exclude=["broken/**"], profile="generic")
    assert other.rebuilt == []  # naming the default profile changes nothing
    profile = tmp_path / "strict.yaml"
    profile.write_text("description: another profile\n", encoding="utf-8")
    rebuilt = run(out, exclude=["broken/**"], profile=str(profile))
    assert len(rebuilt.rebuilt) == 4 and rebuilt.unchanged == []


def test_a_projects_config_drives_every_pair(tmp_path):
    from conftest import REPO

    out = tmp_path / "out"
    default = run(out, include=["warnings/**"])
    manifest = out / "docs" / "warnings--special-props" / "manifest.json"
    before = json.loads(manifest.read_text())["config_sha256"]
    project = run(out, include=["warnings/**"], config=REPO / "config" / "pipeline.yaml")
    assert default.rebuilt == project.rebuilt == ["warnings/special-props.md"]
    after = json.loads(manifest.read_text())
    assert after["config_sha256"] != before
    assert after["document"] == {"id": "warnings--special-props", "title": "warnings/special-props.md"}


def test_a_pdf_in_the_other_language_is_skipped_not_failed(tmp_path):
    from conftest import PDFS

    for side in ("zh", "en"):
        (tmp_path / side).mkdir()
        (tmp_path / side / "paper.pdf").write_bytes((PDFS / "issue-33-lorem-ipsum.pdf").read_bytes())
    result = run(tmp_path / "out", tmp_path)
    entry = result.summary["pairs"][0]
    assert (entry["status"], entry["reason"]) == ("skipped", "the Chinese file is written in English")


def test_a_users_file_in_a_removed_pages_folder_is_kept(tmp_path):
    corpus = copy_corpus(tmp_path / "corpus")
    out = tmp_path / "out"
    run(out, corpus, exclude=["broken/**"])
    folder = out / "docs" / "warnings--special-props"
    (folder / "review-notes.txt").write_text("mine")
    for side in ("zh", "en"):
        (corpus / side / "warnings" / "special-props.md").unlink()
    messages: list[str] = []
    result = run(out, corpus, exclude=["broken/**"], log=messages.append)
    assert result.removed == []  # not removed: something of the user's is in it
    assert (folder / "review-notes.txt").read_text() == "mine"
    assert not (folder / "sentences.jsonl").exists()  # the pipeline's own files are gone
    assert any("review-notes.txt" in m for m in messages)
    assert any("holds files the pipeline did not write" in m for m in messages)
