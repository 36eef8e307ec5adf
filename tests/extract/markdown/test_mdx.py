"""MDX: imports, components wrapping prose, captions from props, `{/* */}` anchors and comments."""

from __future__ import annotations

from conftest import FIXTURES

from pipeline.extract.markdown import markdown_layer

REACT = FIXTURES / "markdown"


def pieces(text: str):
    layer, dialects = markdown_layer(text)
    return [(p.kind, p.text, p.group) for p in layer.pieces], dialects, dict(layer.dropped)


def test_react_page_components_code_and_captions():
    # react.dev "State as a Snapshot" (CC BY 4.0), first 100 lines of the Chinese page.
    text = (REACT / "react-state-snapshot.zh.md").read_text(encoding="utf-8")
    layer, dialects = markdown_layer(text.split("---\n", 2)[2])
    assert dialects == ["mdx"]
    found = [(p.kind, p.text[:18], p.group, p.anchor) for p in layer.pieces]
    assert found[:7] == [
        ("paragraph", "也许 state 变量看起来和一般的", "intro-1", None),
        ("list_item", "设置 state 如何导致重新渲染", "youwilllearn-1", None),
        ("list_item", "state 在何时以何种方式更新", "youwilllearn-1", None),
        ("list_item", "为什么 state 不在设置后立即更", "youwilllearn-1", None),
        ("list_item", "事件处理函数如何获取 state 的", "youwilllearn-1", None),
        ("heading", "设置 state 会触发渲染", None, "setting-state-triggers-renders"),
        ("paragraph", "你可能会认为你的用户界面会直接对点击", None, None),
    ]
    code = [p for p in layer.pieces if p.kind == "code"]
    assert [(p.info, p.group) for p in code] == [("js", "sandpack-1"), ("css", "sandpack-1")]
    assert "<h1>Your message is on its way!</h1>" in code[0].text
    captions = [p.text for p in layer.pieces if p.kind == "caption"]
    assert captions == [
        "重新渲染",
        "React 执行函数",
        "计算快照",
        "更新 DOM 树",
        "React 收到 setUpdate 通知",
        "React 更新 state 的值",
        "React 向组件内传入一张 state 的快照",
    ]
    assert not any(ch in p.text for p in layer.pieces if p.kind != "code" for ch in "<>{}")


def test_imports_exports_and_self_closing_components_are_dropped_and_counted():
    text = (
        "import Tabs from '@theme/Tabs';\nimport {\n  TabItem,\n} from '@theme/TabItem';\n\n"
        "export const meta = {\n  a: 1,\n};\n\n"
        "Intro text.\n\n<DocCardList />\n\n{/* a comment */}\n\nEnd.\n"
    )
    found, dialects, dropped = pieces(text)
    assert dialects == ["mdx"]
    assert found == [("paragraph", "Intro text.", None), ("paragraph", "End.", None)]
    assert dropped == {"mdx_esm": 2, "components": 1, "comments": 1}  # ESM blocks run to a blank line


def test_component_wrapping_prose_without_blank_lines():
    found, _, _ = pieces(
        "{/* x */}\n<Note>\nSome **prose** inside\na component.\n</Note>\n\n<Pitfall>One line.</Pitfall>\n"
    )
    assert found == [("paragraph", "Some prose inside a component.", "note-1"), ("paragraph", "One line.", None)]


def test_tabs_labels_are_captions_and_expressions_are_not_text():
    text = (
        'import Tabs from \'@theme/Tabs\';\n\n<Tabs>\n  <TabItem value="npm" label="Using npm">\n\n'
        "Run the installer{' '}\nnow.\n\n  </TabItem>\n</Tabs>\n"
    )
    found, _, _ = pieces(text)
    assert found == [("caption", "Using npm", "tabitem-1"), ("paragraph", "Run the installer now.", "tabitem-1")]


def test_a_plain_page_with_import_in_code_is_not_mdx():
    _, dialects, _ = pieces("Text.\n\n```js\nimport x from 'y';\nexport default x;\n```\n")
    assert dialects == []
