"""The fault matrix: hostile ids and paths, output-location problems, concurrent and killed runs.

Every case must end in one line on stderr with exit 2 (never "internal
error" or a traceback), and must not change anything outside the output
folder: sentinel files are planted beside it and checked after each run.
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
import yaml
from conftest import PDFS, REPO, run_cli, tree_digest

DOC_ID = "anwar2024-foundational-challenges"


def _project(tmp_path: Path, document_id: str = DOC_ID, sources: list[dict] | None = None) -> Path:
    """A minimal project: the shipped config with its sources.yaml rewritten."""
    project = tmp_path / "project"
    shutil.copytree(REPO / "config", project / "config")
    shutil.copytree(REPO / "raw", project / "raw")
    doc = yaml.safe_load((project / "config" / "sources.yaml").read_text(encoding="utf-8"))
    doc["document"]["id"] = document_id
    if sources is not None:
        doc["sources"] = sources
        doc["pairs"] = []
    (project / "config" / "sources.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return project


def _plant_sentinels(where: Path) -> dict[str, str]:
    """Files and a foreign folder a run must never touch; returns their digest."""
    where.mkdir(parents=True, exist_ok=True)
    (where / "sentinel.txt").write_text("user data\n")
    (where / "other-document").mkdir(exist_ok=True)
    (where / "other-document" / "notes.md").write_text("another document's folder\n")
    return tree_digest(where)


def _run(*args: str, cwd: Path = REPO, process: bool = False, **kwargs) -> subprocess.CompletedProcess:
    """The command in-process (conftest.run_cli), or as a real process; text output either way."""
    if process:
        return subprocess.run(
            [sys.executable, "-m", "pipeline", *args], cwd=cwd, capture_output=True, text=True, timeout=300, **kwargs
        )
    result = run_cli(*args, cwd=cwd)
    return subprocess.CompletedProcess(
        result.args, result.returncode, result.stdout.decode("utf-8"), result.stderr.decode("utf-8")
    )


def _assert_clean_error(result: subprocess.CompletedProcess, *needles: str) -> None:
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]


@pytest.mark.parametrize("document_id", [".", "..", "/tmp/abs-dir", "../../escape", "a/b", "", "Upper Case"])
def test_unsafe_document_id_is_refused_and_nothing_is_touched(tmp_path, document_id):
    project = _project(tmp_path, document_id)
    out = tmp_path / "out"
    before = _plant_sentinels(out)
    outside = _plant_sentinels(tmp_path / "beside")
    result = _run("run", "--no-translate", "--config", str(project / "config" / "pipeline.yaml"), "--out", str(out))
    _assert_clean_error(result, "document.id")
    assert tree_digest(out) == before
    assert tree_digest(tmp_path / "beside") == outside


@pytest.mark.parametrize("relative", [True, False], ids=["relative", "absolute"])
def test_source_outside_the_project_is_not_read(tmp_path, relative):
    path = os.path.relpath("/etc/passwd", tmp_path / "project") if relative else "/etc/passwd"
    project = _project(tmp_path, sources=[{"id": "leak", "lang": "en", "path": path}])
    out = tmp_path / "out"
    result = _run("run", "--no-translate", "--config", str(project / "config" / "pipeline.yaml"), "--out", str(out))
    _assert_clean_error(result, "outside the project root", "allow_outside")
    assert not (out / DOC_ID).exists()


def test_source_outside_is_read_when_the_entry_allows_it(tmp_path):
    outside = tmp_path / "elsewhere.txt"
    outside.write_text("An English paragraph that lives outside the project on purpose.\n")
    project = _project(tmp_path, sources=[{"id": "ext", "lang": "en", "path": str(outside), "allow_outside": True}])
    result = _run(
        "run", "--no-translate", "--config", str(project / "config" / "pipeline.yaml"), "--out", str(tmp_path / "out")
    )
    assert result.returncode == 0, result.stderr


def test_source_id_must_be_a_slug(tmp_path):
    project = _project(tmp_path, sources=[{"id": "../x", "lang": "en", "path": "raw/en/arxiv-2404.09932-abstract.txt"}])
    result = _run(
        "run", "--no-translate", "--config", str(project / "config" / "pipeline.yaml"), "--out", str(tmp_path / "out")
    )
    _assert_clean_error(result, "sources[0].id")


def test_foreign_folder_at_the_target_is_never_replaced(tmp_path):
    project = _project(tmp_path)
    out = tmp_path / "out"
    (out / DOC_ID).mkdir(parents=True)
    (out / DOC_ID / "thesis.tex").write_text("months of work\n")
    before = tree_digest(out)
    result = _run("run", "--no-translate", "--config", str(project / "config" / "pipeline.yaml"), "--out", str(out))
    _assert_clean_error(result, "not written by this pipeline")
    assert tree_digest(out) == before


def test_file_at_the_target_is_not_moved(tmp_path):
    project = _project(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (out / DOC_ID).write_text("a file named like the document\n")
    result = _run("run", "--no-translate", "--config", str(project / "config" / "pipeline.yaml"), "--out", str(out))
    _assert_clean_error(result, "not a pipeline output")
    assert (out / DOC_ID).read_text() == "a file named like the document\n"
    assert sorted(p.name for p in out.iterdir()) == [DOC_ID]


def test_out_that_is_a_file_fails_before_the_work(tmp_path):
    project = _project(tmp_path)
    out = tmp_path / "out-file"
    out.write_text("not a directory\n")
    started = time.perf_counter()
    result = _run("run", "--no-translate", "--config", str(project / "config" / "pipeline.yaml"), "--out", str(out))
    _assert_clean_error(result, "is a file", "--out")
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
    project = _project(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    with (out / f".{DOC_ID}.lock").open("a") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)  # as a running pipeline holds it
        result = _run("run", "--no-translate", "--config", str(project / "config" / "pipeline.yaml"), "--out", str(out))
    _assert_clean_error(result, "another run is writing")
    assert not (out / DOC_ID).exists()


def test_stale_folders_of_a_killed_run_are_cleaned_and_foreign_ones_kept(tmp_path):
    project = _project(tmp_path)
    out = tmp_path / "out"
    stale = out / f".{DOC_ID}.tmp-killed"
    stale.mkdir(parents=True)
    (stale / ".pipeline-output").write_text("marker\n")
    (stale / "sentences.jsonl").write_text("{}\n")
    lookalike = out / f".{DOC_ID}.tmp-users-own"
    lookalike.mkdir()
    (lookalike / "keep.txt").write_text("not ours\n")
    result = _run("run", "--no-translate", "--config", str(project / "config" / "pipeline.yaml"), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert not stale.exists()
    assert (lookalike / "keep.txt").read_text() == "not ours\n"


@pytest.mark.end_to_end
def test_output_follows_the_umask(tmp_path):
    project = _project(tmp_path)
    out = tmp_path / "out"
    result = _run(
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
    project = _project(tmp_path)
    (project / "logs").write_text("a file where the log folder should be\n")
    out = tmp_path / "out"
    result = _run("run", "--no-translate", "--config", str(project / "config" / "pipeline.yaml"), "--out", str(out))
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
    project = _project(tmp_path, sources=[{"id": "register", "lang": "en", "path": "raw/en/register.pdf"}])
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


# -- configuration errors: one line with file:line:column, the key path and what was expected -----------------


def _settings_error(tmp_path, yaml_text):
    from pipeline.config import load_config
    from pipeline.errors import PipelineError

    project = tmp_path / "project"
    shutil.copytree(REPO / "config", project / "config")
    (project / "config" / "pipeline.yaml").write_text(yaml_text, encoding="utf-8")
    with pytest.raises(PipelineError) as caught:
        load_config(project / "config" / "pipeline.yaml")
    return str(caught.value).replace(str(project) + "/", "")


@pytest.mark.parametrize(
    "yaml_text, message",
    [
        (
            "profile: anwar2024-foundational-challenges\nalign:\n  band:\n    min: sixty\n",
            "config/pipeline.yaml:4:10: align.band.min: expected an integer, got 'sixty'",
        ),
        ("align:\n  band: 60\n", "config/pipeline.yaml:2:9: align.band: now a mapping: `band: 60` was a minimum"),
        ("emit:\n  tmx_min_score: 0.5\n", "config/pipeline.yaml:2:3: emit: tmx_min_score is now align.min_confidence"),
        ("align:\n  min_confidence: 1.5\n", "align.min_confidence: Input should be less than or equal to 1"),
        ("align:\n  weigths:\n    length: 1.0\n", "config/pipeline.yaml:2:3: align.weigths: unknown setting (a typo?)"),
        ("align:\n  beads: [[1, 5]]\n", "config/pipeline.yaml:2:10: align.beads: unknown bead [1, 5]"),
        ("align:\n  weights: [1, 2]\n", "config/pipeline.yaml:2:12: align.weights: expected a mapping"),
        (
            "align:\n  length:\n    ratio: 0\n",
            "config/pipeline.yaml:3:12: align.length.ratio: Input should be greater than 0",
        ),
        (
            "translate:\n  backend: google\n",
            "config/pipeline.yaml:2:12: translate.backend: Input should be 'argos' or 'none'",
        ),
        (
            "pdf:\n  headings:\n    larger: wide\n",
            "config/pipeline.yaml:3:13: pdf.headings.larger: expected a number, got 'wide'",
        ),
        ("sources: [unclosed\n", "config/pipeline.yaml:2:1: invalid YAML"),
        ("profile: no-such-profile\n", "no-such-profile.yaml: profile 'no-such-profile' not found"),
    ],
)
def test_config_errors_name_file_line_key_and_expectation(tmp_path, yaml_text, message):
    assert message in _settings_error(tmp_path, yaml_text)


@pytest.mark.parametrize(
    "profile_text, message",
    [
        ("records:\n  enabled: yes please\n", "records.enabled: expected true or false"),
        ("records:\n  category_lists:\n    en: 'categories:\\s*(?P<items>[^.]+'\n", "not a valid regular expression"),
        ("records:\n  category_lists:\n    en: 'categories'\n", "needs a named group (?P<items>...)"),
        (
            "records:\n  min_alignment_score: 0.5\n",
            "records: min_alignment_score is now align.min_confidence in config/pipeline.yaml",
        ),
        ("records:\n  category_sections: ['2']\n  challenge_sections: ['3']\n", "not both"),
    ],
)
def test_profile_errors_name_the_profile_file(tmp_path, profile_text, message):
    from pipeline.config import load_config
    from pipeline.errors import PipelineError

    project = tmp_path / "project"
    shutil.copytree(REPO / "config", project / "config")
    (project / "config" / "profiles" / "bad.yaml").write_text(profile_text, encoding="utf-8")
    with pytest.raises(PipelineError) as caught:
        load_config(project / "config" / "pipeline.yaml", profile="bad")
    assert "profiles/bad.yaml:" in str(caught.value) and message in str(caught.value)


def test_config_error_through_the_cli_is_one_line_exit_2(tmp_path):
    project = _project(tmp_path)
    (project / "config" / "pipeline.yaml").write_text("align:\n  band:\n    min: sixty\n", encoding="utf-8")
    result = _run("run", "--config", str(project / "config" / "pipeline.yaml"))
    _assert_clean_error(result, "pipeline.yaml:3:10: align.band.min: expected an integer, got 'sixty'")


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
        result = _run("segment", str(bad), "--lang", "zh")  # read, not called "binary data"
        assert result.returncode == 0 and "decoded as UTF-16-LE (no byte-order mark)" in result.stderr
        assert "没有字节顺序标记" in result.stdout
    elif case in ("truncated-manifest", "missing-digests"):
        copy = tmp_path / "copy"
        shutil.copytree(out, copy)
        manifest = copy / "manifest.json"
        if case == "truncated-manifest":
            manifest.write_text(manifest.read_text()[:200])
            _assert_clean_error(_run("validate", str(copy)), "manifest.json", "not valid JSON")
        else:
            data = json.loads(manifest.read_text())
            del data["files"]
            manifest.write_text(json.dumps(data))
            result = _run("validate", str(copy))
            assert result.returncode == 1 and "no file digests" in result.stdout
    elif case == "diff-into-directory":
        _assert_clean_error(_run("diff", str(out), str(out), "-o", str(tmp_path)), "give -o a file path")
    elif case == "diff-missing-file":
        copy = tmp_path / "copy"
        shutil.copytree(out, copy)
        (copy / "sentences.jsonl").unlink()
        _assert_clean_error(_run("diff", str(out), str(copy)), "sentences.jsonl missing")
    elif case == "segment-wrong-lang":
        result = _run("segment", str(REPO / "raw" / "zh" / "000_f4edeb85b38b436d.txt"), "--lang", "en")
        _assert_clean_error(result, "written in Chinese (zh) but was given as English (en)")
