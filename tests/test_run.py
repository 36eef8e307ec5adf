"""`pipeline run`: outputs, manifest, determinism, committed outputs, atomic writes."""

import json
import shutil

from conftest import REPO, run_cli, tree_digest

DOC_ID = "anwar2024-foundational-challenges"


def _copy_project(tmp_path):
    """A throwaway copy of config/ and raw/ so tests can change sources."""
    for name in ("config", "raw"):
        shutil.copytree(REPO / name, tmp_path / name)
    return tmp_path


def test_run_writes_the_files_and_manifest(tmp_path):
    result = run_cli("run", "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    out = tmp_path / "out" / DOC_ID
    for name in ("manifest.json", "sections.jsonl", "paragraphs.jsonl", "sentences.jsonl"):
        assert (out / name).is_file()
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["pipeline"]["version"]
    assert len(manifest["config_sha256"]) == 64
    sources = {s["id"]: s for s in manifest["sources"]}
    assert sources["zh-seed"]["lang"] == "zh" and sources["zh-seed"]["path"] == "raw/zh/000_f4edeb85b38b436d.txt"
    assert len(sources["zh-seed"]["sha256"]) == 64 and sources["zh-seed"]["size"] > 0
    assert manifest["counts"]["segment"]["zh-seed"]["sentences"] == 82  # 77 sentences and 5 headings
    assert manifest["counts"]["segment"]["en-abstract"]["sentences"] == 3


def test_missing_optional_paper_is_one_notice(tmp_path):
    result = run_cli("run", "--out", str(tmp_path))
    notices = [line for line in result.stderr.decode().splitlines() if "2404.09932" in line]
    assert len(notices) == 1 and "raw/en/" in notices[0] and "download" in notices[0]


def test_every_record_has_id_source_language_section_offsets_text(tmp_path):
    run_cli("run", "--out", str(tmp_path))
    sentences = [json.loads(l) for l in (tmp_path / DOC_ID / "sentences.jsonl").read_text().splitlines()]
    texts = {p.name: p.read_text(encoding="utf-8") for p in (REPO / "raw").rglob("*.txt")}
    ids = set()
    for record in sentences:
        for key in ("id", "source_id", "lang", "section_id", "start", "end", "text"):
            assert record[key] is not None
        ids.add(record["id"])
    assert len(ids) == len(sentences)
    seed = texts["000_f4edeb85b38b436d.txt"]
    for record in sentences:
        if record["source_id"] == "zh-seed":
            assert seed[record["start"] : record["end"]] == record["text"]


def test_two_runs_are_byte_identical(tmp_path):
    run_cli("run", "--out", str(tmp_path / "a"))
    run_cli("run", "--out", str(tmp_path / "b"))
    first, second = tree_digest(tmp_path / "a"), tree_digest(tmp_path / "b")
    assert first and first == second


def test_committed_processed_output_is_not_stale(tmp_path):
    """If this fails, run `make run` and commit processed/ so reviewers see the change.

    Compared without machine translation: its text depends on which Argos
    packages a machine has, and the committed output is made with none.
    """
    result = run_cli("run", "--no-translate", "--out", str(tmp_path))
    assert result.returncode == 0
    assert tree_digest(tmp_path / DOC_ID) == tree_digest(REPO / "processed" / DOC_ID)


def test_bad_source_leaves_existing_output_untouched(tmp_path):
    project = _copy_project(tmp_path)
    out = tmp_path / "out"
    assert run_cli("run", "--config", str(project / "config" / "pipeline.yaml"), "--out", str(out)).returncode == 0
    before = tree_digest(out)
    (project / "raw" / "zh" / "000_f4edeb85b38b436d.txt").write_bytes(b"\x00\x01\x02binary" * 50)
    result = run_cli("run", "--config", str(project / "config" / "pipeline.yaml"), "--out", str(out))
    assert result.returncode == 2
    assert len(result.stderr.decode().strip().splitlines()) == 1
    assert "binary data" in result.stderr.decode()
    assert tree_digest(out) == before
    # nothing left behind: no temporary directory, and the lock file is removed at the end of the run
    assert sorted(p.name for p in out.iterdir()) == [DOC_ID]


def test_bad_config_is_one_line(tmp_path):
    bad = tmp_path / "pipeline.yaml"
    bad.write_text("sources: [unclosed\n")
    result = run_cli("run", "--config", str(bad))
    assert result.returncode == 2 and "invalid YAML" in result.stderr.decode()
    assert len(result.stderr.decode().strip().splitlines()) == 1


def test_timings_go_to_the_run_log_not_the_outputs(tmp_path):
    project = _copy_project(tmp_path)
    run_cli("run", "--config", str(project / "config" / "pipeline.yaml"), "--out", str(tmp_path / "out"))
    log = (project / "logs" / "runs.jsonl").read_text().splitlines()
    assert "seconds" in json.loads(log[-1])
    assert "seconds" not in (tmp_path / "out" / DOC_ID / "manifest.json").read_text()
