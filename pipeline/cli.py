"""`pipeline` command line: argument parsing, one call into pipeline.api, formatting.

Results go to stdout, diagnostics (notices, warnings, errors) to stderr.
`--quiet` keeps only errors on stderr; `--verbose` adds stage timings.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from pathlib import Path

from pipeline import __version__, api
from pipeline.errors import PipelineError
from pipeline.files import write_result

EXIT_OK, EXIT_CHANGES, EXIT_ERROR, EXIT_INTERRUPTED, EXIT_TERMINATED = 0, 1, 2, 130, 143
EXIT_CODES = """exit status:
  0    success (diff, validate: nothing changed / valid)
  1    diff: something changed; validate: problems found
  2    bad input or configuration (a line on stderr per problem names the file and the fix);
       validate: DIR cannot be read or is no pipeline output
  130  interrupted (Ctrl-C); nothing was published
  143  terminated (SIGTERM); nothing was published"""


class Output:
    """Where a command writes: results to stdout, diagnostics to stderr, as --quiet/--verbose say."""

    def __init__(self, args: argparse.Namespace):
        self.quiet = getattr(args, "quiet", False)
        self.verbose = getattr(args, "verbose", False)

    def result(self, text: str) -> None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")

    def note(self, text: str) -> None:
        if not self.quiet:
            print(text, file=sys.stderr)

    def detail(self, text: str) -> None:
        if self.verbose and not self.quiet:
            print(text, file=sys.stderr)


def cmd_run(args: argparse.Namespace, out: Output) -> int:
    if args.zh or args.en:
        out.detail(f"config: built-in defaults (--zh/--en run no project config), profile {args.profile or 'generic'}")
    else:
        out.detail(f"config: {api.describe_config(args.config)}")
    result = api.run(
        config=args.config,
        out=args.out,
        translate=not args.no_translate,
        allow_outside=args.allow_outside,
        profile=args.profile,
        zh=args.zh,
        en=args.en,
        log=out.note,
        csv_bom=args.csv_bom,
    )
    manifest = result.manifest
    for stage, seconds in result.timings.items():
        out.detail(f"{stage}: {seconds:.2f} s")
    if args.json:
        out.result(
            json.dumps(
                {
                    "output": str(result.out_dir),
                    "document": manifest["document"].get("id"),
                    "counts": manifest["counts"],
                    "notices": manifest["notices"],
                    "warnings": [w for s in manifest["sources"] for w in s["warnings"]],
                    "files": sorted(manifest["files"]),
                },
                ensure_ascii=False,
                indent=2,
                sort_keys=True,
            )
        )
        return EXIT_OK
    for source_id, c in manifest["counts"]["segment"].items():
        out.note(f"{source_id}: {c['sections']} sections, {c['paragraphs']} paragraphs, {c['sentences']} sentences")
    out.result(f"wrote {result.out_dir}")
    return EXIT_OK


def cmd_init(args: argparse.Namespace, out: Output) -> int:
    for path in api.init(args.dir, profile=args.profile):
        out.note(f"created {path}")
    out.result(
        f"project ready in {args.dir}: put your files in raw/zh and raw/en, "
        f"edit config/sources.yaml, then: pipeline run --config {Path(args.dir) / 'config' / 'pipeline.yaml'}"
    )
    return EXIT_OK


def cmd_segment(args: argparse.Namespace, out: Output) -> int:
    from pipeline.emit import dumps_line, segment_stream
    from pipeline.emit.block_view import block_lines

    out.detail(f"config: {api.describe_config(args.config, args.file)}")
    doc = api.segment(args.file, args.lang, args.config)
    for warning in doc.warnings:
        out.note(f"pipeline: warning: {warning}")
    if args.blocks:
        for line in block_lines(doc):
            out.result(line)
        return EXIT_OK
    for record in segment_stream(doc):
        sys.stdout.write(dumps_line(record) + "\n")
    return EXIT_OK


def cmd_headings(args: argparse.Namespace, out: Output) -> int:
    out.detail(f"config: {api.describe_config(args.config, args.file)}")
    report = api.headings(args.file, args.lang, args.config, against_outline=args.against_outline)
    out.result("\n".join(report.tree))
    if report.score is not None:
        score = report.score
        out.result(
            f"\nagainst the PDF outline: precision {score.precision:.3f}  recall {score.recall:.3f}  "
            f"F1 {score.f1:.3f}  ({score.matched} matched of {score.predicted} detected, {score.true} in outline)"
        )
        for title in score.missing:
            out.result(f"  missing: {title}")
        for title in score.extra:
            out.result(f"  extra:   {title}")
    return EXIT_OK


def cmd_align(args: argparse.Namespace, out: Output) -> int:
    from pipeline.align.evaluate import format_bead
    from pipeline.emit import dumps_line

    out.detail(f"config: {api.describe_config(args.config, args.zh, args.en)}")
    if args.presplit:
        lines = [
            format_bead(src, tgt) + "\n"
            for src, tgt in api.align_presplit(args.zh, args.en, args.src_lang, args.tgt_lang, args.config)
        ]
        if args.output:
            Path(args.output).parent.mkdir(parents=True, exist_ok=True)
            write_result(Path(args.output), "".join(lines).encode("utf-8"), force=True)
        else:
            sys.stdout.writelines(lines)
        return EXIT_OK
    zh_doc, en_doc, result = api.align(args.zh, args.en, args.config)
    text = {s.id: s.text for doc in (zh_doc, en_doc) for s in doc.sentences}
    for record in result.by_level("sentence"):
        zh = " ".join(text[i] for i in record.zh)
        en = " ".join(text[i] for i in record.en)
        if args.format == "jsonl":
            sys.stdout.write(
                dumps_line(
                    {
                        "bead": record.bead,
                        "score": record.score,
                        "zh": zh,
                        "en": en,
                        "zh_ids": record.zh,
                        "en_ids": record.en,
                    }
                )
                + "\n"
            )
        else:
            sys.stdout.write(f"{record.bead}\t{record.score:.3f}\t{zh}\t{en}\n")
    return EXIT_OK


def cmd_eval_align(args: argparse.Namespace, out: Output) -> int:
    out.result(api.eval_align(args.gold, args.pred, args.src_verse, args.tgt_verse).table())
    return EXIT_OK


def cmd_diff(args: argparse.Namespace, out: Output) -> int:
    from pipeline.diff import CHANGES, render

    fail_on = {c.strip() for c in args.fail_on.split(",")} if args.fail_on else None
    if fail_on and not fail_on <= set(CHANGES):
        raise PipelineError(None, f"--fail-on takes {','.join(CHANGES)}")
    if args.output:
        target = Path(args.output)
        if target.is_dir() or not target.parent.is_dir():
            raise PipelineError(args.output, "is a directory or lies in a missing one; give -o a file path")
    files = [f for f in (args.old, args.new) if not Path(f).is_dir()]
    if files:
        out.detail(f"config: {api.describe_config(args.config, *files)}")
    result = api.diff(args.old, args.new, args.lang, args.config)
    if args.format == "html":
        from pipeline.report import render_diff_html

        text = render_diff_html(result)
    else:
        text = render(result, args.format)
    if args.output:
        write_result(Path(args.output), text.encode("utf-8"), force=True)
    else:
        sys.stdout.write(text)
    found = result.kinds_of_change()
    if fail_on is not None:
        return EXIT_CHANGES if found & fail_on else EXIT_OK
    return EXIT_CHANGES if found else EXIT_OK


def cmd_export(args: argparse.Namespace, out: Output) -> int:
    path, count = api.export(args.dir, args.format, args.output, args.min_score, bom=args.csv_bom, force=args.force)
    out.result(f"wrote {path} ({count} sentence pairs)")
    return EXIT_OK


def cmd_validate(args: argparse.Namespace, out: Output) -> int:
    problems = api.validate(args.dir)
    if args.json:
        out.result(
            json.dumps(
                {"directory": args.dir, "valid": not problems, "problems": problems}, ensure_ascii=False, indent=2
            )
        )
    else:
        for problem in problems:
            out.result(problem)
        out.result(f"{args.dir}: {'valid' if not problems else f'{len(problems)} problems'}")
    return EXIT_CHANGES if problems else EXIT_OK


def cmd_models(args: argparse.Namespace, out: Output) -> int:
    if args.models_command == "install":
        info = api.models_install(args.file, args.packages_dir, args.config)
        out.result(
            f"installed {info.name} {info.version} ({info.from_code}→{info.to_code}) in {Path(info.path).parent}"
        )
        return EXIT_OK
    models = api.models_list(args.packages_dir, args.config)
    if args.json:
        out.result(json.dumps([m.__dict__ for m in models], ensure_ascii=False, indent=2))
        return EXIT_OK
    if not models:
        out.result("no Argos translation packages installed (pipeline models install FILE.argosmodel)")
    for info in models:
        out.result(f"{info.from_code}→{info.to_code}\t{info.name}\t{info.version}\t{info.path}")
    return EXIT_OK


def _common(parser: argparse.ArgumentParser, config: bool = True) -> None:
    if config:
        parser.add_argument(
            "--config",
            help="a project's config/pipeline.yaml (default: the project around the working directory, if any)",
        )
    parser.add_argument("-q", "--quiet", action="store_true", help="only errors on stderr")
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="also the configuration used, stage timings and details on stderr"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pipeline",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Bilingual (Chinese/English) document pipeline: ingest, extract, segment, align, "
        "records, emit, diff. Results on stdout, diagnostics on stderr.",
    )
    parser.add_argument("--version", action="version", version=f"pipeline {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, help_text: str, func, config: bool = True, **kwargs) -> argparse.ArgumentParser:
        sub = commands.add_parser(
            name, help=help_text, epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter, **kwargs
        )
        _common(sub, config)
        sub.set_defaults(func=func)
        return sub

    run = command(
        "run",
        "run every stage and write OUT/<document-id>/ (a project, or any --zh/--en pair)",
        cmd_run,
        description="Run every stage. Without --zh/--en: the project's config/ and raw/. "
        "With --zh FILE --en FILE: that pair alone, no YAML, the generic profile unless --profile.",
    )
    run.add_argument("--zh", help="a Chinese source file (with --en: run on this pair alone)")
    run.add_argument("--en", help="an English source file (with --zh)")
    run.add_argument(
        "--profile",
        help="document profile: a name under config/profiles/ or a path "
        "(default: the config's, or generic for --zh/--en)",
    )
    run.add_argument("--out", help="write DIR/<document-id>/ (default: the project's output_dir, or ./processed)")
    run.add_argument("--no-translate", action="store_true", help="no machine translation, even with packages installed")
    run.add_argument(
        "--allow-outside",
        action="store_true",
        help="read sources that lie outside the project root (default: refuse them)",
    )
    run.add_argument("--json", action="store_true", help="print one JSON summary (counts, notices, output paths)")
    run.add_argument(
        "--csv-bom",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="write CSV files with a UTF-8 byte-order mark, as Excel needs (default: emit.csv_bom, on)",
    )

    init = command(
        "init", "create a small project (config with comments, raw/zh, raw/en) that runs as is", cmd_init, config=False
    )
    init.add_argument("dir", help="the new project's folder")
    init.add_argument("--profile", default="generic", help="profile the project starts with (default: generic)")

    seg = command(
        "segment",
        "print sections, paragraphs and sentences of one file as JSONL (--blocks: one readable line a block)",
        cmd_segment,
    )
    seg.add_argument("file", help="a .txt, .md, .mdx, .html or .pdf file")
    seg.add_argument("--lang", choices=["zh", "en"], help="language of the file (default: detected from its script)")
    seg.add_argument(
        "--blocks",
        action="store_true",
        help="show what the file was read as: each block's line, kind and sentence count, text in another "
        "language, what was dropped",
    )

    align = command(
        "align",
        "align a Chinese and an English file; with --presplit, two files of one sentence per line",
        cmd_align,
        description="Align two files. Default: ZH and EN are source files in any format the pipeline "
        "reads, and the aligned sentence pairs are printed. With --presplit: SRC and TGT hold one sentence per "
        "line, and one bead per line is printed as [src lines]:[tgt lines] (0-based), as Vecalign and Bertalign "
        "do. Each file's language is checked against its script.",
    )
    align.add_argument("zh", metavar="ZH|SRC", help="Chinese file (with --presplit: the source side)")
    align.add_argument("en", metavar="EN|TGT", help="English file (with --presplit: the target side)")
    align.add_argument("--presplit", action="store_true", help="inputs are one sentence per line")
    align.add_argument("--src-lang", choices=["zh", "en"], help="language of SRC with --presplit (default: detected)")
    align.add_argument("--tgt-lang", choices=["zh", "en"], help="language of TGT with --presplit (default: detected)")
    align.add_argument("--format", default="tsv", choices=["tsv", "jsonl"], help="output of aligned pairs")
    align.add_argument("--output", "-o", help="with --presplit: write the beads to this file instead of stdout")

    evaluate = command(
        "eval-align", "strict and lax precision, recall and F1 against gold beads", cmd_eval_align, config=False
    )
    evaluate.add_argument("--gold", required=True, help="gold alignment, one [src]:[tgt] bead per line")
    evaluate.add_argument("pred", help="predicted alignment in the same format")
    evaluate.add_argument("--src-verse", help="verse label of each source sentence, one per line")
    evaluate.add_argument("--tgt-verse", help="verse label of each target sentence, one per line")

    diff = command(
        "diff",
        "what changed between two outputs (or two source files): exit 0 none, 1 some, 2 error",
        cmd_diff,
        description="Compare two processed/<doc>/ directories, or two source files run through the pipeline "
        "(their language is told by their script, or give --lang). Reports added, removed, reworded "
        "(with similarity and a word-level diff), renumbered and moved records and sentences, with "
        "counts per record type. Exit status: 0 when nothing changed, 1 when something did, 2 on "
        "error, like diff(1).",
    )
    diff.add_argument("old", help="old output directory or source file")
    diff.add_argument("new", help="new output directory or source file")
    diff.add_argument("--format", default="text", choices=["text", "markdown", "json", "html"])
    diff.add_argument(
        "--lang", choices=["zh", "en"], help="language of OLD and NEW source files (default: detected from the script)"
    )
    diff.add_argument(
        "--fail-on",
        metavar="KINDS",
        help="exit 1 only for these changes, comma-separated: added,removed,reworded,renumbered,moved",
    )
    diff.add_argument("--output", "-o", help="write the report to this file instead of stdout")

    export = command(
        "export", "TMX, XLIFF 2.0 or CSV sentence pairs from an existing output folder", cmd_export, config=False
    )
    export.add_argument("format", choices=["tmx", "xliff", "csv"])
    export.add_argument("dir", help="a processed/<document-id>/ directory")
    export.add_argument("--output", "-o", help="the file to write (default: DIR/pairs.tmx|xlf|csv)")
    export.add_argument("--min-score", type=float, help="keep beads scoring at least this (default: the run's)")
    export.add_argument("--force", action="store_true", help="replace the output file when it exists")
    export.add_argument(
        "--csv-bom",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="CSV with a UTF-8 byte-order mark (default: on)",
    )

    validate = command(
        "validate", "check an output directory against the schemas, links and digests", cmd_validate, config=False
    )
    validate.add_argument("dir", help="a processed/<document-id>/ directory")
    validate.add_argument("--json", action="store_true", help="print one JSON summary")

    models = command("models", "Argos translation packages: list, or install from a local file", cmd_models)
    models.add_argument("--packages-dir", help="package directory (default: translate.packages_dir, else Argos's)")
    model_commands = models.add_subparsers(dest="models_command", metavar="COMMAND", required=True)
    listing = model_commands.add_parser("list", help="installed packages and the directions they cover")
    listing.add_argument("--json", action="store_true", help="print the list as JSON")
    install = model_commands.add_parser("install", help="install an .argosmodel file (offline)")
    install.add_argument("file", help="a translate-zh_en or translate-en_zh .argosmodel file")
    install.set_defaults(json=False)

    from pipeline.corpus.cli import add_corpus_commands

    add_corpus_commands(commands, _common)

    heads = command("headings", "print the detected heading tree of a file", cmd_headings)
    heads.add_argument("file", help="a .pdf (or text) file")
    heads.add_argument("--lang", choices=["zh", "en"], help="language of the file (default: detected)")
    heads.add_argument(
        "--against-outline",
        action="store_true",
        help="also score the headings against the PDF's own outline (precision, recall, F1)",
    )
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
        return args.func(args, Output(args))
    except Terminated:
        # A corpus run keeps the pages it finished (it said so); a single run published nothing.
        published = "" if getattr(args, "corpus_command", None) else "; nothing was published"
        print(f"pipeline: terminated{published}", file=sys.stderr)
        return EXIT_TERMINATED
    except PipelineError as exc:
        for line in exc.lines():  # one line per problem (a config's every mistake at once)
            print(f"pipeline: error: {line}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("pipeline: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # `pipeline segment ... | head`: the reader went away; not an error.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:  # an unexpected failure still gets one line, not a traceback
        if os.environ.get("PIPELINE_DEBUG"):
            raise
        print(
            f"pipeline: internal error: {type(exc).__name__}: {exc} (set PIPELINE_DEBUG=1 for a traceback)",
            file=sys.stderr,
        )
        return EXIT_ERROR
    finally:
        signal.signal(signal.SIGTERM, previous)
