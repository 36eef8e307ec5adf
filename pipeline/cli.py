"""`pipeline` command line: one sub-command per library entry point."""

from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path

from pipeline import __version__
from pipeline.errors import PipelineError

EXIT_ERROR = 2


def _load_config_if_present(path: str | None):
    from pipeline.config import DEFAULT_CONFIG, load_config

    if path:
        return load_config(path)
    return load_config(DEFAULT_CONFIG) if DEFAULT_CONFIG.is_file() else None


def cmd_run(args: argparse.Namespace) -> int:
    from pipeline.config import DEFAULT_CONFIG, load_config
    from pipeline.run import run_pipeline

    config = load_config(args.config or DEFAULT_CONFIG)
    result = run_pipeline(config, out_root=Path(args.out) if args.out else None, translate=not args.no_translate,
                          allow_outside=args.allow_outside)
    counts = result.manifest["counts"]["segment"]
    for source_id, c in counts.items():
        print(f"{source_id}: {c['sections']} sections, {c['paragraphs']} paragraphs, {c['sentences']} sentences",
              file=sys.stderr)
    print(f"wrote {result.out_dir}", file=sys.stderr)
    return 0


def cmd_segment(args: argparse.Namespace) -> int:
    from pipeline.emit import dumps_line, segment_stream
    from pipeline.run import segment_file

    doc = segment_file(Path(args.file), args.lang, _load_config_if_present(args.config))
    for warning in doc.warnings:
        print(f"pipeline: warning: {warning}", file=sys.stderr)
    out = sys.stdout
    for record in segment_stream(doc):
        out.write(dumps_line(record) + "\n")
    return 0


def cmd_headings(args: argparse.Namespace) -> int:
    from pipeline.headings import heading_tree, score_against_outline
    from pipeline.run import segment_file

    doc = segment_file(Path(args.file), args.lang, _load_config_if_present(args.config))
    for line in heading_tree(doc.sections):
        print(line)
    if args.against_outline:
        if not doc.outline:
            print(f"pipeline: error: {args.file}: the PDF has no outline (bookmarks) to compare with", file=sys.stderr)
            return EXIT_ERROR
        score = score_against_outline(doc.sections, doc.outline)
        print(f"\nagainst the PDF outline: precision {score.precision:.3f}  recall {score.recall:.3f}  "
              f"F1 {score.f1:.3f}  ({score.matched} matched of {score.predicted} detected, {score.true} in outline)")
        for title in score.missing:
            print(f"  missing: {title}")
        for title in score.extra:
            print(f"  extra:   {title}")
    return 0


def _aligner(config):
    from pipeline.align import Aligner

    if config is None:
        return Aligner()
    return Aligner.from_config(config)


def cmd_align(args: argparse.Namespace) -> int:
    config = _load_config_if_present(args.config)
    if args.presplit:
        return _align_presplit(args, config)
    from pipeline.align.hierarchical import align_documents
    from pipeline.run import segment_file

    zh_doc = segment_file(Path(args.zh), "zh", config)
    en_doc = segment_file(Path(args.en), "en", config)
    result = align_documents(zh_doc, en_doc, _aligner(config))
    text = {s.id: s.text for doc in (zh_doc, en_doc) for s in doc.sentences}
    for record in result.by_level("sentence"):
        zh = " ".join(text[i] for i in record.zh)
        en = " ".join(text[i] for i in record.en)
        if args.format == "jsonl":
            from pipeline.emit import dumps_line

            print(dumps_line({"bead": record.bead, "score": record.score, "zh": zh, "en": en,
                              "zh_ids": record.zh, "en_ids": record.en}))
        else:
            print(f"{record.bead}\t{record.score:.3f}\t{zh}\t{en}")
    return 0


def _align_presplit(args: argparse.Namespace, config) -> int:
    from pipeline.align.evaluate import format_bead
    from pipeline.align.features import Segment
    from pipeline.ingest import read_source_file
    from pipeline.lang import rules_for
    from pipeline.run import lang_settings

    if {args.src_lang, args.tgt_lang} != {"zh", "en"}:
        print("pipeline: error: --src-lang and --tgt-lang must be zh and en, one each", file=sys.stderr)
        return EXIT_ERROR
    sides = {}
    for path, lang in ((args.zh, args.src_lang), (args.en, args.tgt_lang)):
        text = read_source_file(Path(path), lang=lang).text or ""
        rules = rules_for(lang, lang_settings(config, lang), config.root if config else None)
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        sides[lang] = [Segment(str(k), line, rules.words(line) if lang == "zh" else [],
                               frozenset(a.key for a in rules.anchors(line))) for k, line in enumerate(lines)]
    beads = _aligner(config).align(sides["zh"], sides["en"])
    for bead in beads:
        src, tgt = (bead.zh, bead.en) if args.src_lang == "zh" else (bead.en, bead.zh)
        print(format_bead(src, tgt))
    return 0


def cmd_eval_align(args: argparse.Namespace) -> int:
    from pipeline.align.evaluate import merge_within_verses, read_alignment, read_lines, score

    gold = read_alignment(args.gold)
    predicted = read_alignment(args.pred)
    if bool(args.src_verse) != bool(args.tgt_verse):
        print("pipeline: error: give both --src-verse and --tgt-verse, or neither", file=sys.stderr)
        return EXIT_ERROR
    if args.src_verse:
        predicted = merge_within_verses(predicted, read_lines(args.src_verse), read_lines(args.tgt_verse))
    print(score(gold, predicted).table())
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from pipeline.diff import CHANGES, diff_records, load_side, render

    fail_on = {c.strip() for c in args.fail_on.split(",")} if args.fail_on else None
    if fail_on and not fail_on <= set(CHANGES):
        print(f"pipeline: error: --fail-on takes {','.join(CHANGES)}", file=sys.stderr)
        return EXIT_ERROR
    config = _load_config_if_present(args.config)
    result = diff_records(load_side(args.old, args.lang, config), load_side(args.new, args.lang, config),
                          args.old, args.new)
    if args.format == "html":
        from pipeline.report import render_diff_html

        output = render_diff_html(result)
    else:
        output = render(result, args.format)
    if args.output:
        Path(args.output).write_text(output, encoding="utf-8")
    else:
        sys.stdout.write(output)
    found = result.kinds_of_change()
    if fail_on is not None:
        return 1 if found & fail_on else 0
    return 1 if found else 0


def cmd_validate(args: argparse.Namespace) -> int:
    from pipeline.validate import validate_directory

    problems = validate_directory(Path(args.dir))
    for problem in problems:
        print(problem)
    print(f"{args.dir}: {'valid' if not problems else f'{len(problems)} problems'}", file=sys.stderr)
    return 1 if problems else 0


def cmd_models(args: argparse.Namespace) -> int:
    from pipeline.translate import _info, install_package, installed_packages

    config = _load_config_if_present(args.config)
    packages_dir = args.packages_dir
    if packages_dir is None and config is not None and config.settings.translate.packages_dir:
        packages_dir = config.root / config.settings.translate.packages_dir
    if args.models_command == "install":
        info = install_package(Path(args.file), packages_dir)
        print(f"installed {info.name} {info.version} ({info.from_code}→{info.to_code}) in {Path(info.path).parent}")
        return 0
    packages = installed_packages(packages_dir)
    if not packages:
        print("no Argos translation packages installed (pipeline models install FILE.argosmodel)", file=sys.stderr)
        return 0
    for pkg in sorted(packages, key=lambda p: (p.from_code, p.to_code)):
        info = _info(pkg)
        print(f"{info.from_code}→{info.to_code}\t{info.name}\t{info.version}\t{info.path}")
    return 0


def _config_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", help="pipeline config (default: config/pipeline.yaml if present)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pipeline",
        description="Bilingual (Chinese/English) document pipeline: ingest, extract, segment, align, "
                    "records, emit, diff.")
    parser.add_argument("--version", action="version", version=f"pipeline {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = commands.add_parser("run", help="run every stage on the sources in config/ and write processed/")
    run.add_argument("--config", help="pipeline config (default: config/pipeline.yaml)")
    run.add_argument("--out", help="write DIR/<document-id>/ instead of processed/<document-id>/")
    run.add_argument("--no-translate", action="store_true", help="no machine translation, even with packages installed")
    run.add_argument("--allow-outside", action="store_true",
                     help="read sources that lie outside the project root (default: refuse them)")
    run.set_defaults(func=cmd_run)

    seg = commands.add_parser("segment", help="print sections, paragraphs and sentences of one file as JSONL")
    seg.add_argument("file", help="a .txt, .md, .html or .pdf file")
    seg.add_argument("--lang", required=True, choices=["zh", "en"], help="language of the file")
    _config_option(seg)
    seg.set_defaults(func=cmd_segment)
    align = commands.add_parser(
        "align", help="align a Chinese and an English file; with --presplit, two files of one sentence per line",
        description="Align two files. Default: ZH and EN are source files in any format the pipeline reads, and "
                    "the aligned sentence pairs are printed. With --presplit: SRC and TGT hold one sentence per "
                    "line, and one bead per line is printed as [src lines]:[tgt lines] (0-based), as Vecalign "
                    "and Bertalign do.")
    align.add_argument("zh", metavar="ZH|SRC", help="Chinese file (with --presplit: the source side)")
    align.add_argument("en", metavar="EN|TGT", help="English file (with --presplit: the target side)")
    align.add_argument("--presplit", action="store_true", help="inputs are one sentence per line")
    align.add_argument("--src-lang", default="zh", choices=["zh", "en"], help="language of SRC with --presplit")
    align.add_argument("--tgt-lang", default="en", choices=["zh", "en"], help="language of TGT with --presplit")
    align.add_argument("--format", default="tsv", choices=["tsv", "jsonl"], help="output of aligned pairs")
    _config_option(align)
    align.set_defaults(func=cmd_align)

    evaluate = commands.add_parser("eval-align", help="strict and lax precision, recall and F1 against gold beads")
    evaluate.add_argument("--gold", required=True, help="gold alignment, one [src]:[tgt] bead per line")
    evaluate.add_argument("pred", help="predicted alignment in the same format")
    evaluate.add_argument("--src-verse", help="verse label of each source sentence, one per line")
    evaluate.add_argument("--tgt-verse", help="verse label of each target sentence, one per line")
    evaluate.set_defaults(func=cmd_eval_align)

    diff = commands.add_parser(
        "diff", help="what changed between two outputs (or two source files): exit 0 none, 1 some, 2 error",
        description="Compare two processed/<doc>/ directories, or two source files run through the pipeline "
                    "(their language is told by their script, or give --lang). Reports added, removed, reworded (with similarity and a word-level diff), "
                    "renumbered and moved records and sentences, with counts per record type. Exit status: 0 "
                    "when nothing changed, 1 when something did, 2 on error, like diff(1).")
    diff.add_argument("old", help="old output directory or source file")
    diff.add_argument("new", help="new output directory or source file")
    diff.add_argument("--format", default="text", choices=["text", "markdown", "json", "html"])
    diff.add_argument("--lang", choices=["zh", "en"],
                      help="language of OLD and NEW source files (default: detected from the script)")
    diff.add_argument("--fail-on", metavar="KINDS",
                      help="exit 1 only for these changes, comma-separated: added,removed,reworded,renumbered,moved")
    diff.add_argument("--output", "-o", help="write the report to this file instead of stdout")
    _config_option(diff)
    diff.set_defaults(func=cmd_diff)

    validate = commands.add_parser("validate", help="check an output directory against the schemas and links")
    validate.add_argument("dir", help="a processed/<document-id>/ directory")
    validate.set_defaults(func=cmd_validate)

    models = commands.add_parser("models", help="Argos translation packages: list, or install from a local file")
    models.add_argument("--packages-dir", help="package directory (default: translate.packages_dir, else Argos's)")
    _config_option(models)
    model_commands = models.add_subparsers(dest="models_command", metavar="COMMAND", required=True)
    model_commands.add_parser("list", help="installed packages and the directions they cover")
    install = model_commands.add_parser("install", help="install an .argosmodel file (offline)")
    install.add_argument("file", help="a translate-zh_en or translate-en_zh .argosmodel file")
    models.set_defaults(func=cmd_models)

    heads = commands.add_parser("headings", help="print the detected heading tree of a file")
    heads.add_argument("file", help="a .pdf (or text) file")
    heads.add_argument("--lang", default="en", choices=["zh", "en"], help="language of the file (default: en)")
    heads.add_argument("--against-outline", action="store_true",
                       help="also score the headings against the PDF's own outline (precision, recall, F1)")
    _config_option(heads)
    heads.set_defaults(func=cmd_headings)
    return parser


class Terminated(BaseException):
    """SIGTERM, raised in the main thread so every `finally` (staging folders, locks, workers) runs."""


def _raise_terminated(signum, frame):
    raise Terminated()


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return EXIT_ERROR
    previous = signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        return args.func(args)
    except Terminated:
        print("pipeline: terminated; nothing was published", file=sys.stderr)
        return 143
    except PipelineError as exc:
        print(f"pipeline: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("pipeline: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `pipeline segment ... | head`: the reader went away; not an error.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except Exception as exc:  # an unexpected failure still gets one line, not a traceback
        if os.environ.get("PIPELINE_DEBUG"):
            raise
        print(f"pipeline: internal error: {type(exc).__name__}: {exc} (set PIPELINE_DEBUG=1 for a traceback)",
              file=sys.stderr)
        return EXIT_ERROR
    finally:
        signal.signal(signal.SIGTERM, previous)
