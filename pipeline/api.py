"""The library API: every command of the `pipeline` CLI is one call here.

    from pipeline import api
    result = api.run(zh="raw/zh/report.txt", en="raw/en/report.pdf", out="out")
    doc = api.segment("paper.pdf", lang="en")
    tree = api.headings("paper.pdf", against_outline=True)
    beads = api.align_presplit("zh.txt", "en.txt")
    changes = api.diff("old.md", "new.md")
    problems = api.validate("out/report")
    scores = api.eval_align("gold.txt", "predicted.txt")
    files = api.init("my-project")
    corpus = api.corpus_run(zh_dir="site/zh", en_dir="site/en", out="out/site", workers=2)
    changes = api.corpus_diff("out/site-v1", "out/site")

Functions take paths and plain values, return typed results (defined in `pipeline.types`;
scores where they are computed: `heading_score.HeadingReport`, `align.evaluate.Scores`), and
raise `pipeline.errors.PipelineError` for bad input. Nothing here prints: a run's notices and
warnings go to `log=` when given, else to the `pipeline` logger, which is silent until the
application configures logging (`pipeline.log`). Progress bars are off unless the
application turns them on (`pipeline.progress.enable()`, as the CLI does).
"""

from __future__ import annotations

import os
from pathlib import Path

from pipeline.config_path import DEFAULT_CONFIG, config_for, describe_config, find_config  # noqa: F401  (public)
from pipeline.errors import PipelineError
from pipeline.ids import slug  # noqa: F401  (public: the id a file name gives)


def load(config: str | Path | None = None, profile: str | None = None):
    """A project's Config: the file given, else the project around the working directory."""
    from pipeline.config import load_config

    path = Path(config) if config else find_config()
    if path is None:
        raise PipelineError(
            str(DEFAULT_CONFIG),
            "no config/pipeline.yaml here or in a parent folder; "
            "give --config, or run `pipeline init DIR` to make a project",
        )
    return load_config(path, profile=profile)


def _maybe_load(config: str | Path | None, *files: str | Path):
    path = config_for(config, *files)
    return load(path) if path else None


def init(directory: str | Path, profile: str = "generic") -> list[Path]:
    """A small project in `directory` that runs as it is (config with comments, raw/zh, raw/en): the files made.

    Refuses a folder that already holds a project.
    """
    from pipeline.project import init_project

    return init_project(Path(directory), profile=profile)


def run(
    config: str | Path | None = None,
    out: str | Path | None = None,
    translate: bool = True,
    allow_outside: bool = False,
    profile: str | None = None,
    zh: str | Path | None = None,
    en: str | Path | None = None,
    log=None,
    csv_bom: bool | None = None,
):
    """The whole pipeline. With `zh` and `en`, on that pair alone (no YAML needed).

    `csv_bom` overrides the config's emit.csv_bom when given.
    """
    from pipeline.log import note
    from pipeline.run import run_pipeline

    if zh or en:
        if not (zh and en):
            raise PipelineError(str(zh or en), "give both --zh and --en")
        cfg = pair_config(Path(zh), Path(en), profile)
        out = out or Path.cwd() / "processed"
        allow_outside = True  # the user named these files
    else:
        cfg = load(config, profile)
    if csv_bom is not None:
        emit = cfg.settings.emit.model_copy(update={"csv_bom": csv_bom})
        cfg.settings = cfg.settings.model_copy(update={"emit": emit})
    return run_pipeline(
        cfg, out_root=Path(out) if out else None, log=log or note, translate=translate, allow_outside=allow_outside
    )


def pair_config(zh: Path, en: Path, profile: str | None = None):
    """A Config for one document pair: package defaults, the generic profile unless one is named."""
    from pipeline.config import PACKAGE_ROOT, Config, load_profile, user_cache_dir
    from pipeline.files import open_regular
    from pipeline.ids import fit
    from pipeline.settings import (
        AlignSettings,
        PipelineSettings,
        SegmentSettings,
        TranslateSettings,
        ZhSegmentSettings,
    )
    from pipeline.types import SourceSpec

    for path in (zh, en):
        os.close(open_regular(path)[0])  # a FIFO or a device is named as such, before any work
    shipped_dict = PACKAGE_ROOT / "config" / "zh_userdict.txt"
    shipped_glossary = PACKAGE_ROOT / "config" / "glossary" / "general-ml.yaml"
    settings = PipelineSettings(
        segment=SegmentSettings(
            zh=ZhSegmentSettings(user_dictionary=str(shipped_dict) if shipped_dict.is_file() else None)
        ),
        align=AlignSettings(glossary=[str(shipped_glossary)] if shipped_glossary.is_file() else []),
        translate=TranslateSettings(cache_dir=str(user_cache_dir() / "translations")),
    )
    prof, prof_path = load_profile(PACKAGE_ROOT, profile or "generic")  # a shipped profile, or a path
    document_id = slug(en.stem if en.stem else zh.stem)
    sources = [
        SourceSpec(id=fit(f"{slug(zh.stem)}-zh"), lang="zh", path=str(zh.resolve()), allow_outside=True),
        SourceSpec(id=fit(f"{slug(en.stem)}-en"), lang="en", path=str(en.resolve()), allow_outside=True),
    ]
    files = [prof_path.resolve(), *(p for p in (shipped_dict, shipped_glossary) if p.is_file())]
    return Config(
        # The package root: nothing of a run outside a project depends on the working directory
        # (the config hash names files relative to it, the sources are recorded absolute).
        root=PACKAGE_ROOT,
        settings=settings,
        profile=prof,
        document_id=document_id,
        document={"id": document_id, "title": en.stem},
        sources=sources,
        pairs=[{"zh": sources[0].id, "en": [sources[1].id]}],
        files=files,
        standalone=True,
    )


def segment(path: str | Path, lang: str | None = None, config: str | Path | None = None):
    """One file through ingest, extract and segment: a SegmentedDoc. The language is detected when not given."""
    from pipeline.run import segment_file

    return segment_file(Path(path), lang, _maybe_load(config, path))


def headings(
    path: str | Path, lang: str | None = None, config: str | Path | None = None, against_outline: bool = False
):
    """The detected heading tree of a file, and with `against_outline` its score against the PDF's bookmarks.

    Returns a HeadingReport; a file without an outline raises PipelineError when the score is asked for.
    """
    from pipeline.heading_score import HeadingReport, heading_tree, score_against_outline

    doc = segment(path, lang, config)
    if not against_outline:
        return HeadingReport(heading_tree(doc.sections))
    if not doc.outline:
        raise PipelineError(str(path), "the PDF has no outline (bookmarks) to compare with")
    return HeadingReport(heading_tree(doc.sections), score_against_outline(doc.sections, doc.outline))


def align(zh: str | Path, en: str | Path, config: str | Path | None = None):
    """Two source files segmented and aligned: (zh doc, en doc, DocumentAlignment)."""
    from pipeline.align import Aligner
    from pipeline.align.hierarchical import align_documents
    from pipeline.run import segment_file

    cfg = _maybe_load(config, zh, en)
    # segment_file checks each given language against the file's script.
    zh_doc = segment_file(Path(zh), "zh", cfg)
    en_doc = segment_file(Path(en), "en", cfg)
    aligner = Aligner.from_config(cfg) if cfg is not None else Aligner()
    return zh_doc, en_doc, align_documents(zh_doc, en_doc, aligner)


def align_presplit(
    src: str | Path,
    tgt: str | Path,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    config: str | Path | None = None,
):
    """Two files of one sentence per line: beads as (src line numbers, tgt line numbers).

    Needs no word segmenter and no spaCy: the aligner finds dictionary words
    itself, anchors come from the language's patterns.
    """
    from pipeline.align import Aligner
    from pipeline.align.features import Segment
    from pipeline.citations import find_anchors
    from pipeline.ingest import read_source_file
    from pipeline.lang.anchor_patterns import BY_LANGUAGE
    from pipeline.lang.detect import NAMES, check_language

    cfg = _maybe_load(config, src, tgt)
    texts = {}  # language -> text, each file read once and its language checked against its script
    for path, given in ((src, src_lang), (tgt, tgt_lang)):
        max_bytes = cfg.settings.ingest.max_bytes if cfg is not None else None
        text = read_source_file(Path(path), lang=given or "und", max_bytes=max_bytes).text or ""
        lang = check_language(str(path), text, given)
        if lang in texts:
            raise PipelineError(str(tgt), f"both files are {NAMES[lang]}; give one Chinese and one English file")
        texts[lang] = text
    src_lang = next(iter(texts))
    sides = {}
    for lang, text in texts.items():
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        sides[lang] = [
            Segment(str(k), line, frozenset(a.key for a in find_anchors(line, BY_LANGUAGE[lang])))
            for k, line in enumerate(lines)
        ]
    aligner = Aligner.from_config(cfg) if cfg is not None else Aligner()
    beads = aligner.align(sides["zh"], sides["en"])
    return [(b.zh, b.en) if src_lang == "zh" else (b.en, b.zh) for b in beads]


def eval_align(
    gold: str | Path, predicted: str | Path, src_verse: str | Path | None = None, tgt_verse: str | Path | None = None
):
    """Strict and lax precision, recall and F1 of predicted beads against gold ones: a Scores (`.table()`).

    Both files hold one `[src]:[tgt]` bead per line. With the verse label of each source and
    target sentence (one per line), predicted beads inside one verse pair are merged first, as
    gold aligned at verse level needs.
    """
    from pipeline.align.evaluate import merge_within_verses, read_alignment, read_lines, score

    if bool(src_verse) != bool(tgt_verse):
        raise PipelineError(None, "give both --src-verse and --tgt-verse, or neither")
    gold_beads = read_alignment(gold)
    beads = read_alignment(predicted)
    if src_verse and tgt_verse:
        beads = merge_within_verses(beads, read_lines(src_verse), read_lines(tgt_verse))
    return score(gold_beads, beads)


def diff(old: str | Path, new: str | Path, lang: str | None = None, config: str | Path | None = None):
    """What changed between two outputs or two source files: a DiffResult."""
    from pipeline.diff import diff_records, load_side

    files = [p for p in (old, new) if not Path(p).is_dir()]  # source files: their project's config
    cfg = _maybe_load(config, *files) if files else None
    return diff_records(load_side(str(old), lang, cfg), load_side(str(new), lang, cfg), str(old), str(new))


def export(
    directory: str | Path,
    fmt: str,
    output: str | Path | None = None,
    min_score: float | None = None,
    bom: bool = True,
    force: bool = False,
) -> tuple[Path, int]:
    """TMX, XLIFF 2.0 or CSV pairs from an existing output folder: (file written, number of pairs).

    An existing `output` is replaced only with `force`.
    """
    from pipeline.emit.export import export as write_export

    return write_export(Path(directory), fmt, Path(output) if output else None, min_score, bom, force)


def validate(directory: str | Path) -> list[str]:
    """Problems of an output directory (schemas, links, digests); empty when valid."""
    from pipeline.validate import validate_directory

    return validate_directory(Path(directory))


def corpus_run(
    out: str | Path,
    zh_dir: str | Path | None = None,
    en_dir: str | Path | None = None,
    pairs: str | Path | None = None,
    include: list[str] | None = None,
    exclude: list[str] | None = None,
    config: str | Path | None = None,
    profile: str | None = None,
    translate: bool = True,
    engine: str = "local",
    workers: int | None = None,
    log=None,
):
    """Every page pair of a corpus (paired by path, or by a `zh,en` CSV) into OUT, incrementally: a CorpusResult.

    `engine`: "local" (worker processes, `workers` of them, default one per CPU), "ray" (Ray
    tasks, on RAY_ADDRESS or a local Ray) or "inline" (this process). Failed pairs are listed
    in the result, not raised; bad corpus input raises PipelineError.
    """
    from pipeline.corpus.runner import corpus_run as run_corpus

    return run_corpus(
        Path(out),
        Path(zh_dir) if zh_dir else None,
        Path(en_dir) if en_dir else None,
        Path(pairs) if pairs else None,
        include,
        exclude,
        config,
        profile,
        translate,
        engine,
        workers,
        **({"log": log} if log else {}),
    )


def corpus_diff(old: str | Path, new: str | Path):
    """Pages added, removed and changed between two corpus outputs, with each changed page's diff: a CorpusDiff."""
    from pipeline.corpus.diff import corpus_diff as diff_corpora

    return diff_corpora(Path(old), Path(new))


def models_list(packages_dir: str | Path | None = None, config: str | Path | None = None) -> list:
    """Installed translation models (translate.ModelInfo), sorted by direction."""
    from pipeline.translate import installed_packages, model_info

    return sorted(
        (model_info(p) for p in installed_packages(_packages_dir(packages_dir, config))),
        key=lambda m: (m.from_code, m.to_code),
    )


def models_install(file: str | Path, packages_dir: str | Path | None = None, config: str | Path | None = None):
    """Install an .argosmodel file offline; its ModelInfo."""
    from pipeline.translate import install_package

    return install_package(Path(file), _packages_dir(packages_dir, config))


def _packages_dir(packages_dir, config):
    if packages_dir is not None:
        return packages_dir
    cfg = _maybe_load(config)
    if cfg is not None and cfg.settings.translate.packages_dir:
        return cfg.root / cfg.settings.translate.packages_dir
    return None
