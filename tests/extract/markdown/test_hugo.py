"""Hugo: shortcodes and English originals kept in comments (a real Kubernetes page)."""

from __future__ import annotations

from conftest import FIXTURES

from pipeline.extract.markdown import markdown_layer
from pipeline.run import segment_file

K8S = FIXTURES / "markdown" / "k8s-init-containers.zh.md"


def test_kubernetes_page_keeps_only_the_chinese_text():
    doc = segment_file(K8S, "zh")
    assert doc.doc_metadata == {"title": "Init 容器", "content_type": "concept", "weight": 40, "dialects": ["hugo"]}
    assert doc.dropped == {"comments": 7, "shortcodes": 1}
    assert doc.sentences[0].text == "本页提供了 Init 容器的概览。"
    assert doc.sentences[1].text == "Init 容器是一种特殊容器，在 Pod 内的应用容器启动之前运行。"
    # The English originals in comments are never sentences, nor in another language's list.
    assert not doc.mismatched
    assert not any(english in s.text for s in doc.sentences for english in ("This page", "Init containers are"))
    headings = [(s.number, s.title, s.anchor) for s in doc.sections if s.heading]
    assert headings == [
        (None, "理解 Init 容器", None),
        (None, "示例", "examples"),
        (None, "具体行为", "detailed-behavior"),
    ]
    kinds = [(p.kind, p.text) for p in doc.paragraphs if p.section_id.endswith("u2")]
    assert kinds == [
        ("heading", "示例"),
        ("paragraph", "下面是一些如何使用 Init 容器的想法："),
        ("list_item", "等待一个 Service 完成创建，通过类似如下 shell 命令："),
        ("code", "for i in {1..100}; do sleep 1; if dig myservice; then exit 0; fi; done; exit 1"),
        ("list_item", "克隆 Git 仓库到卷中。"),
    ]


def test_shortcodes_inline_paired_code_and_escaped():
    text = (
        '在 {{< glossary_tooltip text="容器" term_id="container" >}} 中运行 '
        '{{< glossary_tooltip term_id="pod" >}}。\n\n'
        "{{< note >}}\n这是一个提示。\n{{< /note >}}\n\n"
        '{{< highlight go "linenos=table" >}}\nfunc main() {}\n{{< /highlight >}}\n\n'
        '{{< codenew file="pods/init-containers.yaml" >}}\n\n{{% alert title="注意" %}}\n小心。\n{{% /alert %}}\n\n'
        "写作 `{{< note >}}` 或 {{</* note */>}}。\n"
    )
    layer, dialects = markdown_layer(text)
    assert dialects == ["hugo"]
    assert [(p.kind, p.text, p.group, p.info) for p in layer.pieces] == [
        ("paragraph", "在 容器 中运行 。", None, None),
        ("paragraph", "这是一个提示。", "note-1", None),
        ("code", "func main() {}", None, "go"),
        ("caption", "注意", "alert-1", None),
        ("paragraph", "小心。", "alert-1", None),
        ("paragraph", "写作 {{< note >}} 或 。", None, None),
    ]
    assert dict(layer.dropped) == {"shortcodes": 3}
