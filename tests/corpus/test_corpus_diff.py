"""`pipeline corpus diff`: pages added, removed and changed, checked against counts made here from the files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import REPO, run_cli
from corpus_helpers import CURRENT, OLDER, run

SHARED = REPO.parent / "shared" / "docs-corpus" / "react.dev"


def page_files(version: Path) -> dict[str, dict[str, bytes | None]]:
    """Page path -> the bytes of its Chinese and English file (None when absent), read directly."""
    pages: dict[str, dict[str, bytes | None]] = {}
    for side in ("zh", "en"):
        for file in sorted((version / side).rglob("*")):
            if file.is_file() and not any(part.startswith(".") for part in file.relative_to(version).parts):
                rel = file.relative_to(version / side).as_posix()
                pages.setdefault(rel, {"zh": None, "en": None})[side] = file.read_bytes()
    return pages


def expected_counts(old: Path, new: Path) -> dict:
    before, after = page_files(old), page_files(new)
    both = set(before) & set(after)
    changed = sorted(p for p in both if before[p] != after[p])
    return {
        "added": sorted(set(after) - set(before)),
        "removed": sorted(set(before) - set(after)),
        "changed": changed,
        "unchanged": len(both) - len(changed),
    }


@pytest.fixture(scope="module")
def versions(tmp_path_factory):
    root = tmp_path_factory.mktemp("versions")
    run(root / "old", OLDER)
    run(root / "new", CURRENT)
    return root / "old", root / "new"


def test_pages_added_removed_and_changed(versions):
    old, new = versions
    result = run_cli("corpus", "diff", str(old), str(new), "--format", "json")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    expected = expected_counts(OLDER, CURRENT)
    assert data["added"] == expected["added"] == ["broken/page.md", "errors/377.md", "learn/setup.md"]
    assert data["removed"] == expected["removed"] == ["reference/rsc/directives.md"]
    assert data["changed"] == expected["changed"] == ["community/translations.md"]
    assert data["counts"] == {"added": 3, "removed": 1, "changed": 1, "unchanged": 1}
    # The Chinese page was still English in 2025-06 (skipped): now every sentence is new.
    page = data["pages"][0]
    assert (page["old_status"], page["new_status"]) == ("skipped", "ok")
    assert page["counts"]["sentence"]["added"] == len([c for c in page["changes"] if c["change"] == "added"]) > 0
    assert data["totals"]["sentence"] == page["counts"]["sentence"]


def test_every_format_and_an_unchanged_corpus(versions, tmp_path):
    old, new = versions
    text = run_cli("corpus", "diff", str(old), str(new)).stdout.decode()
    assert "pages: 3 added, 1 removed, 1 changed, 1 unchanged" in text
    assert "+ page learn/setup.md" in text and "~ page community/translations.md (skipped → ok)" in text
    markdown = run_cli("corpus", "diff", str(old), str(new), "--format", "markdown").stdout.decode()
    assert "## Removed pages" in markdown and "### `community/translations.md` (skipped → ok)" in markdown
    report = tmp_path / "diff.html"
    assert run_cli("corpus", "diff", str(old), str(new), "--format", "html", "-o", str(report)).returncode == 1
    assert "<details><summary><code>community/translations.md</code>" in report.read_text()
    same = run_cli("corpus", "diff", str(new), str(new))
    assert same.returncode == 0 and "pages: 5 unchanged" in same.stdout.decode()


def test_a_folder_that_is_no_corpus_output_is_an_error(versions, tmp_path):
    old, _ = versions
    result = run_cli("corpus", "diff", str(old), str(tmp_path))
    assert result.returncode == 2 and b"no corpus.json here" in result.stderr


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/docs-corpus/react.dev is not beside the repository")
def test_react_dev_2025_06_against_current(tmp_path):
    """The two real versions, whole: the counts match the files, the per-page changes match `pipeline diff`."""
    for version in ("2025-06", "current"):
        run(tmp_path / version, SHARED / version, engine="local")
    result = run_cli("corpus", "diff", str(tmp_path / "2025-06"), str(tmp_path / "current"), "--format", "json")
    assert result.returncode == 1, result.stderr.decode()
    data = json.loads(result.stdout)
    expected = expected_counts(SHARED / "2025-06", SHARED / "current")
    assert data["added"] == expected["added"] and len(data["added"]) == 220 - 174
    assert data["removed"] == expected["removed"]
    assert data["changed"] == expected["changed"]
    assert data["counts"]["unchanged"] == expected["unchanged"]
    totals = data["totals"]["sentence"]
    for change in ("added", "removed", "reworded"):
        assert totals[change] == sum(p["counts"]["sentence"][change] for p in data["pages"]) > 0
    # One changed page, both sides aligned in both versions: the same changes as `pipeline diff` finds.
    summary = {v: json.loads((tmp_path / v / "corpus.json").read_text()) for v in ("2025-06", "current")}
    outputs = {v: {e["path"]: e["output"] for e in s["pairs"] if e["output"]} for v, s in summary.items()}
    page = next(p for p in data["pages"] if p["path"] in outputs["2025-06"] and p["path"] in outputs["current"])
    single = run_cli(
        "diff",
        str(tmp_path / "2025-06" / outputs["2025-06"][page["path"]]),
        str(tmp_path / "current" / outputs["current"][page["path"]]),
        "--format",
        "json",
    )
    assert json.loads(single.stdout)["counts"] == page["counts"]
