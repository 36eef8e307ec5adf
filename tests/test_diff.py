"""`pipeline diff` on the v1/v2 fixture pair: exactly the changes made, in every format."""

import json
import shutil

from conftest import VERSIONS, run_cli

# v2 differs from v1 by: challenge 4.1 replaced (one section removed, one added,
# each with its question), question 1 reworded, questions 3 and 4 renumbered,
# one Chinese sentence edited. Nothing else.


def diff(root, *args):
    return run_cli("diff", "v1", "v2", *args, cwd=root)


def test_exact_diff_in_every_format(version_outputs):
    root, _ = version_outputs
    for fmt in ("text", "markdown", "json"):
        result = diff(root, "--format", fmt)
        assert result.returncode == 1, result.stderr
        expected = (VERSIONS / f"expected-diff.{fmt}").read_text(encoding="utf-8")
        assert result.stdout.decode("utf-8") == expected, fmt


def test_counts_per_record_type(version_outputs):
    root, _ = version_outputs
    counts = json.loads(diff(root, "--format", "json").stdout)["counts"]
    assert counts["challenge"] == {"added": 1, "removed": 1, "reworded": 0, "renumbered": 0, "moved": 0}
    assert counts["question"] == {"added": 1, "removed": 1, "reworded": 1, "renumbered": 2, "moved": 0}
    assert counts["category"] == {c: 0 for c in counts["category"]}
    zh_edits = [
        c
        for c in json.loads(diff(root, "--format", "json").stdout)["changes"]
        if c["kind"] == "sentence" and c["lang"] == "zh"
    ]
    assert len(zh_edits) == 1 and zh_edits[0]["change"] == "reworded"
    assert ["+", "安全"] in zh_edits[0]["words"] and ["+", "目前"] in zh_edits[0]["words"]  # jieba words


def test_exit_status_like_diff(version_outputs, tmp_path):
    root, outputs = version_outputs
    same = run_cli("diff", str(outputs["v1"]), str(outputs["v1"]))
    assert same.returncode == 0
    assert run_cli("diff", str(outputs["v1"]), str(tmp_path / "missing")).returncode == 2
    assert diff(root, "--fail-on", "moved").returncode == 0
    assert diff(root, "--fail-on", "added,removed").returncode == 1
    bad = diff(root, "--fail-on", "exploded")
    assert bad.returncode == 2 and b"--fail-on" in bad.stderr


def test_diff_of_two_source_files():
    result = run_cli(
        "diff", str(VERSIONS / "v1" / "en.md"), str(VERSIONS / "v2" / "en.md"), "--lang", "en", "--format", "json"
    )
    assert result.returncode == 1
    counts = json.loads(result.stdout)["counts"]
    assert counts["question"]["renumbered"] == 2 and counts["question"]["reworded"] == 1
    assert counts["challenge"]["added"] == 1 and counts["challenge"]["removed"] == 1


def test_output_file_option(version_outputs, tmp_path):
    root, _ = version_outputs
    target = tmp_path / "report.md"
    assert diff(root, "--format", "markdown", "--output", str(target)).returncode == 1
    assert target.read_text(encoding="utf-8").startswith("# Changes from `v1` to `v2`")


def test_stable_ids_across_versions(version_outputs, tmp_path):
    """Running v2 over v1's output keeps the ids of records that survived."""
    from pipeline.config import load_config
    from pipeline.run import run_pipeline

    _, outputs = version_outputs
    shutil.copytree(outputs["v1"], tmp_path / "synthetic-agenda")
    result = run_pipeline(load_config(VERSIONS / "config" / "v2.yaml"), out_root=tmp_path, log=lambda m: None)
    v1 = {
        json.loads(l)["text_en"]: json.loads(l)["id"]
        for l in (outputs["v1"] / "questions.jsonl").read_text().splitlines()
    }
    v2 = [json.loads(l) for l in (result.out_dir / "questions.jsonl").read_text().splitlines()]
    reworded = next(q for q in v2 if q["number"] == "1")
    assert reworded["id"] == v1["Which mechanisms explain in-context learning in transformers?"]
    renumbered = next(q for q in v2 if q["text_en"] == "Which capabilities emerge abruptly with scale?")
    assert renumbered["number"] == "3" and renumbered["id"] == v1["Which capabilities emerge abruptly with scale?"]


def test_moved_record_is_reported():
    from pipeline.diff import diff_records, render

    old = {
        "question": [
            {
                "id": "question-1",
                "number": "3",
                "text_en": "Why do jailbreaks succeed?",
                "topic_id": None,
                "challenge_id": "challenge-a",
                "category_id": "category-x",
            }
        ]
    }
    new = {
        "question": [
            {
                "id": "question-1",
                "number": "3",
                "text_en": "Why do jailbreaks succeed?",
                "topic_id": None,
                "challenge_id": "challenge-b",
                "category_id": "category-x",
            }
        ]
    }
    result = diff_records(old, new)
    assert [(c.change, c.parent_old, c.parent_new) for c in result.changes] == [("moved", "challenge-a", "challenge-b")]
    assert "> question question-1 moved challenge-a → challenge-b" in render(result, "text")
