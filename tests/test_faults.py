"""The fault matrix: hostile ids, paths and files, output-location problems, concurrent and killed runs.

Every case ends in one line on stderr with exit 2 (never "internal error" or a
traceback), changes nothing outside the output folder (sentinel files are planted
beside it) and leaves nothing behind. Output folders the user changed, full disks
and damaged outputs: test_faults_outputs.py; config files: test_config_errors.py.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import PDFS, REPO, tree_digest
from fault_helpers import (
    ABSTRACT,
    DOC_ID,
    LISTING,
    SEED_TEXT,
    assert_clean_error,
    config_of,
    leftovers,
    plant_sentinels,
    project_copy,
    run,
)


@pytest.mark.parametrize("document_id", [".", "..", "/tmp/abs-dir", "../../escape", "a/b", "", "Upper Case"])
def test_unsafe_document_id_is_refused_and_nothing_is_touched(tmp_path, document_id):
    project = project_copy(tmp_path, document_id)
    out = tmp_path / "out"
    before = plant_sentinels(out)
    outside = plant_sentinels(tmp_path / "beside")
    result = run("run", "--no-translate", "--config", str(project / "config" / "pipeline.yaml"), "--out", str(out))
    assert_clean_error(result, "document.id")
    assert tree_digest(out) == before
    assert tree_digest(tmp_path / "beside") == outside


@pytest.mark.parametrize("relative", [True, False], ids=["relative", "absolute"])
def test_source_outside_the_project_is_not_read(tmp_path, relative):
    path = os.path.relpath("/etc/passwd", tmp_path / "project") if relative else "/etc/passwd"
    project = project_copy(tmp_path, sources=[{"id": "leak", "lang": "en", "path": path}])
    out = tmp_path / "out"
    result = run("run", "--no-translate", "--config", str(project / "config" / "pipeline.yaml"), "--out", str(out))
    assert_clean_error(result, "outside the project root", "allow_outside")
    assert not (out / DOC_ID).exists()


def test_source_outside_is_read_when_the_entry_allows_it(tmp_path):
    outside = tmp_path / "elsewhere.txt"
    outside.write_text("An English paragraph that lives outside the project on purpose.\n")
    project = project_copy(tmp_path, sources=[{"id": "ext", "lang": "en", "path": str(outside), "allow_outside": True}])
    result = run(
        "run", "--no-translate", "--config", str(project / "config" / "pipeline.yaml"), "--out", str(tmp_path / "out")
    )
    assert result.returncode == 0, result.stderr


def test_source_id_must_be_a_slug(tmp_path):
    project = project_copy(
        tmp_path, sources=[{"id": "../x", "lang": "en", "path": "raw/en/arxiv-2404.09932-abstract.txt"}]
    )
    result = run(
        "run", "--no-translate", "--config", str(project / "config" / "pipeline.yaml"), "--out", str(tmp_path / "out")
    )
    assert_clean_error(result, "sources[0].id")


def test_foreign_folder_at_the_target_is_never_replaced(tmp_path):
    project = project_copy(tmp_path)
    out = tmp_path / "out"
    (out / DOC_ID).mkdir(parents=True)
    (out / DOC_ID / "thesis.tex").write_text("months of work\n")
    before = tree_digest(out)
    result = run("run", "--no-translate", "--config", str(project / "config" / "pipeline.yaml"), "--out", str(out))
    assert_clean_error(result, "not written by this pipeline")
    assert tree_digest(out) == before


def test_file_at_the_target_is_not_moved(tmp_path):
    project = project_copy(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (out / DOC_ID).write_text("a file named like the document\n")
    result = run("run", "--no-translate", "--config", str(project / "config" / "pipeline.yaml"), "--out", str(out))
    assert_clean_error(result, "not a pipeline output")
    assert (out / DOC_ID).read_text() == "a file named like the document\n"
    assert sorted(p.name for p in out.iterdir()) == [DOC_ID]


def test_out_that_is_a_file_fails_before_the_work(tmp_path):
    project = project_copy(tmp_path)
    out = tmp_path / "out-file"
    out.write_text("not a directory\n")
    started = time.perf_counter()
    result = run("run", "--no-translate", "--config", str(project / "config" / "pipeline.yaml"), "--out", str(out))
    assert_clean_error(result, "is a file", "--out")
    assert time.perf_counter() - started < 30
    assert out.read_text() == "not a directory\n"


def test_unwritable_out_is_found_first(tmp_path, monkeypatch):
    # CI runs as root, for whom every directory is writable: simulate the refusal.
    from pipeline.emit.publish import check_output_root
    from pipeline.errors import PipelineError

    monkeypatch.setattr(os, "access", lambda path, mode: False)
    with pytest.raises(PipelineError, match="is not writable; give --out"):
        check_output_root(tmp_path / "new" / "out")


def test_a_second_run_on_the_same_output_exits_2(tmp_path):
    project = project_copy(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    with (out / f".{DOC_ID}.lock").open("a") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)  # as a running pipeline holds it
        result = run("run", "--no-translate", "--config", str(project / "config" / "pipeline.yaml"), "--out", str(out))
    assert_clean_error(result, "another run is writing")
    assert not (out / DOC_ID).exists()


def test_stale_folders_of_a_killed_run_are_cleaned_and_foreign_ones_kept(tmp_path):
    project = project_copy(tmp_path)
    out = tmp_path / "out"
    stale = out / f".{DOC_ID}.tmp-killed"
    stale.mkdir(parents=True)
    (stale / ".pipeline-output").write_text("marker\n")
    (stale / "sentences.jsonl").write_text("{}\n")
    lookalike = out / f".{DOC_ID}.tmp-users-own"
    lookalike.mkdir()
    (lookalike / "keep.txt").write_text("not ours\n")
    result = run("run", "--no-translate", "--config", str(project / "config" / "pipeline.yaml"), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert not stale.exists()
    assert (lookalike / "keep.txt").read_text() == "not ours\n"


@pytest.mark.end_to_end
def test_output_follows_the_umask(tmp_path):
    project = project_copy(tmp_path)
    out = tmp_path / "out"
    result = run(
        "run",
        "--no-translate",
        "--config",
        str(project / "config" / "pipeline.yaml"),
        "--out",
        str(out),
        process=True,
        preexec_fn=lambda: os.umask(0o022),
    )
    assert result.returncode == 0, result.stderr
    assert (out / DOC_ID).stat().st_mode & 0o777 == 0o755


def test_unwritable_run_log_is_a_warning_and_the_output_is_published(tmp_path):
    project = project_copy(tmp_path)
    (project / "logs").write_text("a file where the log folder should be\n")
    out = tmp_path / "out"
    result = run("run", "--no-translate", "--config", str(project / "config" / "pipeline.yaml"), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "run log not written" in result.stderr
    assert (out / DOC_ID / "manifest.json").is_file()


def _descendants(pid: int) -> list[int]:
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                children.append(int(entry.name))
    return children


@pytest.mark.end_to_end
def test_sigterm_during_parallel_pdf_reading_leaves_no_workers_and_no_temp(tmp_path):
    pdf = tmp_path / "project" / "raw" / "en" / "register.pdf"
    project = project_copy(tmp_path, sources=[{"id": "register", "lang": "en", "path": "raw/en/register.pdf"}])
    shutil.copy(PDFS / "federal-register-2020-17221.pdf", pdf)
    out = tmp_path / "out"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pipeline",
            "run",
            "--no-translate",
            "--config",
            str(project / "config" / "pipeline.yaml"),
            "--out",
            str(out),
        ],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    workers: list[int] = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not workers and process.poll() is None:
        workers = _descendants(process.pid)
        time.sleep(0.05)
    if not workers:
        process.kill()
        pytest.fail("the run never started its PDF workers")
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 143, stderr
    assert "Traceback" not in stderr and len(stderr.strip().splitlines()) == 1, stderr
    time.sleep(0.5)
    alive = [
        pid
        for pid in workers
        if Path(f"/proc/{pid}").exists()
        and "Z" not in (Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0])
    ]
    assert alive == []
    assert not out.exists() or [p.name for p in out.iterdir() if ".tmp-" in p.name or ".old-" in p.name] == []


# -- special files and sizes (issue 20) ---------------------------------------------------------------------------


@pytest.fixture
def deadline():
    """A command that blocks (on a FIFO) fails the test after 30 s instead of hanging the suite."""

    def expired(signum, frame):
        raise TimeoutError("the command hung")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(30)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def _special_source(tmp_path: Path, kind: str) -> Path:
    if kind == "fifo":
        path = tmp_path / "pipe.txt"
        os.mkfifo(path)
        return path
    return Path("/dev/zero")


@pytest.mark.parametrize("kind", ["fifo", "device"])
@pytest.mark.parametrize(
    "command",
    ["segment", "align", "align-presplit", "diff", "run-pair", "run-project", "run-config", "eval-align", "verses"],
)
def test_fifo_or_device_source_is_refused_by_name_before_any_read(tmp_path, deadline, kind, command):
    special = _special_source(tmp_path, kind)
    out = tmp_path / "out"
    gold = tmp_path / "gold.txt"
    gold.write_text("[0]:[0]\n", encoding="utf-8")
    beside = plant_sentinels(tmp_path / "beside")
    if command == "run-project":
        project = project_copy(
            tmp_path, sources=[{"id": "odd", "lang": "en", "path": str(special), "allow_outside": True}]
        )
        args = ["run", "--no-translate", "--config", config_of(project), "--out", str(out)]
    else:
        args = {
            "segment": ["segment", str(special), "--lang", "en"],
            "align": ["align", str(SEED_TEXT), str(special)],
            "align-presplit": ["align", "--presplit", str(special), str(SEED_TEXT)],
            "diff": ["diff", str(special), str(ABSTRACT)],
            "run-pair": ["run", "--no-translate", "--zh", str(SEED_TEXT), "--en", str(special), "--out", str(out)],
            "run-config": ["run", "--no-translate", "--config", str(special), "--out", str(out)],
            "eval-align": ["eval-align", "--gold", str(special), str(special)],
            "verses": [
                "eval-align",
                "--gold",
                str(gold),
                str(gold),
                "--src-verse",
                str(special),
                "--tgt-verse",
                str(gold),
            ],
        }[command]
    name = "a FIFO (named pipe)" if kind == "fifo" else "a character device"
    assert_clean_error(run(*args, cwd=tmp_path), str(special), f"is {name}, not a regular file")
    assert not out.exists()
    assert tree_digest(tmp_path / "beside") == beside


def _limited(megabytes: int):
    def limit() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (megabytes << 20, megabytes << 20))

    return limit


@pytest.mark.end_to_end
def test_endless_and_oversized_sources_under_a_memory_limit(tmp_path):
    """/dev/zero and a 600 MB file are refused before they are read: a 1 GB address space suffices."""
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:  # sparse: takes no disk
        handle.truncate(600 * 1024 * 1024)
    # Both commands in one process (start-up costs seconds): each must end in its own one-line error.
    both = (
        "import sys; from pipeline.cli import main; "
        "sys.exit(max(main(['segment', '/dev/zero']), main(['segment', sys.argv[1], '--lang', 'en'])))"
    )
    result = subprocess.run(
        [sys.executable, "-c", both, str(big)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=_limited(1024),
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert result.stderr.splitlines() == [
        "pipeline: error: /dev/zero: is a character device, not a regular file; "
        "save its content to a file and give that",
        f"pipeline: error: {big}: is larger than ingest.max_bytes (629.1 MB > 536.9 MB); "
        "raise ingest.max_bytes in config/pipeline.yaml if it really is one document",
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.txt"]


def test_a_source_over_ingest_max_bytes_is_refused_naming_the_setting(tmp_path):
    project = project_copy(tmp_path)
    settings = project / "config" / "pipeline.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "\ningest:\n  max_bytes: 1000\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run("run", "--no-translate", "--config", str(settings), "--out", str(out))
    assert_clean_error(result, "000_f4edeb85b38b436d.txt: is larger than ingest.max_bytes", "raise ingest.max_bytes")
    assert leftovers(out) == [] and not (out / DOC_ID).exists()


# -- ids from file names -------------------------------------------------------------------------------------------


def test_chinese_file_names_keep_their_characters_in_the_ids(tmp_path):
    zh, en = tmp_path / "文档.md", tmp_path / "文件.md"
    shutil.copy(LISTING / "zh.md", zh)
    shutil.copy(LISTING / "en.md", en)
    out = tmp_path / "out"
    result = run("run", "--no-translate", "--zh", str(zh), "--en", str(en), "--out", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    manifest = json.loads((out / "文件" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["document"]["id"] == "文件"
    assert [s["id"] for s in manifest["sources"]] == ["文档-zh", "文件-en"]


def test_two_pairs_whose_ids_collide_are_refused_naming_both(tmp_path):
    out = tmp_path / "out"
    pairs = {}
    for folder in ("甲", "乙"):
        (tmp_path / folder).mkdir()
        shutil.copy(LISTING / "zh.md", tmp_path / folder / "中文.md")
        shutil.copy(LISTING / ("en.md" if folder == "甲" else "en-v2.md"), tmp_path / folder / "文件.md")
        pairs[folder] = ("--zh", str(tmp_path / folder / "中文.md"), "--en", str(tmp_path / folder / "文件.md"))
    assert run("run", "--no-translate", *pairs["甲"], "--out", str(out)).returncode == 0
    before = tree_digest(out)
    result = run("run", "--no-translate", *pairs["乙"], "--out", str(out))
    assert_clean_error(result, "holds the output of another source pair", "甲/文件.md", "乙/文件.md", "--out")
    assert tree_digest(out) == before and leftovers(out) == []
    assert run("run", "--no-translate", *pairs["甲"], "--out", str(out)).returncode == 0  # its own pair: replaced


def test_a_250_character_file_name_gives_an_id_that_fits(tmp_path):
    zh, en = tmp_path / ("中" * 80 + ".md"), tmp_path / ("report-" * 35 + ".md")
    shutil.copy(LISTING / "zh.md", zh)
    shutil.copy(LISTING / "en.md", en)
    out = tmp_path / "out"
    result = run("run", "--no-translate", "--zh", str(zh), "--en", str(en), "--out", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    (folder,) = [p for p in out.iterdir()]
    assert len(folder.name.encode()) <= 200 and folder.name.startswith("report-report-")


def test_a_document_id_too_long_for_a_file_name_is_a_config_error(tmp_path):
    project = project_copy(tmp_path, document_id="d" * 250)
    result = run("run", "--no-translate", "--config", config_of(project), "--out", str(tmp_path / "out"))
    assert_clean_error(result, "sources.yaml:", "document.id", "an id takes at most 200")
    assert not (tmp_path / "out").exists()


# -- outside a project ---------------------------------------------------------------------------------------------


def test_a_pair_run_outside_a_project_writes_nothing_where_it_is_called(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "out"
    result = run(
        "run", "--no-translate", "--zh", str(LISTING / "zh.md"), "--en", str(LISTING / "en.md"), "--out", str(out),
        cwd=elsewhere,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert list(elsewhere.iterdir()) == []
    log = Path(os.environ["XDG_CACHE_HOME"]) / "pipeline" / "runs.jsonl"
    assert json.loads(log.read_text(encoding="utf-8").splitlines()[-1])["document"] == "en"


def test_align_gives_the_same_result_from_any_folder_and_verbose_names_the_config(tmp_path):
    args = ["align", str(SEED_TEXT), str(ABSTRACT), "--verbose"]
    here, there = run(*args, cwd=REPO), run(*args, cwd=tmp_path)
    assert here.returncode == there.returncode == 0
    assert here.stdout == there.stdout
    assert f"config: {REPO / 'config' / 'pipeline.yaml'}" in here.stderr.splitlines()
    assert f"config: {REPO / 'config' / 'pipeline.yaml'}" in there.stderr.splitlines()
    outside = tmp_path / "pair"
    outside.mkdir()
    shutil.copy(SEED_TEXT, outside / "zh.txt")
    shutil.copy(ABSTRACT, outside / "en.txt")
    result = run("align", str(outside / "zh.txt"), str(outside / "en.txt"), "--verbose", cwd=REPO)
    assert result.returncode == 0 and "config: built-in defaults (no config/pipeline.yaml around" in result.stderr
