"""One bar over the pages on a terminal (done, failed, skipped, rate), and no per-file bars inside it."""

from __future__ import annotations

import re
import sys

import pytest
from conftest import run_on_terminal
from corpus_helpers import CURRENT

pytestmark = pytest.mark.end_to_end  # a terminal needs a real process


def test_one_bar_over_the_pages_on_a_terminal(tmp_path):
    command = [sys.executable, "-m", "pipeline", "corpus", "run", "--zh-dir", str(CURRENT / "zh")]
    command += ["--en-dir", str(CURRENT / "en"), "--out", str(tmp_path / "out"), "--no-translate", "--engine", "inline"]
    code, shown = run_on_terminal(command, columns=100)
    assert code == 1  # the corrupt page
    # Four pages needed work (the one without a counterpart did not); the bar counts them by status.
    assert "corpus:" in shown and "/4 [" in shown and "pair" in shown
    assert re.search(r"\d ok, \d skipped, \d failed", shown)
    assert "segment " not in shown and "write sentences.jsonl" not in shown  # the pages' own bars stay off
