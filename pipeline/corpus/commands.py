"""`pipeline corpus run` and `pipeline corpus diff`: argument parsing, one call into pipeline.api, formatting."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from pipeline import api
from pipeline.cli_commands import EXIT_CHANGES, EXIT_OK
from pipeline.corpus import ENGINES
from pipeline.errors import PipelineError


def cmd_corpus_run(args: argparse.Namespace, out) -> int:
    result = api.corpus_run(
        out=args.out,
        zh_dir=args.zh_dir,
        en_dir=args.en_dir,
        pairs=args.pairs,
        include=args.include,
        exclude=args.exclude,
        config=args.config,
        profile=args.profile,
        translate=not args.no_translate,
        engine=args.engine,
        workers=args.workers,
        log=out.note,
    )
    for path, error in result.failed:  # errors: shown even with --quiet
        print(f"pipeline: failed: {path}: {error}", file=sys.stderr)
    totals = result.summary["totals"]
    if args.json:
        out.result(
            json.dumps(
                {
                    "output": str(result.out_dir),
                    "totals": totals,
                    "rebuilt": result.rebuilt,
                    "unchanged": len(result.unchanged),
                    "removed": result.removed,
                    "failed": [{"path": p, "error": e} for p, e in result.failed],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        out.result(result.line())
        out.note(
            f"pages: {totals['ok']} ok, {totals['skipped']} skipped, {totals['failed']} failed; "
            f"wrote {result.out_dir} in {result.seconds:.1f} s"
        )
    return EXIT_CHANGES if totals["failed"] else EXIT_OK


def cmd_corpus_diff(args: argparse.Namespace, out) -> int:
    from pipeline.corpus.diff import render

    if args.output:
        target = Path(args.output)
        if target.is_dir() or not target.parent.is_dir():
            raise PipelineError(args.output, "is a directory or lies in a missing one; give -o a file path")
    result = api.corpus_diff(args.old, args.new)
    text = render(result, args.format)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return EXIT_CHANGES if result.any() else EXIT_OK


CORPUS_EXIT_CODES = """exit status:
  0    every page ok or skipped with a reason (corpus diff: no page changed)
  1    some page failed (listed on stderr and in corpus.json); corpus diff: pages changed
  2    bad corpus input (missing folder, malformed pairs file) or configuration
  130  interrupted (Ctrl-C): finished pages are kept; run again to resume
  143  terminated (SIGTERM): the same"""


def add_corpus_commands(commands, common) -> None:
    """`pipeline corpus run` and `pipeline corpus diff` under the main parser's commands."""
    corpus = commands.add_parser(
        "corpus",
        help="a whole corpus of page pairs: run it incrementally, locally or on Ray; diff two runs",
        description="Many document pairs at once: `corpus run` pairs the files of two folders by path "
        "(or by a CSV) and runs each pair through the pipeline, redoing only what changed since the "
        "last run; `corpus diff` compares two corpus outputs page by page.",
    )
    sub = corpus.add_subparsers(dest="corpus_command", metavar="COMMAND", required=True)

    def command(name: str, help_text: str, func, config: bool, description: str) -> argparse.ArgumentParser:
        parser = sub.add_parser(
            name,
            help=help_text,
            description=description,
            epilog=CORPUS_EXIT_CODES,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        common(parser, False)
        if config:
            parser.add_argument(
                "--config",
                help="a project's config/pipeline.yaml: its settings and profile for every pair "
                "(default: the package's, as `pipeline run --zh --en` uses)",
            )
        parser.set_defaults(func=func)
        return parser

    run = command(
        "run",
        "every page pair into OUT/docs/<page-id>/, plus corpus.json, corpus.tmx, pairs.parquet, report.html",
        cmd_corpus_run,
        True,
        "Pair the files of --zh-dir and --en-dir by relative path (or take the pairs of --pairs FILE.csv) "
        "and run each pair through every stage, as `pipeline run` does. A re-run redoes only pairs whose "
        "files or settings changed and removes the outputs of pages that are gone. Pages with no "
        "counterpart, no text, or a Chinese side still in English are skipped with the reason; a page "
        "that fails fails alone. Outputs are the same bytes whatever the engine and worker count.",
    )
    run.add_argument("--zh-dir", help="folder of the Chinese pages")
    run.add_argument("--en-dir", help="folder of the English pages (same relative paths)")
    run.add_argument(
        "--pairs",
        metavar="FILE.csv",
        help="pairs to run instead of pairing by path: a CSV with zh,en columns (optional path column); "
        "paths relative to --zh-dir/--en-dir when given, else to the CSV's folder",
    )
    run.add_argument("--out", required=True, help="output folder (created; re-runs update it in place)")
    run.add_argument(
        "--include",
        action="append",
        default=[],
        metavar="GLOB",
        help="only pages matching this glob, relative to the folders ('**' any depth; repeatable; "
        "default: every file of a kind the pipeline reads)",
    )
    run.add_argument("--exclude", action="append", default=[], metavar="GLOB", help="leave out matching pages")
    run.add_argument("--profile", help="document profile: a name or a path (default: the config's, else generic)")
    run.add_argument("--no-translate", action="store_true", help="no machine translation")
    run.add_argument(
        "--engine",
        default="local",
        choices=ENGINES,
        help="local: worker processes (default); ray: Ray tasks on RAY_ADDRESS or a local Ray "
        "(pip install '.[ray]'); inline: this process, one pair at a time",
    )
    run.add_argument("--workers", type=int, help="worker processes (default: one per CPU; with Ray: tasks at once)")
    run.add_argument("--json", action="store_true", help="print one JSON summary")

    diff = command(
        "diff",
        "pages added, removed and changed between two corpus outputs: exit 0 none, 1 some, 2 error",
        cmd_corpus_diff,
        False,
        "Compare two `corpus run` outputs (e.g. two versions of a site): pages added and removed, and "
        "for each page whose files changed the record and sentence changes `pipeline diff` finds, "
        "with totals. Exit status: 0 when nothing changed, 1 when something did, 2 on error.",
    )
    diff.add_argument("old", help="the older corpus output folder")
    diff.add_argument("new", help="the newer corpus output folder")
    diff.add_argument("--format", default="text", choices=["text", "markdown", "json", "html"])
    diff.add_argument("--output", "-o", help="write the report to this file instead of stdout")
