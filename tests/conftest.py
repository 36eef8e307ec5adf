"""Shared paths and helpers for the test suite."""

from __future__ import annotations

import hashlib
import io
import os
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
    """`pipeline ARGS` run in this process (`cli.main`) from `cwd`: exit status, stdout and stderr bytes.

    In-process keeps the suite fast (no interpreter, spaCy and jieba start-up per call);
    `run_cli_process` is the end-to-end variant for what only a real process shows.
    """
    from pipeline import cli

    streams = {name: io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="") for name in ("stdout", "stderr")}
    saved = {name: getattr(sys, name) for name in ("stdin", "stdout", "stderr")}
    previous_dir = os.getcwd()
    try:
        os.chdir(cwd)
        sys.stdout, sys.stderr = streams["stdout"], streams["stderr"]
        sys.stdin = io.TextIOWrapper(io.BytesIO(input or b""), encoding="utf-8")
        try:
            code = cli.main(list(args))
        except SystemExit as exc:  # argparse: --help, usage errors
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    finally:
        os.chdir(previous_dir)
        sys.stdin, sys.stdout, sys.stderr = saved["stdin"], saved["stdout"], saved["stderr"]
    output = {}
    for name, stream in streams.items():
        stream.flush()
        output[name] = stream.buffer.getvalue()
    return subprocess.CompletedProcess(["pipeline", *args], code, output["stdout"], output["stderr"])


def run_cli_process(
    *args: str,
    cwd: Path = REPO,
    input: bytes | None = None,
    env: dict | None = None,
) -> subprocess.CompletedProcess:
    """`python -m pipeline ARGS` as a separate process, as a user would run it (end-to-end tests)."""
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args], cwd=cwd, capture_output=True, input=input, timeout=600, env=env
    )


def run_on_terminal(command: list[str], cwd: Path = REPO, columns: int = 80) -> tuple[int, str]:
    """A process with stderr on a terminal (a pty `columns` wide): its exit status and what it drew there."""
    import fcntl
    import pty
    import struct
    import termios

    leader, follower = pty.openpty()
    # A fresh pty has 0 columns, and tqdm draws nothing in 0 columns.
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=follower)
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
    code = process.wait()
    os.close(leader)
    return code, b"".join(chunks).decode("utf-8", "replace")


def tree_digest(root: Path) -> dict[str, str]:
    """Relative path -> sha256 for every file under root."""
    if not root.exists():
        return {}
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="session", autouse=True)
def _user_cache(tmp_path_factory):
    """Runs outside a project log to the user's cache folder: the tests' own, not the machine user's."""
    saved = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("user-cache"))
    yield
    if saved is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = saved


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
        result = run_pipeline(
            load_config(VERSIONS / "config" / f"{version}.yaml"), out_root=root / version, log=lambda message: None
        )
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
    (project / "config" / "sources.yaml").write_text(
        yaml.safe_dump(
            {
                "document": {"id": "agenda"},
                "sources": [
                    {"id": "en", "lang": "en", "path": str(AGENDA_PDF), "version": "v1", "allow_outside": True}
                ],
                "pairs": [],
            }
        )
    )
    settings = yaml.safe_load((REPO / "config" / "pipeline.yaml").read_text(encoding="utf-8"))
    settings["segment"]["zh"]["user_dictionary"] = str(REPO / "config" / "zh_userdict.txt")
    settings["align"]["glossary"] = [str(REPO / "config" / "glossary" / "general-ml.yaml")]
    settings["profile"] = "agenda"
    (project / "config" / "pipeline.yaml").write_text(yaml.safe_dump(settings, allow_unicode=True))
    (project / "config" / "profiles").mkdir()
    (project / "config" / "profiles" / "agenda.yaml").write_text(
        yaml.safe_dump(
            {
                "records": {
                    "enabled": True,
                    "category_sections": ["2", "3", "4"],
                    "expected": {"categories": 3, "challenges": 6, "min_questions": 12},
                }
            }
        )
    )
    return run_pipeline(
        load_config(project / "config" / "pipeline.yaml"), out_root=project / "out", log=lambda message: None
    ).out_dir
