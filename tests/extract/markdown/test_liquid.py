"""Liquid / Nunjucks tags (Jekyll, Hexo, Eleventy)."""

from __future__ import annotations

from pipeline.extract.markdown import markdown_layer

PAGE = """---
layout: post
title: 安装指南
---

{% include toc.html %}

欢迎阅读 {{ site.title }} 的文档。

{% note info %}
这是一个 Hexo 提示框。
{% endnote %}

{% highlight ruby %}
def foo
  puts 'foo'
end
{% endhighlight %}

{% comment %}
An English note to translators.
{% endcomment %}

{% raw %}
用 {{ 变量 }} 写模板。
{% endraw %}

Hugo 的 {{< note >}} 不是 Liquid。
"""


def test_liquid_tags_code_containers_and_variables():
    layer, dialects = markdown_layer(PAGE.split("---\n", 2)[2])
    assert dialects == ["hugo", "liquid"]
    assert [(p.kind, p.text, p.group, p.info) for p in layer.pieces] == [
        ("paragraph", "欢迎阅读 的文档。", None, None),
        ("paragraph", "这是一个 Hexo 提示框。", "note-1", None),
        ("code", "def foo\n  puts 'foo'\nend", None, "ruby"),
        ("paragraph", "用 {{ 变量 }} 写模板。", None, None),
        ("paragraph", "Hugo 的 不是 Liquid。", None, None),
    ]
    assert dict(layer.dropped) == {"template_tags": 1, "expressions": 1, "comments": 1, "shortcodes": 1}
