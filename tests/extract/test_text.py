"""Plain text: manuals, READMEs and one-paragraph-a-line files read as documents."""

from pipeline.extract.text import extract_text
from pipeline.types import IngestedSource, Source


def ingested(text, kind="text", lang="en"):
    source = Source("s", lang, "s.txt", kind, "", "", "", "0", len(text), "utf-8")
    return IngestedSource(source, text, text.encode())


def kinds_and_texts(text, lang="en"):
    return [(b.kind, b.text) for b in extract_text(ingested(text, lang=lang)).blocks]


def test_one_paragraph_per_long_line_and_url_metadata():
    text = "A" * 250 + "\nhttps://example.org/x\n" + "B" * 250 + "\n"
    doc = extract_text(ingested(text))
    assert [b.kind for b in doc.blocks] == ["paragraph", "metadata", "paragraph"]
    # Nothing needed joining: the text layer is the file and offsets point into it.
    assert doc.text == text
    for block in doc.blocks:
        assert text[block.start : block.end] == block.text


def test_hard_wrapped_english_paragraphs_are_joined_with_offsets_into_the_layer():
    text = "First line of a\nwrapped paragraph.\n\nSecond paragraph\nalso wrapped.\n"
    doc = extract_text(ingested(text))
    assert [b.text for b in doc.blocks] == ["First line of a wrapped paragraph.", "Second paragraph also wrapped."]
    for block in doc.blocks:
        assert doc.text[block.start : block.end] == block.text
    assert [b.line for b in doc.blocks] == [1, 4]


def test_hard_wrapped_chinese_joins_without_spaces():
    text = (
        "本页提供了 Init 容器的概览。Init 容器是一种特殊容器，在 Pod\n"
        "内的应用容器启动之前运行。Init 容器可以包括一些应用镜像中\n"
        "不存在的实用工具和安装脚本。\n"
    )
    assert kinds_and_texts(text, "zh") == [
        (
            "paragraph",
            "本页提供了 Init 容器的概览。Init 容器是一种特殊容器，在 Pod 内的应用容器启动之前运行。"
            "Init 容器可以包括一些应用镜像中不存在的实用工具和安装脚本。",
        )
    ]


def test_titles_and_sentences_a_line_each_are_not_joined():
    text = (
        "这项议程确定了确保大型语言模型安全的四个基础挑战。这些挑战分为三个类别。\n"
        "1 引言\n我们为每个挑战提出了具体的研究问题。\n"
    )
    assert [t for _, t in kinds_and_texts(text, "zh")] == [
        "这项议程确定了确保大型语言模型安全的四个基础挑战。这些挑战分为三个类别。",
        "1 引言",
        "我们为每个挑战提出了具体的研究问题。",
    ]


def test_first_line_indents_start_paragraphs():
    text = (
        "　　第一段的文字写得很长很长很长很长很长很长很长很长，一直写\n到第二行。\n"
        "　　第二段从这里开始，同样写得很长很长很长很长很长\n到第二行。\n"
    )
    assert [t for _, t in kinds_and_texts(text, "zh")] == [
        "第一段的文字写得很长很长很长很长很长很长很长很长，一直写到第二行。",
        "第二段从这里开始，同样写得很长很长很长很长很长到第二行。",
    ]


def test_underlined_upper_case_and_bold_headings():
    text = (
        "Installation Guide\n==================\n\nRead this first, it is short.\n\n"
        "Requirements\n------------\n\nPython 3.11.\n\nNOTES\nShort.\n\n"
        "**1.1 Why this agenda? **\nBody text follows here.\n"
    )
    doc = extract_text(ingested(text))
    assert [(b.kind, b.text, b.level) for b in doc.blocks] == [
        ("heading", "Installation Guide", 1),
        ("paragraph", "Read this first, it is short.", None),
        ("heading", "Requirements", 2),
        ("paragraph", "Python 3.11.", None),
        ("heading", "NOTES", None),
        ("paragraph", "Short.", None),
        ("heading", "1.1 Why this agenda?", None),
        ("paragraph", "Body text follows here.", None),
    ]
    heading = doc.blocks[-2]
    assert doc.text[heading.start : heading.end] == "1.1 Why this agenda?"


def test_manual_with_indented_body_reads_its_indentation_as_text_not_code():
    text = (
        "NAME\n       ls - list directory contents\n\n"
        "DESCRIPTION\n       List information about the FILEs\n       (the current directory by default).\n"
    )
    assert kinds_and_texts(text) == [
        ("heading", "NAME"),
        ("paragraph", "ls - list directory contents"),
        ("heading", "DESCRIPTION"),
        ("paragraph", "List information about the FILEs (the current directory by default)."),
    ]


def test_code_fenced_and_indented_past_the_text():
    text = "Run it:\n\n```sh\nmake run\n```\n\nOr:\n\n    ./configure\n    make\n\nDone.\n"
    doc = extract_text(ingested(text))
    assert [(b.kind, b.text, b.info) for b in doc.blocks] == [
        ("paragraph", "Run it:", None),
        ("code", "make run", "sh"),
        ("paragraph", "Or:", None),
        ("code", "./configure\nmake", None),
        ("paragraph", "Done.", None),
    ]


def test_list_items_with_continuation_lines():
    text = "Steps:\n\n- install the package and\n  its dependencies\n- run it\n\n1. one\n2. two\n"
    doc = extract_text(ingested(text))
    assert [(b.kind, b.text, b.marker) for b in doc.blocks] == [
        ("paragraph", "Steps:", None),
        ("list_item", "install the package and its dependencies", None),
        ("list_item", "run it", None),
        ("list_item", "one", "1"),
        ("list_item", "two", "2"),
    ]


def test_link_and_tag_notations_are_text():
    assert kinds_and_texts("See <https://example.org/a> and [1] for <b>details</b>.\n") == [
        ("paragraph", "See <https://example.org/a> and [1] for <b>details</b>.")
    ]
