"""Engines: the same bytes from every engine, a lost worker fails its pair alone, an interrupt resumes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time

import pytest
from conftest import REPO
from corpus_helpers import CURRENT, copy_corpus, output_digest, run

import pipeline.corpus.local as local
from pipeline.corpus import runner


@pytest.fixture(scope="module")
def inline_digest(tmp_path_factory):
    out = tmp_path_factory.mktemp("inline") / "out"
    run(out)
    return output_digest(out)


def test_local_workers_give_the_same_bytes(tmp_path, inline_digest):
    result = run(tmp_path / "out", engine="local", workers=2)
    assert output_digest(tmp_path / "out") == inline_digest
    log = json.loads((tmp_path / "out" / "run.json").read_text())
    # Each worker process loaded the models once and served several pairs.
    workers = {t["worker"] for t in log["pairs"].values() if t.get("worker")}
    assert 1 <= len(workers) <= 2 and len(result.rebuilt) == 5
    assert all(mb > 0 for mb in log["peak_rss_mb_by_worker"].values())


def test_ray_tasks_give_the_same_bytes(tmp_path, inline_digest, monkeypatch):
    pytest.importorskip("ray", reason="Ray is the optional extra: pip install '.[ray]' (CI installs it)")
    monkeypatch.delenv("RAY_ADDRESS", raising=False)  # a local Ray, started and stopped by the run
    run(tmp_path / "out", engine="ray", workers=2)
    assert output_digest(tmp_path / "out") == inline_digest


def _big_corpus(root):
    """Two pages: one long enough (the same page many times) to be killed in the middle of."""
    corpus = copy_corpus(root, CURRENT)
    for side in ("zh", "en"):
        text = (corpus / side / "warnings" / "special-props.md").read_text(encoding="utf-8")
        (corpus / side / "long.md").write_text(text * 120, encoding="utf-8")
    return corpus


def test_a_lost_worker_fails_only_its_pair_and_the_next_run_retries_it(tmp_path, monkeypatch):
    corpus = _big_corpus(tmp_path / "corpus")
    started: list[local._Worker] = []

    class Recorded(local._Worker):
        def __init__(self, *args):
            super().__init__(*args)
            started.append(self)

    monkeypatch.setattr(local, "_Worker", Recorded)
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))  # the driver's scratch folder, watched below

    def kill_during_the_long_page():
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            pages = list(tmp_path.glob("pipeline-corpus-*/pipeline-pair-*/zh/long.md"))
            if pages:
                os.kill(started[-1].process.pid, signal.SIGKILL)
                return
            time.sleep(0.01)

    killer = threading.Thread(target=kill_during_the_long_page)
    killer.start()
    first = run(tmp_path / "out", corpus, engine="local", workers=1, exclude=["broken/**"])
    killer.join()
    monkeypatch.setattr("tempfile.tempdir", None)
    entries = {e["path"]: e for e in first.summary["pairs"]}
    assert entries["long.md"]["status"] == "failed"
    assert entries["long.md"]["error"] == "the worker process running it died (killed by signal 9)"
    # A fresh worker took over: the other pages are done.
    assert [e["status"] for p, e in sorted(entries.items()) if p != "long.md"] == ["ok", "skipped", "skipped", "ok"]
    assert len(started) == 2

    second = run(tmp_path / "out", corpus, exclude=["broken/**"])  # any engine: the pair was not remembered
    assert second.rebuilt == ["long.md"] and len(second.unchanged) == 4
    assert {e["path"]: e["status"] for e in second.summary["pairs"]}["long.md"] == "ok"


def test_an_interrupted_run_keeps_finished_pairs_and_the_next_run_resumes(tmp_path, monkeypatch):
    out = tmp_path / "out"
    real = runner.run_engine

    def interrupted(*args):
        outcomes = real(*args)
        yield next(outcomes)
        raise KeyboardInterrupt

    monkeypatch.setattr(runner, "run_engine", interrupted)
    messages: list[str] = []
    with pytest.raises(KeyboardInterrupt):
        run(out, log=messages.append)
    # Four pairs needed a worker (the page without a counterpart did not); one was done.
    assert messages == ["corpus: stopped with 3 of 4 pairs not done; run the same command again to resume"]
    finished = [p.name for p in (out / ".corpus-state").glob("*.json") if not p.name.endswith(".beads.json")]
    assert len(finished) == 2
    assert not (out / "corpus.json").exists()  # no summary of a half run
    assert not list(out.rglob(".*.tmp-*"))  # no staging folder left behind
    monkeypatch.setattr(runner, "run_engine", real)
    resumed = run(out)
    assert len(resumed.rebuilt) == 3 and len(resumed.unchanged) == 2
    fresh = tmp_path / "fresh"
    run(fresh)
    assert output_digest(out) == output_digest(fresh)


@pytest.mark.end_to_end
@pytest.mark.parametrize(
    ("signum", "status", "said"),
    [(signal.SIGINT, 130, "pipeline: interrupted"), (signal.SIGTERM, 143, "pipeline: terminated\n")],
)
def test_a_signal_stops_workers_cleanly_and_the_next_run_resumes(tmp_path, signum, status, said):
    corpus = tmp_path / "corpus"
    page = {side: (CURRENT / side / "warnings" / "special-props.md").read_bytes() for side in ("zh", "en")}
    for side in ("zh", "en"):
        (corpus / side).mkdir(parents=True)
        for n in range(30):
            (corpus / side / f"page-{n:02d}.md").write_bytes(
                page[side].replace(b"special", b"special" + str(n).encode())
            )
    out = tmp_path / "out"
    command = [sys.executable, "-m", "pipeline", "corpus", "run", "--zh-dir", str(corpus / "zh")]
    command += ["--en-dir", str(corpus / "en"), "--out", str(out), "--no-translate", "--workers", "1"]
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 300
    while not list((out / ".corpus-state").glob("*.beads.json")) and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signum)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == status, stderr.decode()
    assert "run the same command again to resume" in stderr.decode() and said in stderr.decode()
    assert not list(out.rglob(".*.tmp-*"))  # no staging folder left behind
    done = len(list((out / ".corpus-state").glob("*.beads.json")))
    assert 1 <= done < 30
    again = subprocess.run(command, cwd=REPO, capture_output=True, timeout=600)
    assert again.returncode == 0, again.stderr.decode()
    assert again.stdout.decode() == f"corpus: 30 pairs, {30 - done} rebuilt, {done} unchanged, 0 removed\n"
