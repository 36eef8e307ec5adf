"""Which format a source is read as: its kind, or what a text file plainly is."""

import pytest

from pipeline.extract import format_of
from pipeline.types import IngestedSource, Source


def item(text, kind="text"):
    return IngestedSource(Source("s", "en", "s", kind, "", "", "", "0", len(text), "utf-8"), text, text.encode())


@pytest.mark.parametrize(
    "text, expected",
    [
        ("---\ntitle: Glossary\n---\n\n# Glossary\n\n## Chart\n", "markdown"),  # an .mdx page
        ("# Title\n\nSee [the docs](https://x.org) and `code`.\n", "markdown"),  # a README without extension
        ("<!DOCTYPE html>\n<html><body><p>x</p></body></html>", "html"),
        ("第一段。\nhttps://example.org\n第二段。\n", "text"),  # the Chinese seed's shape
        ("# not a heading alone\nplain text\n", "text"),
    ],
)
def test_text_files_are_read_as_what_they_are(text, expected):
    assert format_of(item(text)) == expected


def test_a_markdown_file_stays_markdown():
    assert format_of(item("plain", kind="markdown")) == "markdown"
