"""Shared by the corpus tests: the small fixture corpus and ways to compare corpus outputs.

tests/fixtures/corpus/ holds a few real react.dev pages (CC BY 4.0, see its README) at two
versions: `current` has two translated pages, one still in English on the Chinese side,
one page without its Chinese counterpart and one corrupt Chinese file (a PNG named .md);
`2025-06` has the older versions of two of them and one page `current` no longer has.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import FIXTURES, tree_digest

CORPUS = FIXTURES / "corpus"
CURRENT = CORPUS / "current"
OLDER = CORPUS / "2025-06"


def copy_corpus(target: Path, version: Path = CURRENT) -> Path:
    shutil.copytree(version, target)
    return target


def output_digest(out: Path) -> dict[str, str]:
    """Every output file's digest: all but run.json (this run's timings) and the empty lock files."""
    return {
        path: digest for path, digest in tree_digest(out).items() if path != "run.json" and not path.endswith(".lock")
    }


def run(out: Path, corpus: Path = CURRENT, **options):
    from pipeline import api

    options.setdefault("translate", False)
    options.setdefault("engine", "inline")
    return api.corpus_run(out, zh_dir=corpus / "zh", en_dir=corpus / "en", **options)
