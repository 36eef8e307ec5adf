"""`pipeline` command line: one sub-command per library entry point."""

from __future__ import annotations

import argparse
import os
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
    result = run_pipeline(config, out_root=Path(args.out) if args.out else None)
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
              f"F1 {score.f1:.3f}  ({score.matched} matched of {score.detected} detected, {score.outline} in outline)")
        for title in score.missing:
            print(f"  missing: {title}")
        for title in score.extra:
            print(f"  extra:   {title}")
    return 0


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
    run.set_defaults(func=cmd_run)

    seg = commands.add_parser("segment", help="print sections, paragraphs and sentences of one file as JSONL")
    seg.add_argument("file", help="a .txt, .md, .html or .pdf file")
    seg.add_argument("--lang", required=True, choices=["zh", "en"], help="language of the file")
    seg.add_argument("--config", help="pipeline config for language settings (default: config/pipeline.yaml if present)")
    seg.set_defaults(func=cmd_segment)
    heads = commands.add_parser("headings", help="print the detected heading tree of a file")
    heads.add_argument("file", help="a .pdf (or text) file")
    heads.add_argument("--lang", default="en", choices=["zh", "en"], help="language of the file (default: en)")
    heads.add_argument("--against-outline", action="store_true",
                       help="also score the headings against the PDF's own outline (precision, recall, F1)")
    heads.add_argument("--config", help="pipeline config for language settings")
    heads.set_defaults(func=cmd_headings)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return EXIT_ERROR
    try:
        return args.func(args)
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
