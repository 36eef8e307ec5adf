"""Shared paths and helpers for the test suite."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
SEED = REPO / "raw" / "zh" / "000_f4edeb85b38b436d.txt"
EN_ABSTRACT = REPO / "raw" / "en" / "arxiv-2404.09932-abstract.txt"
AGENDA_PDF = FIXTURES / "agenda" / "agenda.pdf"
AGENDA_2COL_PDF = FIXTURES / "agenda" / "agenda-twocolumn.pdf"
PDFS = FIXTURES / "pdf"


def run_cli(*args: str, cwd: Path = REPO, input: bytes | None = None) -> subprocess.CompletedProcess:
    """Run `python -m pipeline ARGS` as a user would, capturing text output."""
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=cwd, capture_output=True,
                          input=input, timeout=600)


def tree_digest(root: Path) -> dict[str, str]:
    """Relative path -> sha256 for every file under root."""
    if not root.exists():
        return {}
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="session")
def zh_rules():
    from pipeline.lang import rules_for

    return rules_for("zh", {"user_dictionary": "config/zh_userdict.txt"}, REPO)


@pytest.fixture(scope="session")
def en_rules():
    from pipeline.lang import rules_for

    return rules_for("en", {}, REPO)


@pytest.fixture(scope="session")
def seed_doc(zh_rules):
    from pipeline.config import load_config
    from pipeline.run import segment_file

    return segment_file(SEED, "zh", load_config(REPO / "config" / "pipeline.yaml"))


@pytest.fixture(scope="session")
def agenda_doc():
    from pipeline.run import segment_file

    return segment_file(AGENDA_PDF, "en")


@pytest.fixture(scope="session")
def agenda_2col_doc():
    from pipeline.run import segment_file

    return segment_file(AGENDA_2COL_PDF, "en")
