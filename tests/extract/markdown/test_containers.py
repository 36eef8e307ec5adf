"""Containers (VitePress, Docusaurus admonitions, markdown-it-container) and VitePress's own syntax."""

from __future__ import annotations

from pipeline.extract.markdown import markdown_layer


def pieces(text: str):
    layer, dialects = markdown_layer(text)
    return [(p.kind, p.text, p.group) for p in layer.pieces], dialects, dict(layer.dropped)


def test_container_titles_in_each_style_are_captions():
    text = (
        "::: tip 提示\n计算属性的 getter 应只做计算。\n:::\n\n"
        ":::note[Docusaurus 标题]\n\n正文。\n\n:::\n\n"
        ":::warning\n没有标题。\n:::\n\n"
        "::::: details 展开\n::: danger\n嵌套。\n:::\n:::::\n"
    )
    found, _, _ = pieces(text)
    assert found == [
        ("caption", "提示", "tip-1"),
        ("paragraph", "计算属性的 getter 应只做计算。", "tip-1"),
        ("caption", "Docusaurus 标题", "note-1"),
        ("paragraph", "正文。", "note-1"),
        ("paragraph", "没有标题。", "warning-1"),
        ("caption", "展开", "details-1"),
        ("paragraph", "嵌套。", "danger-1"),
    ]


def test_vitepress_toc_code_imports_and_interpolation_are_dropped():
    text = (
        "# 指南 {#guide}\n\n[[toc]]\n\n当前版本是 {{ $frontmatter.version }}。\n\n<<< @/snippets/snippet.js{2}\n\n"
        "::: code-group\n\n```sh [npm]\nnpm add -D vitepress\n```\n\n:::\n"
    )
    layer, dialects = markdown_layer(text)
    assert dialects == ["vitepress"]
    assert [(p.kind, p.text, p.info, p.anchor) for p in layer.pieces] == [
        ("heading", "指南", None, "guide"),
        ("paragraph", "当前版本是 。", None, None),
        ("code", "npm add -D vitepress", "sh", None),
    ]
    assert dict(layer.dropped) == {"toc": 1, "includes": 1, "expressions": 1}


def test_vue_component_lines_are_markup_and_their_title_a_caption():
    text = (
        '<div class="options-api">\n  <VueSchoolLink href="https://x" title="计算属性课程"/>\n</div>\n\n## 基础示例\n'
    )
    found, dialects, _ = pieces(text)
    assert dialects == []  # components alone do not make a page MDX
    assert found == [("caption", "计算属性课程", None), ("heading", "基础示例", None)]
