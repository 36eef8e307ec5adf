"""Configuration errors: one line per problem with file:line:column, the key path and what was expected."""

from __future__ import annotations

import shutil

import pytest
from conftest import REPO
from fault_helpers import assert_clean_error, config_of, project_copy, run


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
    project = project_copy(tmp_path)
    (project / "config" / "pipeline.yaml").write_text("align:\n  band:\n    min: sixty\n", encoding="utf-8")
    result = run("run", "--config", str(project / "config" / "pipeline.yaml"))
    assert_clean_error(result, "pipeline.yaml:3:10: align.band.min: expected an integer, got 'sixty'")


# -- config/sources.yaml through the settings models: every error at once, file:line:column -----------------


def test_sources_yaml_errors_are_all_reported_before_any_work(tmp_path):
    project = project_copy(tmp_path)
    (project / "config" / "sources.yaml").write_text(
        "document:\n  id: doc\nsources:\n"
        "  - {id: zh, lang: zh, path: raw/zh/000_f4edeb85b38b436d.txt}\n"
        "  - {id: zh, lang: en, path: raw/en/arxiv-2404.09932-abstract.txt}\n"
        "  - {id: en, lang: en}\n"
        "pairs:\n  - {zh: zh, en: [en, nowhere]}\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = run("run", "--no-translate", "--config", config_of(project), "--out", str(out))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    lines = [line.replace(str(project) + "/", "") for line in result.stderr.strip().splitlines()]
    assert lines == [
        "pipeline: error: config/sources.yaml:5:10: sources[1].id: duplicate id 'zh'; every source needs its own",
        "pipeline: error: config/sources.yaml:6:5: sources[2].path: missing (required)",
        "pipeline: error: config/sources.yaml:8:23: pairs[0].en[1]: 'nowhere' is not a source id (sources: en, zh)",
    ]
    assert not out.exists()


def test_duplicate_ids_can_no_longer_reach_an_output_that_validates(tmp_path):
    from pipeline.config import load_config
    from pipeline.errors import PipelineError

    project = project_copy(
        tmp_path,
        sources=[
            {"id": "same", "lang": "zh", "path": "raw/zh/000_f4edeb85b38b436d.txt"},
            {"id": "same", "lang": "en", "path": "raw/en/arxiv-2404.09932-abstract.txt"},
        ],
    )
    with pytest.raises(PipelineError, match=r"sources\[1\]\.id: duplicate id 'same'"):
        load_config(config_of(project))


def test_a_huge_integer_setting_is_a_config_error_not_an_overflow(tmp_path):
    project = project_copy(tmp_path)
    (project / "config" / "pipeline.yaml").write_text(
        "profile: generic\nalign:\n  band:\n    min: 100000000000000000000000000000000000000\n", encoding="utf-8"
    )
    result = run("run", "--no-translate", "--config", config_of(project), "--out", str(tmp_path / "out"))
    assert_clean_error(result, "pipeline.yaml:4:10: align.band.min: too large (at most 9007199254740992)")
