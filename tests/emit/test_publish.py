"""Publishing an output folder: what a run killed at each step leaves, and what the next run makes of it.

The fault matrix (tests/test_faults.py) drives whole runs; here the folders a killed
run leaves are built by hand, for the steps a test cannot reliably kill a run at.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from pipeline.emit.lock import output_lock, recover_stale
from pipeline.emit.ownership import CARRIED, MARKER, MARKER_TEXT, foreign_entries, own_files
from pipeline.emit.publish import atomic_directory
from pipeline.files import file_digest


def _output(folder: Path, files: dict[str, str]) -> Path:
    """An output folder as a run writes it: the marker, the files, a manifest listing them."""
    folder.mkdir(parents=True)
    (folder / MARKER).write_text(MARKER_TEXT)
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    digests = {name: file_digest(folder / name) for name in files}
    (folder / "manifest.json").write_text(json.dumps({"files": digests}))
    return folder


def test_a_run_killed_while_carrying_the_users_files_loses_none(tmp_path):
    final = _output(tmp_path / "doc", {"a.jsonl": "old\n"})
    (final / "notes.md").write_text("mine\n")
    staging = _output(tmp_path / ".doc.tmp-killed", {"a.jsonl": "new\n"})
    (staging / CARRIED).write_text("notes.md\n")
    os.link(final / "notes.md", staging / "notes.md")
    messages: list[str] = []
    recover_stale(tmp_path, "doc", messages.append)
    assert not staging.exists() and messages == []
    assert (final / "notes.md").read_text() == "mine\n" and (final / "a.jsonl").read_text() == "old\n"


def test_a_run_killed_after_its_swap_leaves_a_backup_that_is_emptied(tmp_path):
    final = _output(tmp_path / "doc", {"a.jsonl": "new\n"})
    (final / "notes.md").write_text("mine\n")
    backup = _output(tmp_path / ".doc.old-123", {"a.jsonl": "old\n"})
    os.link(final / "notes.md", backup / "notes.md")
    recover_stale(tmp_path, "doc", lambda message: None)
    assert not backup.exists()
    assert (final / "notes.md").read_text() == "mine\n" and (final / "a.jsonl").read_text() == "new\n"


def test_a_file_only_in_a_backup_is_kept_and_named(tmp_path):
    _output(tmp_path / "doc", {"a.jsonl": "new\n"})
    backup = _output(tmp_path / ".doc.old-123", {"a.jsonl": "old\n"})
    (backup / "draft.md").write_text("only here\n")
    messages: list[str] = []
    recover_stale(tmp_path, "doc", messages.append)
    assert (backup / "draft.md").read_text() == "only here\n" and not (backup / "a.jsonl").exists()
    assert len(messages) == 1 and "kept draft.md" in messages[0]


def test_the_newest_backup_is_put_back_when_no_output_stands(tmp_path):
    older = _output(tmp_path / ".doc.old-1", {"a.jsonl": "older\n"})
    newer = _output(tmp_path / ".doc.old-2", {"a.jsonl": "newer\n"})
    os.utime(older / MARKER, (1, 1))
    recover_stale(tmp_path, "doc", lambda message: None)
    assert (tmp_path / "doc" / "a.jsonl").read_text() == "newer\n"
    assert not newer.exists() and not older.exists()


def test_users_entries_are_told_from_the_runs_own(tmp_path):
    final = _output(tmp_path / "doc", {"a.jsonl": "x\n", "csv/a.csv": "x\n"})
    (final / "csv" / "mine.csv").write_text("mine\n")
    (final / "notes").mkdir()
    (final / "notes" / "n.md").write_text("mine\n")
    (final / "link").symlink_to("/etc/hostname")
    own = own_files(final)
    assert own is not None
    assert foreign_entries(final, set(own)) == ["csv/mine.csv", "link", "notes"]


def test_publishing_carries_a_symlink_and_a_folder_as_they_are(tmp_path):
    final = _output(tmp_path / "doc", {"a.jsonl": "old\n"})
    (final / "notes").mkdir(mode=0o700)
    (final / "notes" / "n.md").write_text("mine\n")
    (final / "link").symlink_to("notes/n.md")
    with output_lock(tmp_path, "doc"), atomic_directory(final, lambda message: None) as staging:
        (staging / "a.jsonl").write_text("new\n")
        (staging / "manifest.json").write_text(json.dumps({"files": {"a.jsonl": file_digest(staging / "a.jsonl")}}))
    assert (final / "a.jsonl").read_text() == "new\n"
    assert os.readlink(final / "link") == "notes/n.md" and (final / "link").read_text() == "mine\n"
    assert (final / "notes").stat().st_mode & 0o777 == 0o700
    assert sorted(p.name for p in tmp_path.iterdir()) == ["doc"]


@pytest.mark.parametrize("mode", [0o1777, 0o2775, 0o750])
@pytest.mark.parametrize("earlier", ["empty folder", "earlier output"])
def test_the_folders_mode_is_kept_when_it_is_replaced(tmp_path, mode, earlier):
    final = tmp_path / "doc"
    if earlier == "empty folder":
        final.mkdir()
    else:
        _output(final, {"a.jsonl": "old\n"})
    final.chmod(mode)
    with output_lock(tmp_path, "doc"), atomic_directory(final) as staging:
        (staging / "a.jsonl").write_text("new\n")
    assert final.stat().st_mode & 0o7777 == mode and (final / "a.jsonl").read_text() == "new\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["doc"]


def test_removing_an_output_deletes_only_the_runs_unchanged_files(tmp_path):
    from pipeline.emit.publish import remove_output

    final = _output(tmp_path / "doc", {"a.jsonl": "x\n", "csv/a.csv": "x\n", "b.jsonl": "y\n"})
    (final / "notes.md").write_text("mine\n")
    (final / "b.jsonl").write_text("edited by hand\n")
    messages: list[str] = []
    assert remove_output(final, messages.append) is False
    assert sorted(p.relative_to(final).as_posix() for p in final.rglob("*")) == ["b.jsonl", "notes.md"]
    assert len(messages) == 1 and "kept b.jsonl, notes.md" in messages[0]
    assert not (final / MARKER).exists()  # what is left is no output of the pipeline's any more
    clean = _output(tmp_path / "clean", {"a.jsonl": "x\n", "csv/a.csv": "x\n"})
    assert remove_output(clean) is True and not clean.exists()
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "x").write_text("x\n")
    assert remove_output(foreign) is False and (foreign / "x").exists()


@pytest.mark.parametrize("failure", [OSError(16, "Device or resource busy"), KeyboardInterrupt()])
def test_a_swap_that_fails_halfway_puts_the_old_output_back(tmp_path, monkeypatch, failure):
    import pipeline.emit.publish as publish
    from pipeline.errors import PipelineError

    final = _output(tmp_path / "doc", {"a.jsonl": "old\n"})
    (final / "notes.md").write_text("mine\n")
    real = os.replace

    def second_rename_fails(source, target):
        if Path(source).name.startswith(".doc.tmp-"):
            raise failure
        real(source, target)

    monkeypatch.setattr(publish.os, "replace", second_rename_fails)
    expected = PipelineError if isinstance(failure, OSError) else KeyboardInterrupt
    with pytest.raises(expected), output_lock(tmp_path, "doc"), atomic_directory(final) as staging:
        (staging / "a.jsonl").write_text("new\n")
    assert (final / "a.jsonl").read_text() == "old\n" and (final / "notes.md").read_text() == "mine\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["doc"]
