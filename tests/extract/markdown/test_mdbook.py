"""mdBook (a real chapter of the Chinese Rust book): includes, quoted notes, figures left in English."""

from __future__ import annotations

from conftest import FIXTURES

from pipeline.extract.markdown import markdown_layer
from pipeline.run import segment_file

CHAPTER = FIXTURES / "markdown" / "trpl-what-is-ownership.zh.md"


def test_includes_are_dropped_outside_code_and_kept_inside():
    layer, dialects = markdown_layer(
        "{{#include ../listings/out.txt}}\n\n```rust\n{{#rustdoc_include ../src/main.rs}}\n```\n"
    )
    assert dialects == ["mdbook"]
    assert [(p.kind, p.text) for p in layer.pieces] == [("code", "{{#rustdoc_include ../src/main.rs}}")]
    assert dict(layer.dropped) == {"includes": 1}


def test_rust_book_chapter_english_left_in_the_translation_is_kept_apart():
    doc = segment_file(CHAPTER, "zh")
    assert [s.text for s in doc.mismatched] == [
        "ch04-01-what-is-ownership.md commit cc053d91f41793e54d5321abe027b0c163d735b8",
        "Listing 4-1: A variable and the scope in which it is valid",
        'Figure 4-3: Representation in memory of a String holding the value "hello" bound to s1',
        "Filename: src/main.rs",
    ]
    assert {s.lang for s in doc.mismatched} == {"en"}
    assert [(p.kind, p.text) for p in doc.paragraphs if p.kind in ("caption", "code")][:2] == [
        ("code", doc.paragraphs[[p.kind for p in doc.paragraphs].index("code")].text),
        ("caption", "Listing 4-1: A variable and the scope in which it is valid"),
    ]
    assert [s.title for s in doc.sections if s.heading] == ["什么是所有权", "栈（Stack）与堆（Heap）", "所有权规则"]
    assert doc.dropped == {"comments": 2, "includes": 1}
