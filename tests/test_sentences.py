"""Sentences by language: headings as segments, text in the other language kept apart."""

from pipeline.run import segment_file


def test_english_in_a_chinese_document_is_split_as_english_and_kept_apart(tmp_path):
    path = tmp_path / "zh.md"
    path.write_text(
        "# 术语表\n\n## Chart\n\n"
        "Helm 包涵盖了安装所需的信息。Note: this part was never translated. It stays English.\n\n"
        "> Creative Commons is the nonprofit. Our legal tools are free to use.\n\n版本 1.2.3\n\n1.2.3\n",
        encoding="utf-8",
    )
    doc = segment_file(path, "zh")
    assert [(s.kind, s.text) for s in doc.sentences] == [
        ("heading", "术语表"),
        ("sentence", "Helm 包涵盖了安装所需的信息。"),
        ("sentence", "版本 1.2.3"),
    ]
    assert [(s.lang, s.kind, s.text) for s in doc.mismatched] == [
        ("en", "heading", "Chart"),
        ("en", "sentence", "Note: this part was never translated."),
        ("en", "sentence", "It stays English."),
        ("en", "sentence", "Creative Commons is the nonprofit."),
        ("en", "sentence", "Our legal tools are free to use."),
        ("und", "sentence", "1.2.3"),
    ]
    ids = [s.id for s in doc.sentences + doc.mismatched]
    assert len(ids) == len(set(ids))
    # A heading whose text is in another language still heads its section.
    assert [s.title for s in doc.sections if s.heading] == ["术语表", "Chart"]


def test_chinese_in_an_english_document(tmp_path):
    path = tmp_path / "en.md"
    path.write_text("Read the guide.\n\n[中文文档](zh.md)\n\nThe word 你好 means hello.\n", encoding="utf-8")
    doc = segment_file(path, "en")
    assert [s.text for s in doc.sentences] == ["Read the guide.", "The word 你好 means hello."]
    assert [(s.lang, s.text) for s in doc.mismatched] == [("zh", "中文文档")]


def test_a_heading_is_one_segment_even_with_sentence_marks(tmp_path):
    path = tmp_path / "en.md"
    path.write_text("## Why? Because. {#why}\n\nBody one. Body two.\n", encoding="utf-8")
    doc = segment_file(path, "en")
    assert [(s.kind, s.text) for s in doc.sentences] == [
        ("heading", "Why? Because."),
        ("sentence", "Body one."),
        ("sentence", "Body two."),
    ]
    assert doc.sections[0].anchor == "why" and doc.paragraphs[0].kind == "heading"
