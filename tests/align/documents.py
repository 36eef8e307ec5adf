"""Segmented documents built by hand, in the shape segmentation gives (pipeline/types/document.py):
each heading a Sentence(kind="heading") in a Paragraph(kind="heading") opening its section, code
blocks Paragraph(kind="code") without sentences."""

from __future__ import annotations

from pipeline.types import Paragraph, Section, SegmentedDoc, Sentence, Source

# One short technical text in both languages, section by section: (English, Chinese) pairs.
SECTIONS = {
    "install": (
        ("Installation", "安装"),
        [
            ("Install the package with pip before you start.", "开始之前，请用 pip 安装这个软件包。"),
            ("The installer downloads every dependency automatically.", "安装程序会自动下载所有依赖项。"),
            ("It needs Python 3.11 or a later version.", "它需要 Python 3.11 或更高的版本。"),
        ],
    ),
    "config": (
        ("Configuration", "配置"),
        [
            ("Settings are read from a YAML file in the project folder.", "设置从项目文件夹中的 YAML 文件读取。"),
            ("Every key is checked when the file is loaded.", "加载文件时会检查每一个键。"),
            ("An unknown key stops the program with a clear message.", "未知的键会让程序停止，并给出清楚的消息。"),
        ],
    ),
    "usage": (
        ("How to use", "使用"),
        [
            ("Run the command with two files, one in each language.", "用两个文件运行这个命令，每种语言一个。"),
            ("The output folder holds the aligned sentences and a report.", "输出文件夹里有对齐的句子和一份报告。"),
        ],
    ),
    "trouble": (
        ("Troubleshooting", "故障排除"),
        [
            ("If the program is slow, close other applications first.", "如果程序很慢，请先关闭其他应用程序。"),
            ("Memory use grows with the length of the documents.", "内存用量随着文档的长度增长。"),
        ],
    ),
    "faq": (
        ("Questions", "常见问题"),
        [
            ("Questions and answers are collected on the project website.", "问题和答案收集在项目网站上。"),
            ("You can also write to the mailing list.", "你也可以给邮件列表写信。"),
        ],
    ),
}


def make_doc(lang: str, sections: list[tuple[str | None, list]], name: str = "doc") -> SegmentedDoc:
    """A document of (heading text or None, blocks) sections; a block is a list of sentence texts (a
    paragraph) or ("code", text)."""
    source_id = f"{name}-{lang}"
    source = Source(source_id, lang, f"{source_id}.md", "markdown", "", "", "", "", 0, "utf-8")
    out_sections, paragraphs, sentences = [], [], []
    for s, (heading, blocks) in enumerate(sections):
        section_id = f"{source_id}:sec:u{s}"
        out_sections.append(
            Section(section_id, source_id, lang, None, heading, 1, None, s, 0, 0, heading is not None, "none")
        )
        if heading is not None:
            blocks = [("heading", heading)] + list(blocks)
        for b, block in enumerate(blocks):
            paragraph_id = f"{section_id}:p{b}"
            kind = block[0] if isinstance(block, tuple) else "paragraph"
            text = block[1] if isinstance(block, tuple) else " ".join(block)
            paragraphs.append(Paragraph(paragraph_id, source_id, lang, section_id, kind, len(paragraphs), 0, 0, text))
            if kind == "code":
                continue
            for k, sentence in enumerate([text] if kind == "heading" else block):
                sentences.append(
                    Sentence(
                        f"{paragraph_id}:s{k}",
                        source_id,
                        lang,
                        section_id,
                        paragraph_id,
                        len(sentences),
                        0,
                        0,
                        sentence,
                        sentence,
                        [],
                        [],
                        kind="heading" if kind == "heading" else "sentence",
                    )
                )
    return SegmentedDoc(source, "", out_sections, paragraphs, sentences)


def bilingual(keys: list[str], lang: str) -> list[tuple[str | None, list]]:
    """The SECTIONS named by `keys`, in that order, in one language, each as one paragraph."""
    index = 0 if lang == "en" else 1
    return [(SECTIONS[k][0][index], [[pair[index] for pair in SECTIONS[k][1]]]) for k in keys]
