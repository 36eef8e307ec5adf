"""Which pages a corpus holds: globs, pairing by path, pairs files, page ids."""

from __future__ import annotations

import pytest
from conftest import FIXTURES

from pipeline.corpus.discover import PathFilter, assign_ids, discover, glob_regex, page_id
from pipeline.errors import PipelineError

CURRENT = FIXTURES / "corpus" / "current"


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("**/*.md", "a.md", True),
        ("**/*.md", "x/y/a.md", True),
        ("blog/**", "blog/a.md", True),
        ("blog/**", "blog/2024/a.md", True),
        ("blog/**", "blogs/a.md", False),
        ("blog", "blog/2024/a.md", True),  # a folder takes what is under it
        ("learn/*.md", "learn/a.md", True),
        ("learn/*.md", "learn/x/a.md", False),
        ("*.md", "deep/down/a.md", True),  # no '/': the name at any depth
        ("*.md", "a.txt", False),
        ("reference/**/index.md", "reference/index.md", True),
        ("reference/**/index.md", "reference/react/hooks/index.md", True),
        ("a?.md", "ab.md", True),
        ("a?.md", "a/b.md", False),
        ("[ab]*.md", "b1.md", True),
        ("[!ab]*.md", "b1.md", False),
    ],
)
def test_globs_match_relative_paths(pattern, path, matches):
    assert bool(glob_regex(pattern).fullmatch(path)) is matches


def test_exclude_wins_over_include():
    taken = PathFilter(include=["learn/**"], exclude=["**/setup.md"])
    assert taken("learn/intro.md") and not taken("learn/setup.md") and not taken("blog/a.md")


def test_pages_are_paired_by_relative_path():
    pairs = {p.path: p for p in discover(CURRENT / "zh", CURRENT / "en")}
    assert sorted(pairs) == [
        "broken/page.md",
        "community/translations.md",
        "errors/377.md",
        "learn/setup.md",
        "warnings/special-props.md",
    ]
    setup = pairs["learn/setup.md"]
    assert setup.zh is None and setup.zh_file is None and setup.en == "learn/setup.md"
    assert pairs["community/translations.md"].id == "community--translations"
    assert pairs["community/translations.md"].zh_file == CURRENT / "zh" / "community" / "translations.md"


def test_include_and_exclude_narrow_the_corpus():
    pairs = discover(CURRENT / "zh", CURRENT / "en", include=["**/*.md"], exclude=["broken/**", "learn"])
    assert [p.path for p in pairs] == ["community/translations.md", "errors/377.md", "warnings/special-props.md"]


def test_hidden_files_and_unreadable_kinds_are_left_out(tmp_path):
    for side in ("zh", "en"):
        (tmp_path / side / ".git").mkdir(parents=True)
        (tmp_path / side / ".git" / "page.md").write_text("x")
        (tmp_path / side / ".draft.md").write_text("x")
        (tmp_path / side / "logo.png").write_bytes(b"\x89PNG")
        (tmp_path / side / "page.md").write_text("x")
        (tmp_path / side / "guide.mdx").write_text("x")
    assert [p.path for p in discover(tmp_path / "zh", tmp_path / "en")] == ["guide.mdx", "page.md"]
    # An explicit --include takes any kind of file it names.
    assert [p.path for p in discover(tmp_path / "zh", tmp_path / "en", include=["*.png"])] == ["logo.png"]


def test_page_ids_are_stable_slugs_and_unique():
    assert page_id("learn/thinking-in-react.md") == "learn--thinking-in-react"
    assert page_id("reference/react-dom/client/createRoot.md") == "reference--react-dom--client--createroot"
    assert page_id("指南/快速 上手.md") == "指南--快速-上手"  # letters of any script are kept
    ids = assign_ids([(p, p) for p in ("docs/Intro.md", "docs/intro.md", "docs/other.md")])
    assert len(set(ids.values())) == 3
    assert ids["docs/other.md"] == "docs--other"
    assert ids["docs/Intro.md"].startswith("docs--intro-") and ids["docs/intro.md"].startswith("docs--intro-")
    # The digest comes from the page's own path: the same ids on every run.
    assert assign_ids([(p, p) for p in ("docs/intro.md", "docs/Intro.md")]) == {
        k: v for k, v in ids.items() if k != "docs/other.md"
    }


def test_a_pairs_file_pairs_any_names(tmp_path):
    (tmp_path / "texts").mkdir()
    for name in ("a.zh.md", "a.en.md", "b.en.md"):
        (tmp_path / "texts" / name).write_text("x", encoding="utf-8")
    csv = tmp_path / "pairs.csv"
    csv.write_text("zh,en\ntexts/a.zh.md,texts/a.en.md\n,texts/b.en.md\n", encoding="utf-8")
    pairs = {p.path: p for p in discover(None, None, pairs_file=csv)}
    assert sorted(pairs) == ["texts/a.en.md", "texts/b.en.md"]
    assert pairs["texts/a.en.md"].zh_file == tmp_path / "texts" / "a.zh.md"
    assert pairs["texts/b.en.md"].zh is None  # an empty cell: no counterpart
    named = tmp_path / "named.csv"
    named.write_text("path,zh,en\nintro,texts/a.zh.md,texts/a.en.md\n", encoding="utf-8")
    assert [(p.path, p.id) for p in discover(None, None, pairs_file=named)] == [("intro", "intro")]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("chinese,english\na.md,b.md\n", "zh and en"),
        ("", "zh and en"),
        ("zh,en\na.md,b.md,c.md\n", "line 2 has 3 cells"),
        ("path,zh,en\nintro,,\n", "line 2 names neither"),
        ("zh,en\na.md,b.md\nc.md,b.md\n", "listed twice"),
    ],
)
def test_a_malformed_pairs_file_is_bad_input(tmp_path, text, problem):
    csv = tmp_path / "pairs.csv"
    csv.write_text(text, encoding="utf-8")
    with pytest.raises(PipelineError, match=problem):
        discover(None, None, pairs_file=csv)


def test_missing_folders_and_empty_corpora_are_bad_input(tmp_path):
    with pytest.raises(PipelineError, match="is not a directory"):
        discover(tmp_path / "nowhere", CURRENT / "en")
    with pytest.raises(PipelineError, match="both --zh-dir and --en-dir; pair its files with --pairs"):
        discover(CURRENT / "en", CURRENT / "en")
    with pytest.raises(PipelineError, match="give --zh-dir and --en-dir"):
        discover(None, CURRENT / "en")
    with pytest.raises(PipelineError, match="no pages found; check --include"):
        discover(CURRENT / "zh", CURRENT / "en", include=["nothing/**"])
    with pytest.raises(PipelineError, match="no such file"):
        discover(None, None, pairs_file=tmp_path / "absent.csv")
