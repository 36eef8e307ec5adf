"""MyST (Sphinx): directives, roles, targets and comments."""

from __future__ import annotations

from pipeline.extract.markdown import markdown_layer

PAGE = """(install-label)=
# Installation

```{note}
This is a note with a {ref}`cross reference <install-label>`.
```

```{admonition} Custom title
:class: tip

Admonition body text.
```

```{code-block} python
:linenos:
print("hi")
```

```{toctree}
:maxdepth: 2

intro
```

% a comment line

:::{warning}
Colon fence content.
:::

```{figure} img/a.png
:alt: an image

The figure caption.
```

````{tip}
```{code-block} sh
make
```
````
"""


def test_directives_roles_targets_and_comments():
    layer, dialects = markdown_layer(PAGE)
    assert dialects == ["myst"]
    assert [(p.kind, p.text, p.group, p.anchor, p.info) for p in layer.pieces] == [
        ("heading", "Installation", None, "install-label", None),
        ("paragraph", "This is a note with a cross reference.", "note-1", None, None),
        ("caption", "Custom title", "admonition-1", None, None),
        ("paragraph", "Admonition body text.", "admonition-1", None, None),
        ("code", 'print("hi")', None, None, "python"),
        ("paragraph", "Colon fence content.", "warning-1", None, None),
        ("paragraph", "The figure caption.", "figure-1", None, None),
        ("code", "make", "tip-1", None, "sh"),
    ]
    assert dict(layer.dropped) == {"comments": 1, "directives": 1}


def test_sphinx_cross_reference_links_keep_their_text():
    # MMEngine's design docs (Apache-2.0) link API names this way.
    layer, _ = markdown_layer("- [draw_bboxes](mmengine.visualization.Visualizer.draw_bboxes) 绘制单个或多个边界框\n")
    assert [(p.kind, p.text) for p in layer.pieces] == [("list_item", "draw_bboxes 绘制单个或多个边界框")]
