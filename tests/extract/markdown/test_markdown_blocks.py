"""Markdown as a document: the blocks CommonMark and the core layers give, hand-made edge cases."""

from __future__ import annotations

import pytest

from pipeline.extract.markdown import extract_markdown, markdown_layer
from pipeline.types import IngestedSource, Source


def blocks(text: str) -> list[tuple[str, str]]:
    layer, _ = markdown_layer(text)
    return [(p.kind, p.text) for p in layer.pieces]


def document(text: str):
    source = Source("s", "zh", "s.md", "markdown", "", "", "", "0", len(text), "utf-8")
    return extract_markdown(IngestedSource(source, text, text.encode()))


def test_front_matter_is_metadata_and_its_yaml_comment_no_heading():
    doc = document("---\ntitle: Init 容器\n# reviewers below\nweight: 40\n---\n\n正文第一句。\n")
    assert doc.metadata == {"title": "Init 容器", "weight": 40}
    assert [(b.kind, b.text) for b in doc.blocks] == [("paragraph", "正文第一句。")]
    assert doc.blocks[0].line == 7


def test_toml_front_matter():
    doc = document('+++\ntitle = "Hugo page"\ndate = 2024-01-02\n+++\n\nBody.\n')
    assert doc.metadata == {"title": "Hugo page", "date": "2024-01-02"}
    assert [b.text for b in doc.blocks] == ["Body."]


def test_comment_with_english_original_is_dropped_and_counted():
    doc = document("<!--\nThis page explains pods.\n-->\n本页解释 Pod。\n\n段落<!-- inline note -->继续。\n")
    assert [b.text for b in doc.blocks] == ["本页解释 Pod。", "段落继续。"]
    assert doc.dropped["comments"] == 2


def test_hard_wrapped_lines_join_without_spaces_between_chinese_characters():
    assert blocks("第一行文字\n第二行文字，\nand English\nwords here.\n") == [
        ("paragraph", "第一行文字第二行文字， and English words here.")
    ]


def test_nested_lists_keep_depth_and_the_written_number():
    layer, _ = markdown_layer("1. first\n   - inner one\n   - inner two\n2. second\n   continued lazily\n")
    assert [(p.kind, p.text, p.depth, p.marker) for p in layer.pieces] == [
        ("list_item", "first", 0, "1"),
        ("list_item", "inner one", 1, None),
        ("list_item", "inner two", 1, None),
        ("list_item", "second continued lazily", 0, "2"),
    ]


def test_code_fence_inside_a_list_item_stays_code_and_the_item_stays_whole():
    text = (
        "* 等待一个 Service 完成创建，通过类似如下\n  shell 命令：\n\n"
        "  ```shell\n  sleep 1; exit 1\n  ```\n\n* 下一项。\n"
    )
    layer, _ = markdown_layer(text)
    assert [(p.kind, p.text, p.info) for p in layer.pieces] == [
        ("list_item", "等待一个 Service 完成创建，通过类似如下 shell 命令：", None),
        ("code", "sleep 1; exit 1", "shell"),
        ("list_item", "下一项。", None),
    ]


def test_block_quote_markers_never_reach_the_text():
    assert blocks("> the stack and the\n> heap are parts of memory.\n>\n> > nested quote\n") == [
        ("quote", "the stack and the heap are parts of memory."),
        ("quote", "nested quote"),
    ]


def test_table_rows_are_table_blocks():
    assert blocks("| Operation | Release |\n|---|---|\n| install | release 1 |\n| upgrade | release 2 |\n") == [
        ("table", "Operation Release"),
        ("table", "install release 1"),
        ("table", "upgrade release 2"),
    ]


def test_inline_markup_keeps_its_text():
    assert blocks("See **bold**, _em_, `code`, [a link](https://x.org) and ![an image](i.png)\\[escaped\\].\n") == [
        ("paragraph", "See bold, em, code, a link and [escaped].")
    ]


def test_html_blocks_in_markdown():
    text = (
        '<div align="center">\n <img src="x.png" >\n</div>\n\n'
        "<details>\n<summary>点击展开</summary>\n\n隐藏的内容。\n\n</details>\n\n"
        '<pre class="language-sh">make run</pre>\n\n'
        "<table>\n<tr><th>Name</th><th>Value</th></tr>\n<tr><td>a</td><td>1</td></tr>\n</table>\n"
    )
    layer, _ = markdown_layer(text)
    assert [(p.kind, p.text, p.group) for p in layer.pieces] == [
        ("caption", "点击展开", "details-1"),
        ("paragraph", "隐藏的内容。", "details-1"),
        ("code", "make run", None),
        ("table", "Name Value", None),
        ("table", "a 1", None),
    ]


def test_figure_caption_on_its_own_lines_is_a_caption():
    text = (
        "<figure>\n\n```rust\nlet x = 5;\n```\n\n<figcaption>\n\nListing 4-1: A variable\n\n</figcaption>\n</figure>\n"
    )
    layer, _ = markdown_layer(text)
    assert [(p.kind, p.text, p.group) for p in layer.pieces] == [
        ("code", "let x = 5;", "figure-1"),
        ("caption", "Listing 4-1: A variable", "figure-1"),
    ]


def test_footnotes_are_footnote_blocks_with_their_label():
    layer, _ = markdown_layer("Text with a note[^n].\n\n[^n]: The note itself.\n")
    assert [(p.kind, p.text, p.marker) for p in layer.pieces] == [
        ("paragraph", "Text with a note.", None),
        ("footnote", "The note itself.", "n"),
    ]


def test_an_item_that_is_only_code_names_code_not_a_sentence():
    layer, _ = markdown_layer("* [`<input>`](/reference/input)\n* `useState` 是一个 Hook。\n")
    assert [(p.kind, p.text, p.info) for p in layer.pieces] == [
        ("code", "<input>", "inline"),
        ("list_item", "useState 是一个 Hook。", None),
    ]


def test_github_alert_marker_is_not_text():
    assert blocks("> [!NOTE]\n> Useful information.\n") == [("quote", "Useful information.")]


@pytest.mark.parametrize(
    "heading, anchor",
    [
        ("## Overview {#overview}", "overview"),
        ("## Overview {: #overview .cls }", "overview"),
        ("## Overview {/*overview*/}", "overview"),
        ('## <a name="overview"></a>Overview', "overview"),
        ('## Overview <span id="overview"></span>', "overview"),
    ],
)
def test_heading_anchors_in_every_style_are_metadata(heading, anchor):
    layer, _ = markdown_layer(f"{heading}\n\nBody.\n")
    assert [(p.kind, p.text, p.anchor) for p in layer.pieces] == [
        ("heading", "Overview", anchor),
        ("paragraph", "Body.", None),
    ]


def test_setext_heading_with_an_anchor():
    layer, _ = markdown_layer("Title {#top}\n=====\n\nBody.\n")
    assert [(p.kind, p.text, p.level, p.anchor) for p in layer.pieces][0] == ("heading", "Title", 1, "top")


def test_unknown_tags_keep_their_text_and_lose_their_markup():
    assert blocks(
        'Use the <Badge type="tip" text="new" /> <kbd>Ctrl</kbd> key and <x-thing a={b}>this</x-thing>.\n'
    ) == [("paragraph", "Use the Ctrl key and this.")]


def test_every_block_knows_its_source_line():
    layer, _ = markdown_layer("# A\n\npara\n\n```\ncode\n```\n")
    assert [(p.kind, p.line) for p in layer.pieces] == [("heading", 1), ("paragraph", 3), ("code", 5)]


def test_a_labelled_list_gives_its_bold_labels_as_blocks_of_their_own():
    layer, _ = markdown_layer(
        "- **Fast**: does X quickly.\n- **Safe** - checks Y.\n- plain\n\n1. **Bold** once.\n2. other\n"
    )
    assert [(p.kind, p.text, p.marker) for p in layer.pieces] == [
        ("list_item", "Fast:", None),
        ("list_item", "does X quickly.", None),
        ("list_item", "Safe -", None),
        ("list_item", "checks Y.", None),
        ("list_item", "plain", None),
        ("list_item", "Bold once.", "1"),
        ("list_item", "other", "2"),
    ]


def test_a_readme_header_in_html():
    text = (
        '<h1 align="center">\n  <img src="logo.png" width="200"/><br/>\n  Project Name\n</h1>\n\n'
        '<p align="center">\n  <a href="https://ci"><img src="badge.svg"></a>\n'
        '  <a href="README.md">English</a> | <a href="README_zh.md">简体中文</a>\n</p>\n\n'
        "[![Build](https://img.shields.io/b.svg)](https://ci)\n\nProject Name does one thing well.\n"
    )
    layer, _ = markdown_layer(text)
    assert [(p.kind, p.text, p.level) for p in layer.pieces] == [
        ("heading", "Project Name", 1),
        ("paragraph", "English | 简体中文", None),
        ("paragraph", "Project Name does one thing well.", None),
    ]
