"""MkDocs / Python-Markdown: indented admonitions and tabs, snippets, [TOC]."""

from __future__ import annotations

from pipeline.extract.markdown import markdown_layer

PAGE = """# Setup { #setup }

!!! note "Before you start"
    Install Python first.

    Then run the installer.

??? tip
    A collapsible tip.

    !!! warning
        Nested warning.

=== "Linux"

    Run `apt install foo`.

--8<-- "includes/abbreviations.md"

    indented code stays code

[TOC]
"""


def test_admonitions_and_tabs_are_groups_of_prose_not_code():
    layer, dialects = markdown_layer(PAGE)
    assert dialects == ["mkdocs"]
    assert [(p.kind, p.text, p.group) for p in layer.pieces] == [
        ("heading", "Setup", None),
        ("caption", "Before you start", "note-1"),
        ("paragraph", "Install Python first.", "note-1"),
        ("paragraph", "Then run the installer.", "note-1"),
        ("paragraph", "A collapsible tip.", "tip-1"),
        ("paragraph", "Nested warning.", "warning-1"),
        ("caption", "Linux", "tab-1"),
        ("paragraph", "Run apt install foo.", "tab-1"),
        ("code", "indented code stays code", None),
    ]
    assert layer.pieces[0].anchor == "setup"
    assert dict(layer.dropped) == {"includes": 1, "toc": 1}
