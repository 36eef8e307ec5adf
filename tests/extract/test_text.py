"""Plain text, Markdown and HTML extraction keep exact offsets."""

from pipeline.extract.html import extract_html
from pipeline.extract.text import extract_text
from pipeline.types import IngestedSource, Source


def ingested(text, kind="text"):
    source = Source("s", "en", "s.txt", kind, "", "", "", "0", len(text), "utf-8")
    return IngestedSource(source, text, text.encode())


def test_one_paragraph_per_long_line_and_url_metadata():
    text = "A" * 250 + "\nhttps://example.org/x\n" + "B" * 250 + "\n"
    doc = extract_text(ingested(text))
    assert [b.kind for b in doc.blocks] == ["paragraph", "metadata", "paragraph"]
    for block in doc.blocks:
        assert text[block.start : block.end] == block.text


def test_hard_wrapped_paragraphs_are_joined_with_offsets_kept():
    text = "First line of a\nwrapped paragraph.\n\nSecond paragraph\nalso wrapped.\n"
    doc = extract_text(ingested(text))
    assert [b.text for b in doc.blocks] == ["First line of a wrapped paragraph.", "Second paragraph also wrapped."]
    for block in doc.blocks:
        assert text[block.start : block.end].replace("\n", " ") == block.text


def test_bold_line_is_a_heading_without_its_markers():
    text = "**1.1 Why this agenda? **\nBody text follows here.\n"
    (heading, body) = extract_text(ingested(text)).blocks
    assert heading.kind == "heading" and heading.text == "1.1 Why this agenda?"
    assert text[heading.start : heading.end] == "1.1 Why this agenda?"


def test_html_blocks():
    html = (
        "<html><head><title>x</title><style>p{}</style></head><body><h1>Agenda</h1>"
        "<p>Intro &amp; more.</p><ol><li>What is it? (Section 2.1.1)</li><li>Why?</li></ol></body></html>"
    )
    doc = extract_html(ingested(html, "html"))
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("heading", "Agenda"),
        ("paragraph", "Intro & more."),
        ("list_item", "1. What is it? (Section 2.1.1)"),
        ("list_item", "2. Why?"),
    ]
    for block in doc.blocks:
        assert doc.text[block.start : block.end] == block.text
