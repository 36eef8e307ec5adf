"""`pipeline validate`: schemas, links, alignment ids, manifest digests."""

import json
import shutil

from conftest import REPO, run_cli

SHIPPED = REPO / "processed" / "anwar2024-foundational-challenges"


def test_every_output_validates(agenda_output, version_outputs):
    from pipeline.validate import validate_directory

    assert validate_directory(SHIPPED) == []
    assert validate_directory(agenda_output) == []
    for directory in version_outputs[1].values():
        assert validate_directory(directory) == []


def test_dangling_link_and_schema_violation_are_reported(agenda_output, tmp_path):
    broken = tmp_path / "broken"
    shutil.copytree(agenda_output, broken)
    questions = [json.loads(l) for l in (broken / "questions.jsonl").read_text().splitlines()]
    questions[0]["topic_id"] = "topic-deadbeef"
    questions[1]["origin_zh"] = "guessed"
    (broken / "questions.jsonl").write_text("".join(json.dumps(q, ensure_ascii=False) + "\n" for q in questions))
    result = run_cli("validate", str(broken))
    out = result.stdout.decode()
    assert result.returncode == 1
    assert "topic_id topic-deadbeef is not a topic id" in out
    assert "'guessed' is not one of" in out
    assert "questions.jsonl has changed since it was written" in out


def test_not_an_output_directory(tmp_path):
    result = run_cli("validate", str(tmp_path))
    assert result.returncode == 2 and b"no manifest.json" in result.stderr
