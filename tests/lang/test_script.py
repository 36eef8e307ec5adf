"""Wrapped lines joined as a reader sees them."""

import pytest

from pipeline.lang.script import join_lines


@pytest.mark.parametrize(
    "text, expected",
    [
        ("中文\n文本", "中文文本"),
        ("中文。\n文本", "中文。文本"),
        ("wrapped\n   line", "wrapped line"),
        ("使用\nHelm 安装", "使用 Helm 安装"),
        ("a  b\t c", "a b c"),
        ("  边上的空白  ", "边上的空白"),
    ],
)
def test_join_lines(text, expected):
    assert join_lines(text) == expected
