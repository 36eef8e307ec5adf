"""The `pipeline` commands: each a few lines over `pipeline.api`, then formatting.

Results go to stdout, diagnostics (notices, warnings, errors) to stderr.
`--quiet` keeps only errors on stderr; `--verbose` adds stage timings.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from pipeline import api
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
