"""The `pipeline` command line's arguments: one sub-command per API function, with help and exit codes."""

from __future__ import annotations

import argparse

from pipeline import __version__
from pipeline.cli_commands import (
    EXIT_CODES,
    cmd_align,
    cmd_diff,
    cmd_eval_align,
    cmd_export,
    cmd_headings,
    cmd_init,
    cmd_models,
    cmd_run,
    cmd_segment,
    cmd_validate,
)


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

    from pipeline.corpus.commands import add_corpus_commands

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
