"""Progress on a terminal: every long stage of `pipeline run` shows a bar on stderr; none when piped."""

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios

import pytest
from conftest import REPO

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
    leader, follower = pty.openpty()
    # A terminal 80 columns wide (a fresh pty has 0, and tqdm draws nothing in 0 columns).
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=follower)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closes with the process
            break
        if not chunk:
            break
        chunks.append(chunk)
    assert process.wait() == 0
    os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")


def test_long_stages_show_progress_on_a_terminal(tmp_path):
    shown = _stderr_of_run(tmp_path, terminal=True)
    for stage in ("segment 000_f4edeb85b38b436d-zh", "align", "write sentences.jsonl"):
        assert stage in shown, stage


def test_no_progress_bars_when_stderr_is_not_a_terminal(tmp_path):
    stderr = _stderr_of_run(tmp_path, terminal=False)
    assert "\r" not in stderr and "segment 000" not in stderr
