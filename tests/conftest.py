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


VERSIONS = FIXTURES / "versions"


@pytest.fixture(scope="session")
def version_outputs(tmp_path_factory):
    """The v1/v2 fixture pair run through the whole pipeline: (root, {"v1": dir, "v2": dir})."""
    from pipeline.config import load_config
    from pipeline.run import run_pipeline

    root = tmp_path_factory.mktemp("versions")
    out = {}
    for version in ("v1", "v2"):
        result = run_pipeline(load_config(VERSIONS / "config" / f"{version}.yaml"), out_root=root / version,
                              log=lambda message: None)
        out[version] = result.out_dir
    return root, out


@pytest.fixture(scope="session")
def agenda_output(tmp_path_factory):
    """The synthetic agenda PDF alone, through the whole pipeline."""
    import yaml

    from pipeline.config import load_config
    from pipeline.run import run_pipeline

    project = tmp_path_factory.mktemp("agenda-project")
    (project / "config").mkdir()
    (project / "config" / "sources.yaml").write_text(yaml.safe_dump({
        "document": {"id": "agenda"},
        "sources": [{"id": "en", "lang": "en", "path": str(AGENDA_PDF), "version": "v1",
                     "allow_outside": True}], "pairs": []}))
    settings = yaml.safe_load((REPO / "config" / "pipeline.yaml").read_text(encoding="utf-8"))
    settings["segment"]["zh"]["user_dictionary"] = str(REPO / "config" / "zh_userdict.txt")
    settings["align"]["glossary"] = [str(REPO / "config" / "glossary" / "general-ml.yaml")]
    settings["profile"] = "agenda"
    (project / "config" / "pipeline.yaml").write_text(yaml.safe_dump(settings, allow_unicode=True))
    (project / "config" / "profiles").mkdir()
    (project / "config" / "profiles" / "agenda.yaml").write_text(yaml.safe_dump({"records": {
        "enabled": True, "category_sections": ["2", "3", "4"],
        "expected": {"categories": 3, "challenges": 6, "min_questions": 12}}}))
    return run_pipeline(load_config(project / "config" / "pipeline.yaml"), out_root=project / "out",
                        log=lambda message: None).out_dir
