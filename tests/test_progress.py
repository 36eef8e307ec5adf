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


def test_the_library_shows_no_bars_on_a_terminal_unless_asked(tmp_path):
    """api.run prints nothing by itself, even on a terminal; progress.enable() is the application's call."""
    run = (
        "from pipeline import api{enable}; "
        f"api.run(zh={str(REPO / 'raw' / 'zh' / '000_f4edeb85b38b436d.txt')!r}, "
        f"en={str(REPO / 'raw' / 'en' / 'arxiv-2404.09932-abstract.txt')!r}, out={str(tmp_path)!r}, translate=False)"
    )
    code, shown = run_on_terminal([sys.executable, "-c", run.format(enable="")])
    assert code == 0 and "segment 000" not in shown and "\r" not in shown, shown
    code, shown = run_on_terminal([sys.executable, "-c", run.format(enable=", progress; progress.enable()")])
    assert code == 0 and "segment 000" in shown
