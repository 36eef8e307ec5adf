"""Ids from file names: letters of every script kept, one path component, short enough for its siblings."""

from __future__ import annotations

import pytest

from pipeline.ids import MAX_ID_BYTES, id_problem, slug


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Report v2", "report-v2"),
        ("文档", "文档"),
        ("2024年度报告 final", "2024年度报告-final"),
        ("Über Straße", "über-straße"),
        ("ｆｕｌｌ１２", "full12"),  # full-width forms folded (NFKC)
        ("a/b\\c", "a-b-c"),
        ("..", "document"),
        ("a..b", "a.b"),
        ("   ", "document"),
        ("_x_", "x"),
    ],
)
def test_slug(name, expected):
    assert slug(name) == expected and id_problem(expected) is None


def test_two_chinese_names_give_two_ids():
    assert slug("文档") != slug("文件")


@pytest.mark.parametrize("name", ["x" * 300, "中" * 100, "report-" * 40])
def test_a_long_name_is_cut_to_fit_and_stays_distinct(name):
    cut = slug(name)
    assert len(cut.encode("utf-8")) <= MAX_ID_BYTES and id_problem(cut) is None
    assert cut != slug(name[:-1] + "y")


@pytest.mark.parametrize("value", ["", ".", "..", "a/b", "Upper", "-x", "a..b", "x" * 201, 7, None])
def test_what_is_not_an_id(value):
    assert id_problem(value) is not None
