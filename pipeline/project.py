"""`pipeline init DIR`: a small project that runs as it is, for a user's own document pair."""

from __future__ import annotations

import shutil
from pathlib import Path

from pipeline.config import PACKAGE_ROOT
from pipeline.errors import PipelineError
from pipeline.ids import slug

PIPELINE_YAML = """\
# Pipeline settings of this project. Paths are relative to the project root: the folder that
# holds this config/ folder, found the same way from any working directory.
# Every setting and its default: pipeline/settings.py; an unknown key or a wrong type stops the
# run with the file, line and key.
sources: config/sources.yaml
output_dir: processed
log_dir: logs
# What the pipeline knows about the document: `generic` gives sections, paragraphs, sentences,
# alignment, TMX and the report, without agenda records. See config/profiles/ in the pipeline.
profile: {profile}

segment:
  zh:
    user_dictionary: config/zh_userdict.txt   # jieba words, one per line

align:
  glossary: [config/glossary.yaml]            # Chinese -> English terms for the aligner

translate:
  backend: none                               # argos, once packages are installed (pipeline models)
"""

SOURCES_YAML = """\
# The document and its sources. Paths are relative to the project root; a path may be a
# glob such as raw/en/report-v*.pdf (the highest version wins).
document:
  id: {document_id}            # lower-case letters, digits, '.', '_' and '-'
  title: My document

sources:
  - id: zh
    lang: zh
    path: raw/zh/example.txt     # .txt, .md, .html or .pdf
    version: v1
  - id: en
    lang: en
    path: raw/en/example.txt
    version: v1

pairs:
  - zh: zh
    en: [en]
"""

EXAMPLE_ZH = "示例文档\n\n这是一个示例段落。请用你自己的中文文件替换它。\n\n第二段说明如何运行流水线。\n"
EXAMPLE_EN = (
    "Example document\n\nThis is an example paragraph. Replace it with your own English file.\n\n"
    "The second paragraph explains how to run the pipeline.\n"
)


def init_project(directory: Path, profile: str = "generic") -> list[Path]:
    """Write the project's files; refuses a folder that already holds a config."""
    if (directory / "config" / "pipeline.yaml").exists():
        raise PipelineError(str(directory / "config" / "pipeline.yaml"), "already exists; choose a new folder")
    if directory.exists() and not directory.is_dir():
        raise PipelineError(str(directory), "is a file; give a folder for the new project")
    files = {
        directory / "config" / "pipeline.yaml": PIPELINE_YAML.format(profile=profile),
        directory / "config" / "sources.yaml": SOURCES_YAML.format(document_id=slug(directory.resolve().name)),
        directory / "raw" / "zh" / "example.txt": EXAMPLE_ZH,
        directory / "raw" / "en" / "example.txt": EXAMPLE_EN,
    }
    written = []
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    for source, target in (
        (PACKAGE_ROOT / "config" / "zh_userdict.txt", directory / "config" / "zh_userdict.txt"),
        (PACKAGE_ROOT / "config" / "glossary" / "general-ml.yaml", directory / "config" / "glossary.yaml"),
    ):
        if source.is_file():
            shutil.copyfile(source, target)
        else:
            target.write_text("", encoding="utf-8")
        written.append(target)
    return written
