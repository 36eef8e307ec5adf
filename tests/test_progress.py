"""Progress on a terminal: every long stage of `pipeline run` shows a bar on stderr; none when piped."""

import subprocess
import sys

import pytest
from conftest import REPO, run_on_terminal

pytestmark = pytest.mark.end_to_end  # a terminal needs a real process


def _stderr_of_run(tmp_path, terminal: bool) -> str:
    command = [
        sys.executable,
        "-m",
        "pipeline",
        "run",
        "--no-translate",
        "--zh",
        str(REPO / "raw" / "zh" / "000_f4edeb85b38b436d.txt"),
        "--en",
        str(REPO / "raw" / "en" / "arxiv-2404.09932-abstract.txt"),
        "--out",
        str(tmp_path / "out"),
    ]
    if not terminal:
        return subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=True).stderr
    code, shown = run_on_terminal(command)
    assert code == 0
    return shown


def test_long_stages_show_progress_on_a_terminal(tmp_path):
    shown = _stderr_of_run(tmp_path, terminal=True)
    for stage in ("segment 000_f4edeb85b38b436d-zh", "align", "write sentences.jsonl"):
        assert stage in shown, stage


def test_no_progress_bars_when_stderr_is_not_a_terminal(tmp_path):
    stderr = _stderr_of_run(tmp_path, terminal=False)
    assert "\r" not in stderr and "segment 000" not in stderr
