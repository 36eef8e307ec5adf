"""The command line as a user meets it: every sub-command, flag and bad input."""

import json

import pytest
from conftest import AGENDA_PDF, EN_ABSTRACT, PDFS, SEED, run_cli, run_cli_process

from pipeline import __version__


@pytest.mark.end_to_end
def test_a_real_process_runs_segments_and_fails_cleanly(tmp_path):
    # Most tests call cli.main in-process; these check what only a separate process shows.
    version = run_cli_process("--version")
    assert version.returncode == 0 and version.stdout.decode().strip() == f"pipeline {__version__}"
    segmented = run_cli_process("segment", str(EN_ABSTRACT), "--lang", "en")
    assert segmented.returncode == 0 and b'"type":"sentence"' in segmented.stdout
    missing = run_cli_process("segment", str(tmp_path / "nothing.txt"), "--lang", "en")
    assert missing.returncode == 2 and missing.stdout == b""
    assert missing.stderr.decode().count("\n") == 1 and "nothing.txt" in missing.stderr.decode()
    assert b"Traceback" not in missing.stderr


def test_version_and_help():
    result = run_cli("--version")
    assert result.returncode == 0 and result.stdout.decode().strip() == f"pipeline {__version__}"
    for command in ([], ["run"], ["segment"], ["headings"]):
        help_result = run_cli(*command, "--help")
        assert help_result.returncode == 0 and b"usage: pipeline" in help_result.stdout


def test_no_command_prints_help_and_fails():
    result = run_cli()
    assert result.returncode == 2 and b"usage" in result.stderr


def test_segment_prints_jsonl_with_types():
    result = run_cli("segment", str(SEED), "--lang", "zh")
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert {r["type"] for r in records} == {"section", "paragraph", "sentence"}
    headings = [(r["number"], r["title"]) for r in records if r["type"] == "section" and r["heading"]]
    assert [n for n, _ in headings] == ["1.1", "1.2", "1.3", "2", "3"]


def test_segment_pdf():
    result = run_cli("segment", str(AGENDA_PDF), "--lang", "en")
    assert result.returncode == 0
    first = json.loads(result.stdout.decode().splitlines()[0])
    assert first["type"] == "section" and first["page"] == 1


def test_headings_against_outline_on_the_shared_pdf():
    result = run_cli("headings", str(PDFS / "issue-33-lorem-ipsum.pdf"), "--against-outline")
    assert result.returncode == 0
    out = result.stdout.decode()
    assert "F1 1.000" in out and "Quiquia adipisci numquam tempora dolore magnam." in out


def test_headings_against_outline_without_one():
    result = run_cli("headings", str(PDFS / "federal-register-2020-17221.pdf"), "--against-outline")
    assert result.returncode == 2 and b"no outline" in result.stderr


def _bad_inputs(tmp_path):
    gbk_bad = tmp_path / "latin1.txt"
    gbk_bad.write_bytes("naïve café résumé".encode("latin-1"))
    garbage = tmp_path / "garbage.txt"
    garbage.write_bytes(bytes(range(256)) * 16)
    png = tmp_path / "image.pdf"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes(AGENDA_PDF.read_bytes()[:600])
    return {
        "missing": (tmp_path / "missing.txt", "no such file"),
        "directory": (tmp_path, "is a directory"),
        "empty": (empty, "empty file"),
        "undecodable": (gbk_bad, "not UTF-8"),
        "binary": (garbage, "binary data"),
        "image": (png, "not a PDF"),
        "encrypted": (PDFS / "password-example.pdf", "encrypted PDF"),
        "empty pdf": (PDFS / "empty.pdf", "empty file"),
        "truncated pdf": (truncated, "PDF"),
    }


@pytest.mark.parametrize(
    "case",
    ["missing", "directory", "empty", "undecodable", "binary", "image", "encrypted", "empty pdf", "truncated pdf"],
)
def test_bad_input_gives_one_line_and_exit_2(tmp_path, case):
    path, problem = _bad_inputs(tmp_path)[case]
    result = run_cli("segment", str(path), "--lang", "en")
    stderr = result.stderr.decode()
    assert result.returncode == 2
    assert len(stderr.strip().splitlines()) == 1, stderr
    assert stderr.startswith("pipeline: error: ") and str(path) in stderr and problem in stderr
    assert "Traceback" not in stderr and result.stdout == b""


def test_gbk_input_is_decoded_with_a_notice(tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes("大型语言模型的对齐。这是第二句。".encode("gbk"))
    result = run_cli("segment", str(path), "--lang", "zh")
    assert result.returncode == 0
    assert "GB18030" in result.stderr.decode()
    assert sum(1 for line in result.stdout.decode().splitlines() if '"type":"sentence"' in line) == 2


def test_malformed_pdf_gives_output_and_a_one_line_warning():
    result = run_cli("segment", str(PDFS / "malformed-from-issue-932.pdf"), "--lang", "en")
    assert result.returncode == 0
    assert len(result.stderr.decode().strip().splitlines()) == 1
    assert "damaged" in result.stderr.decode()


def test_align_presplit_and_eval_align(tmp_path):
    fixtures = "tests/fixtures/align/"
    result = run_cli(
        "align", "--presplit", fixtures + "science.en", fixtures + "science.zh", "--src-lang", "en", "--tgt-lang", "zh"
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.decode().splitlines()
    assert lines[0] == "[0]:[0]"
    import re

    assert all(re.fullmatch(r"\[[\d,]*\]:\[[\d,]*\]", line) for line in lines)
    pred = tmp_path / "pred.align"
    pred.write_text(result.stdout.decode())
    scored = run_cli("eval-align", "--gold", fixtures + "science.gold", str(pred))
    assert scored.returncode == 0
    assert "F1" in scored.stdout.decode() and "strict" in scored.stdout.decode()


def test_eval_align_with_verse_files(tmp_path):
    gold = tmp_path / "gold"
    gold.write_text("[0,1]:[0]\n")
    pred = tmp_path / "pred"
    pred.write_text("[0]:[0]\n[1]:[]\n")
    src = tmp_path / "src.verse"
    src.write_text("v1\nv1\n")
    tgt = tmp_path / "tgt.verse"
    tgt.write_text("v1\n")
    merged = run_cli("eval-align", "--gold", str(gold), str(pred), "--src-verse", str(src), "--tgt-verse", str(tgt))
    assert "F1           1.000   1.000" in merged.stdout.decode()
    plain = run_cli("eval-align", "--gold", str(gold), str(pred))
    assert "F1           1.000" not in plain.stdout.decode()


def test_align_two_source_files():
    result = run_cli("align", "raw/zh/000_f4edeb85b38b436d.txt", "raw/en/arxiv-2404.09932-abstract.txt")
    assert result.returncode == 0
    aligned = [line.split("\t") for line in result.stdout.decode().splitlines() if line.startswith("1-1")]
    assert len(aligned) == 3 and aligned[0][3].startswith("This work identifies 18")


@pytest.mark.end_to_end
def test_align_presplit_imports_no_segmenter_and_no_scipy(tmp_path):
    # The command's start-up is most of a short alignment: it needs neither spaCy, jieba nor scipy.
    import subprocess
    import sys

    from conftest import REPO

    bible = REPO / "benchmarks" / "data" / "bible"
    zh, en = tmp_path / "zh.txt", tmp_path / "en.txt"
    zh.write_text("".join(bible.joinpath("zh", "001").read_text(encoding="utf-8").splitlines(True)[:40]))
    en.write_text("".join(bible.joinpath("en", "001").read_text(encoding="utf-8").splitlines(True)[:32]))
    script = (
        "import sys; from pipeline import cli; code = cli.main(['align', '--presplit', sys.argv[1], sys.argv[2], "
        "'-o', sys.argv[3]]); print(sorted(m for m in ('spacy', 'jieba', 'scipy', 'torch') if m in sys.modules)); "
        "sys.exit(code)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(zh), str(en), str(tmp_path / "out.align")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
    assert (tmp_path / "out.align").read_text().splitlines()[0] == "[0]:[0]"
