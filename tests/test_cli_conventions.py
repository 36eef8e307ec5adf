"""The command line: your own pair in one command, a project from `init`, streams, --json, --quiet, exit codes.

In-process (`cli.main([...])` with captured streams), as sqlite-utils tests its CLI.
"""

from __future__ import annotations

import json

import pytest
from conftest import EN_ABSTRACT, REPO, SEED

from pipeline import cli


def main(capsys, *argv):
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_own_pair_in_one_command_with_the_generic_profile(tmp_path, capsys):
    code, out, err = main(
        capsys, "run", "--zh", str(SEED), "--en", str(EN_ABSTRACT), "--out", str(tmp_path), "--no-translate", "--json"
    )
    assert code == 0, err
    summary = json.loads(out)
    folder = tmp_path / "arxiv-2404.09932-abstract"
    assert summary["output"] == str(folder) and summary["document"] == "arxiv-2404.09932-abstract"
    for name in ("pairs.tmx", "report.html", "alignments.jsonl", "manifest.json", "sentences.jsonl"):
        assert (folder / name).is_file()
    # The generic profile: no agenda records and no expectations about them.
    assert summary["counts"]["records"] == {"category": 0, "challenge": 0, "topic": 0, "question": 0}
    assert not any("expected" in n for n in summary["notices"])
    assert "records:" not in err


def test_own_pair_with_a_named_profile(tmp_path, capsys):
    code, out, err = main(
        capsys,
        "run",
        "--zh",
        str(SEED),
        "--en",
        str(EN_ABSTRACT),
        "--out",
        str(tmp_path),
        "--no-translate",
        "--json",
        "--profile",
        "anwar2024-foundational-challenges",
    )
    assert code == 0, err
    assert json.loads(out)["counts"]["records"]["category"] == 3


def test_init_makes_a_project_that_runs_from_any_folder_inside_it(tmp_path, capsys, monkeypatch):
    project = tmp_path / "my-report"
    code, out, err = main(capsys, "init", str(project))
    assert code == 0 and "project ready" in out
    monkeypatch.chdir(project / "raw" / "zh")  # the config is found from the project root, not the cwd
    code, out, err = main(capsys, "run", "--quiet")
    assert code == 0, err
    assert err == ""  # --quiet: nothing on stderr
    assert out.strip() == f"wrote {project / 'processed' / 'my-report'}"
    code, out, _ = main(capsys, "validate", str(project / "processed" / "my-report"), "--json")
    assert code == 0 and json.loads(out) == {
        "directory": str(project / "processed" / "my-report"),
        "valid": True,
        "problems": [],
    }


def test_init_refuses_an_existing_project(tmp_path, capsys):
    main(capsys, "init", str(tmp_path / "p"))
    code, _, err = main(capsys, "init", str(tmp_path / "p"))
    assert code == 2 and "already exists" in err


def test_results_on_stdout_diagnostics_on_stderr(tmp_path, capsys):
    code, out, err = main(capsys, "validate", str(REPO / "processed" / "anwar2024-foundational-challenges"))
    assert code == 0 and out.strip().endswith(": valid") and err == ""
    code, out, err = main(capsys, "models", "--packages-dir", str(tmp_path / "none"), "list")
    assert code == 0 and "no Argos translation packages" in out and err == ""
    code, out, err = main(capsys, "models", "--packages-dir", str(tmp_path / "none"), "list", "--json")
    assert code == 0 and json.loads(out) == []


def test_verbose_adds_stage_timings(tmp_path, capsys):
    code, out, err = main(
        capsys,
        "run",
        "--zh",
        str(SEED),
        "--en",
        str(EN_ABSTRACT),
        "--out",
        str(tmp_path),
        "--no-translate",
        "--verbose",
    )
    assert code == 0
    assert "align:" in err and " s" in err
    assert "config: built-in defaults (--zh/--en run no project config), profile generic" in err.splitlines()


def test_verbose_names_the_config_a_command_uses(tmp_path, capsys, monkeypatch):
    """Inside a project its config/pipeline.yaml; elsewhere the built-in defaults, said so."""
    monkeypatch.chdir(tmp_path)
    code, _, err = main(capsys, "run", "--config", str(REPO / "config" / "pipeline.yaml"), "--out", "o", "-v")
    assert code == 0 and f"config: {REPO / 'config' / 'pipeline.yaml'}" in err.splitlines()
    lone = tmp_path / "lone.txt"
    lone.write_text("A short English paragraph, alone in a folder.\n", encoding="utf-8")
    code, _, err = main(capsys, "segment", str(lone), "--verbose")
    assert code == 0 and f"config: built-in defaults (no config/pipeline.yaml around {lone})" in err
    code, _, err = main(capsys, "segment", str(SEED), "--verbose")
    assert code == 0 and f"config: {REPO / 'config' / 'pipeline.yaml'}" in err.splitlines()


def test_exit_codes_are_documented_in_help(capsys):
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    out = capsys.readouterr().out
    for code in ("0 ", "1 ", "2 ", "130", "143"):
        assert f"  {code}" in out


def test_csv_without_bom_on_request(tmp_path, capsys):
    code, _, err = main(
        capsys,
        "run",
        "--zh",
        str(SEED),
        "--en",
        str(EN_ABSTRACT),
        "--out",
        str(tmp_path),
        "--no-translate",
        "--no-csv-bom",
        "--quiet",
    )
    assert code == 0, err
    csv_file = tmp_path / "arxiv-2404.09932-abstract" / "csv" / "categories.csv"
    assert not csv_file.read_bytes().startswith(b"\xef\xbb\xbf")


def test_swapped_languages_are_an_error_naming_the_file(tmp_path, capsys):
    zh = tmp_path / "zh.txt"
    en = tmp_path / "en.txt"
    zh.write_text("这是第一句，用来说明语言检测。\n这是第二句，内容更长一些，也是中文。\n", encoding="utf-8")
    en.write_text("This is the first sentence.\nThis is the second one, a little longer.\n", encoding="utf-8")
    code, _, err = main(capsys, "align", "--presplit", str(zh), str(en), "--src-lang", "en", "--tgt-lang", "zh")
    assert code == 2
    assert str(zh) in err and "Chinese (zh)" in err and "given as English (en)" in err
    code, out, err = main(capsys, "align", "--presplit", str(zh), str(en))  # languages detected
    assert code == 0 and out.splitlines() == ["[0]:[0]", "[1]:[1]"]
