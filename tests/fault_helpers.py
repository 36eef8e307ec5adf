"""Helpers of the fault matrix (test_faults.py, test_faults_outputs.py): projects, runs, the checks every case makes.

Every case must end in one line on stderr with exit 2 (never "internal error" or a
traceback), must not change anything outside the output folder (sentinel files are
planted beside it) and must leave nothing behind (no lock, staging or backup folder).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from conftest import REPO, run_cli, tree_digest

DOC_ID = "anwar2024-foundational-challenges"


def project_copy(tmp_path: Path, document_id: str = DOC_ID, sources: list[dict] | None = None) -> Path:
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


def plant_sentinels(where: Path) -> dict[str, str]:
    """Files and a foreign folder a run must never touch; returns their digest."""
    where.mkdir(parents=True, exist_ok=True)
    (where / "sentinel.txt").write_text("user data\n")
    (where / "other-document").mkdir(exist_ok=True)
    (where / "other-document" / "notes.md").write_text("another document's folder\n")
    return tree_digest(where)


def run(*args: str, cwd: Path = REPO, process: bool = False, **kwargs) -> subprocess.CompletedProcess:
    """The command in-process (conftest.run_cli), or as a real process; text output either way."""
    if process:
        return subprocess.run(
            [sys.executable, "-m", "pipeline", *args], cwd=cwd, capture_output=True, text=True, timeout=300, **kwargs
        )
    result = run_cli(*args, cwd=cwd)
    return subprocess.CompletedProcess(
        result.args, result.returncode, result.stdout.decode("utf-8"), result.stderr.decode("utf-8")
    )


def assert_clean_error(result: subprocess.CompletedProcess, *needles: str) -> None:
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]


LISTING = REPO / "tests" / "fixtures" / "listing"
ABSTRACT = REPO / "raw" / "en" / "arxiv-2404.09932-abstract.txt"
SEED_TEXT = REPO / "raw" / "zh" / "000_f4edeb85b38b436d.txt"


def config_of(project: Path) -> str:
    return str(project / "config" / "pipeline.yaml")


def leftovers(out: Path) -> list[str]:
    """Locks, staging and backup folders left in an output root."""
    return sorted(p.name for p in out.iterdir() if p.name.startswith(".")) if out.is_dir() else []
