"""The fault matrix, output folders: a re-run over the user's files, a full disk, damaged outputs, export -o,
killed publishes, read-only folders and folder modes.

Each case asserts the exit status, the one-line message, no traceback, no change
outside the output folder and nothing left behind (fault_helpers.py).
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import REPO, tree_digest
from fault_helpers import (
    ABSTRACT,
    DOC_ID,
    SEED_TEXT,
    assert_clean_error,
    config_of,
    leftovers,
    plant_sentinels,
    project_copy,
    run,
)

# -- a re-run replaces only what the pipeline wrote ------------------------------------------------------------


def _user_files(final: Path) -> dict[str, bytes]:
    files = {
        "notes.md": b"my notes on this output\n",
        "drafts/review.txt": "审校意见\n".encode(),
        "csv/my-own.csv": b"a,b\n1,2\n",
    }
    for name, data in files.items():
        (final / name).parent.mkdir(parents=True, exist_ok=True)
        (final / name).write_bytes(data)
    return files


def test_rerun_keeps_the_users_files_in_the_output_folder(tmp_path):
    project = project_copy(tmp_path)
    out = tmp_path / "out"
    args = ("run", "--no-translate", "--config", config_of(project), "--out", str(out))
    assert run(*args).returncode == 0
    final = out / DOC_ID
    files = _user_files(final)
    beside = plant_sentinels(tmp_path / "beside")
    for _ in range(2):  # and again: carried files are carried once more
        result = run(*args)
        assert result.returncode == 0, result.stderr
        assert f"{final}: kept 3 of your files the pipeline did not write" in result.stderr
        assert {name: (final / name).read_bytes() for name in files} == files
        assert not set(files) & set(json.loads((final / "manifest.json").read_text())["files"])
        assert leftovers(out) == []
    assert tree_digest(tmp_path / "beside") == beside
    assert run("validate", str(final)).returncode == 0


def test_rerun_reading_its_sources_from_inside_the_output_folder_keeps_them(tmp_path):
    project = project_copy(tmp_path)
    assert run("run", "--no-translate", "--config", config_of(project)).returncode == 0
    final = project / "processed" / DOC_ID
    (final / "src").mkdir()
    shutil.copy(SEED_TEXT, final / "src" / "zh.txt")
    shutil.copy(ABSTRACT, final / "src" / "en.txt")
    sources = yaml.safe_load((project / "config" / "sources.yaml").read_text(encoding="utf-8"))
    sources["sources"] = [
        {"id": "zh", "lang": "zh", "path": f"processed/{DOC_ID}/src/zh.txt"},
        {"id": "en", "lang": "en", "path": f"processed/{DOC_ID}/src/en.txt"},
    ]
    sources["pairs"] = [{"zh": "zh", "en": ["en"]}]
    (project / "config" / "sources.yaml").write_text(yaml.safe_dump(sources), encoding="utf-8")
    result = run("run", "--no-translate", "--config", config_of(project))
    assert result.returncode == 0, result.stderr
    assert (final / "src" / "zh.txt").read_bytes() == SEED_TEXT.read_bytes()
    assert (final / "src" / "en.txt").read_bytes() == ABSTRACT.read_bytes()


def test_an_own_file_edited_by_hand_stops_the_rerun_naming_it(tmp_path):
    project = project_copy(tmp_path)
    out = tmp_path / "out"
    args = ("run", "--no-translate", "--config", config_of(project), "--out", str(out))
    assert run(*args).returncode == 0
    (out / DOC_ID / "records.yaml").write_text("# corrected by hand\n", encoding="utf-8")
    before = tree_digest(out)
    assert_clean_error(run(*args), "records.yaml: changed since the pipeline wrote them", "move them out")
    assert tree_digest(out) == before and leftovers(out) == []


# -- a full disk ---------------------------------------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path):
    """A 1 MB tmpfs mounted for the test (root on Linux); skipped where it cannot be made."""
    mount = tmp_path / "small-disk"
    mount.mkdir()
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a small tmpfs needs root and mount(8); the simulated ENOSPC test covers the logic")
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)], capture_output=True)
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {made.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=True)


def test_the_disk_filling_up_while_writing_keeps_the_previous_output(tmp_path, small_disk):
    project = project_copy(tmp_path)
    out = small_disk / "out"
    args = ("run", "-q", "--no-translate", "--config", config_of(project), "--out", str(out))
    assert run(*args).returncode == 0
    before = tree_digest(out)
    filler = small_disk / "filler"
    descriptor = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        while os.write(descriptor, b"\0" * 4096):
            pass
    except OSError:
        pass
    finally:
        os.close(descriptor)
    os.truncate(filler, filler.stat().st_size - 40 * 1024)  # about 40 KB left: less than an output needs
    result = run(*args)
    assert_clean_error(
        result, f"{out}: {DOC_ID} not written (", "no space left on the device (", "the previous output is kept"
    )
    assert tree_digest(out) == before and leftovers(out) == []


def test_a_full_disk_is_one_line_naming_the_folder_wherever_it_happens(tmp_path, monkeypatch):
    """The same on any platform: ENOSPC raised by the writer after part of the output is written."""
    import errno

    import pipeline.run

    project = project_copy(tmp_path)
    out = tmp_path / "out"
    args = ("run", "-q", "--no-translate", "--config", config_of(project), "--out", str(out))
    assert run(*args).returncode == 0
    before = tree_digest(out)
    real = pipeline.run.write_outputs

    def fills_up(staging, *rest, **kwargs):
        real(staging, *rest, **kwargs)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pipeline.run, "write_outputs", fills_up)
    result = run(*args)
    assert_clean_error(result, f"{out}: {DOC_ID} not written (", "MB written, so it needs more than that)")
    assert "no space left on the device" in result.stderr and "free" in result.stderr
    assert tree_digest(out) == before and leftovers(out) == []


# -- damaged outputs: validate lists problems (exit 1), diff and export refuse them (exit 2) ---------------------


SHIPPED = REPO / "processed" / DOC_ID


def _damaged(tmp_path: Path, damage: str, refresh_digest: bool = False) -> Path:
    copy = tmp_path / "copy"
    shutil.copytree(SHIPPED, copy)
    target = copy / ("manifest.json" if damage == "manifest" else "alignments.jsonl")
    if damage == "random-bytes":
        lines = target.read_bytes().splitlines(keepends=True)
        target.write_bytes(b"".join(lines[:2]) + bytes(range(128, 256)) + b"\n" + b"".join(lines[2:]))
    elif damage == "truncated":
        target.write_bytes(target.read_bytes()[:500])
    elif damage == "manifest":
        target.write_text("{not json", encoding="utf-8")
    elif damage == "directory":
        target.unlink()
        target.mkdir()
    if refresh_digest:  # damage the manifest vouches for: what the readers themselves must catch
        from pipeline.files import file_digest

        manifest = json.loads((copy / "manifest.json").read_text(encoding="utf-8"))
        manifest["files"]["alignments.jsonl"] = file_digest(target)
        (copy / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return copy


@pytest.mark.parametrize("damage", ["random-bytes", "truncated", "manifest", "directory"])
def test_diff_and_export_refuse_a_damaged_output(tmp_path, damage):
    copy = _damaged(tmp_path, damage)
    needle = {
        "random-bytes": "alignments.jsonl: changed since the pipeline wrote them",
        "truncated": "alignments.jsonl: changed since the pipeline wrote them",
        "manifest": "manifest.json: not a valid manifest",
        "directory": "incomplete output: alignments.jsonl missing",
    }[damage]
    beside = plant_sentinels(tmp_path / "beside")
    assert_clean_error(run("diff", str(SHIPPED), str(copy)), needle)
    assert_clean_error(run("diff", str(copy), str(SHIPPED)), needle)
    assert_clean_error(run("export", "csv", str(copy), "-o", str(tmp_path / "beside" / "pairs.csv")), needle)
    assert tree_digest(tmp_path / "beside") == beside


@pytest.mark.parametrize("damage, problem", [("random-bytes", "not UTF-8 text"), ("truncated", "not JSON")])
def test_a_damaged_line_is_not_a_pipeline_output_naming_file_and_line(tmp_path, damage, problem):
    copy = _damaged(tmp_path, damage, refresh_digest=True)
    needle = f"not a pipeline output: {copy / 'alignments.jsonl'} line 3 ({problem})"
    if damage == "truncated":
        needle = needle.replace("line 3", f"line {len((copy / 'alignments.jsonl').read_bytes().splitlines())}")
    assert_clean_error(run("diff", str(SHIPPED), str(copy)), needle)
    assert_clean_error(run("export", "tmx", str(copy), "-o", str(tmp_path / "x.tmx")), needle)
    result = run("validate", str(copy))
    assert result.returncode == 1 and needle.replace(f"{copy}/", "") in result.stdout.replace(f"{copy}/", "")
    assert not (tmp_path / "x.tmx").exists()


@pytest.mark.parametrize("damage", ["random-bytes", "truncated", "manifest", "missing-manifest"])
def test_validate_reports_damage_as_problems_found(tmp_path, damage):
    copy = _damaged(tmp_path, "random-bytes" if damage == "missing-manifest" else damage)
    if damage == "missing-manifest":
        (copy / "manifest.json").unlink()
    result = run("validate", str(copy))
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stderr == "" and result.stdout.strip().endswith("problems")
    expected = {
        "random-bytes": "not a pipeline output: alignments.jsonl line 3 (not UTF-8 text)",
        "truncated": "not a pipeline output: alignments.jsonl line",
        "manifest": "manifest.json: not a valid manifest",
        "missing-manifest": "manifest.json: missing",
    }[damage]
    assert expected in result.stdout


@pytest.mark.parametrize("target", ["empty-folder", "missing", "a-file"])
def test_validate_exits_2_when_there_is_nothing_to_check(tmp_path, target):
    path = tmp_path / target
    if target == "empty-folder":
        path.mkdir()
    elif target == "a-file":
        path.write_text("x\n")
    needle = {"empty-folder": "no manifest.json", "missing": "no such directory", "a-file": "is not a directory"}
    assert_clean_error(run("validate", str(path)), needle[target])


# -- export -o ---------------------------------------------------------------------------------------------------


def test_export_refuses_an_existing_file_without_force(tmp_path):
    target = tmp_path / "mine.csv"
    target.write_text("my spreadsheet\n", encoding="utf-8")
    assert_clean_error(run("export", "csv", str(SHIPPED), "-o", str(target)), "exists; give --force")
    assert target.read_text(encoding="utf-8") == "my spreadsheet\n"
    assert run("export", "csv", str(SHIPPED), "-o", str(target), "--force").returncode == 0
    assert target.read_bytes().startswith(b"\xef\xbb\xbfid,bead,score")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.csv"]


def test_export_never_writes_over_the_runs_own_files(tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(SHIPPED, copy)
    before = tree_digest(copy)
    for args in (["tmx", str(copy)], ["tmx", str(copy), "--force"], ["csv", str(copy), "-o", str(copy / "pairs.tmx")]):
        assert_clean_error(run("export", *args, "--min-score", "0"), "pairs.tmx: is one of the run's own files")
    assert tree_digest(copy) == before


# -- stale runs, permissions, locks ------------------------------------------------------------------------------


def test_a_killed_publish_is_undone_before_the_next_run_even_when_that_run_fails(tmp_path):
    project = project_copy(tmp_path)
    out = tmp_path / "out"
    args = ("run", "--no-translate", "--config", config_of(project), "--out", str(out))
    assert run(*args).returncode == 0
    before = tree_digest(out / DOC_ID)
    # A run killed between its two renames: the old output moved aside, the new one not yet in place.
    os.replace(out / DOC_ID, out / f".{DOC_ID}.old-4194000")
    (project / "raw" / "zh" / "000_f4edeb85b38b436d.txt").write_bytes(b"\x00\x01binary" * 50)
    result = run(*args)
    assert result.returncode == 2 and "binary data" in result.stderr
    assert "put back the previous output" in result.stderr
    assert tree_digest(out / DOC_ID) == before and leftovers(out) == []


def test_a_read_only_previous_output_is_refused_and_nothing_is_left_behind(tmp_path):
    project = project_copy(tmp_path)
    out = tmp_path / "out"
    args = ("run", "--no-translate", "--config", config_of(project), "--out", str(out))
    assert run(*args).returncode == 0
    (out / DOC_ID).chmod(0o555)
    try:
        before = tree_digest(out)
        assert_clean_error(run(*args), "is read-only (.)", "chmod -R u+w")
        assert tree_digest(out) == before and leftovers(out) == []
    finally:
        (out / DOC_ID).chmod(0o755)


def test_an_empty_sticky_folder_at_the_target_stays_sticky(tmp_path):
    """Other modes, and replacing an earlier output: tests/emit/test_publish.py."""
    mode = 0o1777
    project = project_copy(tmp_path)
    out = tmp_path / "out"
    (out / DOC_ID).mkdir(parents=True)
    (out / DOC_ID).chmod(mode)
    result = run("run", "--no-translate", "--config", config_of(project), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert (out / DOC_ID).stat().st_mode & 0o7777 == mode
    assert (out / DOC_ID / "manifest.json").is_file() and leftovers(out) == []


# -- locks -------------------------------------------------------------------------------------------------------


def test_no_lock_file_is_left_after_runs_that_succeed_or_fail(tmp_path):
    project = project_copy(tmp_path)
    out = tmp_path / "out"
    args = ("run", "--no-translate", "--config", config_of(project), "--out", str(out))
    assert run(*args).returncode == 0  # a second success: test_rerun_keeps_the_users_files_in_the_output_folder
    (project / "raw" / "zh" / "000_f4edeb85b38b436d.txt").write_bytes(b"")
    assert run(*args).returncode == 2
    assert leftovers(out) == []


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


@pytest.mark.end_to_end
def test_a_lock_whose_owner_died_is_taken_over_even_when_orphans_still_hold_it(tmp_path):
    import socket

    project = project_copy(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    lock = out / f".{DOC_ID}.lock"
    lock.write_text(f"{_dead_pid()} {socket.gethostname()}\n")
    # An orphaned worker of the dead run still holds the flock.
    orphan = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, sys, time; f = open(sys.argv[1], 'a'); fcntl.flock(f, fcntl.LOCK_EX); "
            "print('held', flush=True); time.sleep(120)",
            str(lock),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert orphan.stdout.readline().strip() == "held"
        result = run("run", "--no-translate", "--config", config_of(project), "--out", str(out))
        assert result.returncode == 0, result.stderr
        assert (out / DOC_ID / "manifest.json").is_file() and leftovers(out) == []
    finally:
        orphan.kill()
        orphan.wait()


def test_a_lock_held_by_a_live_run_names_its_pid(tmp_path):
    import socket

    project = project_copy(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    with (out / f".{DOC_ID}.lock").open("a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        held.write(f"{os.getpid()} {socket.gethostname()}\n")
        held.flush()
        result = run("run", "--no-translate", "--config", config_of(project), "--out", str(out))
    assert_clean_error(result, f"another run (PID {os.getpid()} on", "wait for it to finish")
    assert not (out / DOC_ID).exists()


# -- reading outputs back (round one) ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "case",
    [
        "utf16-no-bom",
        "truncated-manifest",
        "missing-digests",
        "diff-into-directory",
        "diff-missing-file",
        "segment-wrong-lang",
    ],
)
def test_more_bad_input_is_one_clear_line(tmp_path, case):
    out = REPO / "processed" / DOC_ID
    if case == "utf16-no-bom":
        bad = tmp_path / "utf16.txt"
        bad.write_bytes("这是一段没有字节顺序标记的UTF-16文本。".encode("utf-16-le"))
        result = run("segment", str(bad), "--lang", "zh")  # read, not called "binary data"
        assert result.returncode == 0 and "decoded as UTF-16-LE (no byte-order mark)" in result.stderr
        assert "没有字节顺序标记" in result.stdout
    elif case in ("truncated-manifest", "missing-digests"):
        copy = tmp_path / "copy"
        shutil.copytree(out, copy)
        manifest = copy / "manifest.json"
        if case == "truncated-manifest":  # a problem found (exit 1), as the README's table says
            manifest.write_text(manifest.read_text()[:200])
            result = run("validate", str(copy))
            assert result.returncode == 1 and "manifest.json: not a valid manifest" in result.stdout, result.stdout
            assert result.stderr == ""
        else:
            data = json.loads(manifest.read_text())
            del data["files"]
            manifest.write_text(json.dumps(data))
            result = run("validate", str(copy))
            assert result.returncode == 1 and "no file digests" in result.stdout
    elif case == "diff-into-directory":
        assert_clean_error(run("diff", str(out), str(out), "-o", str(tmp_path)), "give -o a file path")
    elif case == "diff-missing-file":
        copy = tmp_path / "copy"
        shutil.copytree(out, copy)
        (copy / "sentences.jsonl").unlink()
        assert_clean_error(run("diff", str(out), str(copy)), "sentences.jsonl missing")
    elif case == "segment-wrong-lang":
        result = run("segment", str(REPO / "raw" / "zh" / "000_f4edeb85b38b436d.txt"), "--lang", "en")
        assert_clean_error(result, "written in Chinese (zh) but was given as English (en)")


def test_export_writes_into_a_pipe_only_when_told(tmp_path):
    out = run("export", "csv", str(SHIPPED), "-o", "/dev/null")
    assert_clean_error(out, "/dev/null: is a character device; give --force to write to it")
    assert run("export", "csv", str(SHIPPED), "-o", "/dev/null", "--force").returncode == 0
    assert os.path.exists("/dev/null") and not Path("/dev/null").is_file()  # written to, never replaced
