"""One bar over the pages on a terminal (done, failed, skipped, rate), and no per-file bars inside it."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import struct
import subprocess
import sys
import termios

import pytest
from conftest import REPO
from corpus_helpers import CURRENT

pytestmark = pytest.mark.end_to_end  # a terminal needs a real process


def test_one_bar_over_the_pages_on_a_terminal(tmp_path):
    command = [sys.executable, "-m", "pipeline", "corpus", "run", "--zh-dir", str(CURRENT / "zh")]
    command += ["--en-dir", str(CURRENT / "en"), "--out", str(tmp_path / "out"), "--no-translate", "--engine", "inline"]
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
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
    assert process.wait() == 1  # the corrupt page
    os.close(leader)
    shown = b"".join(chunks).decode("utf-8", "replace")
    # Four pages needed work (the one without a counterpart did not); the bar counts them by status.
    assert "corpus:" in shown and "/4 [" in shown and "pair" in shown
    assert re.search(r"\d ok, \d skipped, \d failed", shown)
    assert "segment " not in shown and "write sentences.jsonl" not in shown  # the pages' own bars stay off
