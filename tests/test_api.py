"""The library API: every CLI command has a function, and the library prints nothing by itself."""

from __future__ import annotations

import logging
import subprocess
import sys

import pytest
from conftest import EN_ABSTRACT, PDFS, SEED

from pipeline import api
from pipeline.errors import PipelineError


def test_a_run_prints_nothing_unless_the_application_configures_logging(tmp_path):
    """A separate process, so no test harness handler stands in for the application's."""
    code = (
        "import sys; from pipeline import api; "
        "api.run(zh=sys.argv[1], en=sys.argv[2], out=sys.argv[3], translate=False)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(SEED), str(EN_ABSTRACT), str(tmp_path)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "" and done.stderr == ""
    assert (tmp_path / "arxiv-2404.09932-abstract" / "manifest.json").is_file()


def test_a_runs_notices_reach_the_pipeline_logger(tmp_path, caplog):
    with caplog.at_level(logging.INFO, logger="pipeline"):
        api.run(zh=SEED, en=EN_ABSTRACT, out=tmp_path, translate=False)
    lines = [r.getMessage() for r in caplog.records if r.name == "pipeline"]
    # The per-pair alignment summary is always reported ("<zh source> ~ <en source>: ...").
    assert any(" ~ " in line for line in lines), lines


def test_headings_gives_the_tree_and_the_outline_score():
    report = api.headings(PDFS / "issue-33-lorem-ipsum.pdf", against_outline=True)
    assert report.tree and report.score is not None
    assert report.score.f1 == 1.0 and report.score.matched == report.score.true == len(report.tree)
    assert api.headings(PDFS / "issue-33-lorem-ipsum.pdf").score is None


def test_headings_against_a_missing_outline_names_the_file():
    pdf = PDFS / "federal-register-2020-17221.pdf"
    with pytest.raises(PipelineError, match="no outline"):
        api.headings(pdf, against_outline=True)


def test_eval_align_scores_beads_and_merges_within_verses(tmp_path):
    gold = tmp_path / "gold"
    gold.write_text("[0]:[0]\n[1,2]:[1]\n")
    pred = tmp_path / "pred"
    pred.write_text("[0]:[0]\n[1]:[1]\n[2]:[]\n")
    split = api.eval_align(gold, pred)
    assert (split.precision_strict, split.recall_strict, split.f1_lax) == pytest.approx((1 / 3, 1 / 2, 0.8))
    (tmp_path / "src").write_text("v1\nv2\nv2\n")
    (tmp_path / "tgt").write_text("v1\nv2\n")
    merged = api.eval_align(gold, pred, tmp_path / "src", tmp_path / "tgt")
    assert merged.f1_strict == 1.0
    with pytest.raises(PipelineError, match="both --src-verse and --tgt-verse"):
        api.eval_align(gold, pred, src_verse=tmp_path / "src")


def test_init_makes_a_project_and_refuses_to_overwrite_one(tmp_path):
    made = api.init(tmp_path / "p")
    assert tmp_path / "p" / "config" / "pipeline.yaml" in made and all(p.exists() for p in made)
    with pytest.raises(PipelineError, match="already exists"):
        api.init(tmp_path / "p")


def test_every_command_is_one_api_function():
    """`pipeline X Y` is api.x_y: the CLI adds parsing and formatting only (sqlite-utils' rule)."""
    import argparse

    from pipeline.cli_parser import build_parser

    def sub_commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
        found = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        return dict(found[0].choices) if found else {}

    names = []
    for name, command in sub_commands(build_parser()).items():
        nested = sub_commands(command)
        names += [f"{name}_{sub}" for sub in nested] if nested else [name]
    assert len(names) >= 13
    missing = [n for n in names if not callable(getattr(api, n.replace("-", "_"), None))]
    assert not missing, missing
