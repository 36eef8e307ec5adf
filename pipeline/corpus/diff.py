"""`pipeline corpus diff OLD NEW`: what changed between two corpus outputs, page by page.

Pages are matched by their path. A page in one corpus only is added or removed; a page
whose Chinese or English file changed (its sha256 in corpus.json), or whose status did,
is changed, and gets what `pipeline diff` finds between its two output folders (records
and sentences added, removed, reworded, renumbered, moved). A page without an output on
one side (skipped or failed there) is compared with nothing: all of its sentences are new.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from html import escape
from pathlib import Path
from typing import Any

from pipeline.errors import PipelineError
from pipeline.types import CHANGES
from pipeline.types.corpus import CorpusDiff, PageChange

FORMATS = ("text", "markdown", "json", "html")


def load_corpus(directory: Path) -> dict[str, dict[str, Any]]:
    """Entries of a corpus output by page path; PipelineError when it is not one."""
    summary = directory / "corpus.json"
    if not summary.is_file():
        raise PipelineError(str(directory), "no corpus.json here; give the --out folder of a `pipeline corpus run`")
    try:
        data = json.loads(summary.read_text(encoding="utf-8"))
        return {entry["path"]: entry for entry in data["pairs"]}
    except (ValueError, KeyError, TypeError):
        raise PipelineError(str(summary), "is not a corpus summary; run `pipeline corpus run` again") from None


def _page_data(directory: Path, entry: dict[str, Any]) -> dict[str, list[dict]]:
    from pipeline.diff import load_output_dir

    if entry["status"] != "ok" or not entry.get("output"):
        return {}
    return load_output_dir(directory / entry["output"])


def corpus_diff(old: Path, new: Path) -> CorpusDiff:
    from pipeline.diff import diff_records

    before, after = load_corpus(old), load_corpus(new)
    result = CorpusDiff(str(old), str(new))
    result.added = sorted(set(after) - set(before))
    result.removed = sorted(set(before) - set(after))
    for path in sorted(set(before) & set(after)):
        a, b = before[path], after[path]
        same = (a["zh_sha256"], a["en_sha256"], a["status"]) == (b["zh_sha256"], b["en_sha256"], b["status"])
        if same:
            result.unchanged += 1
            continue
        changes = diff_records(_page_data(old, a), _page_data(new, b), f"{old}/{path}", f"{new}/{path}")
        result.changed.append(PageChange(path, a["status"], b["status"], changes))
    return result


# -- rendering ---------------------------------------------------------------------------


def _page_counts(result: CorpusDiff) -> dict[str, int]:
    return {
        "added": len(result.added),
        "removed": len(result.removed),
        "changed": len(result.changed),
        "unchanged": result.unchanged,
    }


def _row(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {c}" for c, n in counts.items() if n) or "no changes"


def _status(page: PageChange) -> str:
    return "" if page.old_status == page.new_status else f" ({page.old_status} → {page.new_status})"


def render_json(result: CorpusDiff) -> str:
    data = {
        "old": result.old,
        "new": result.new,
        "counts": _page_counts(result),
        "added": result.added,
        "removed": result.removed,
        "changed": [p.path for p in result.changed],
        "totals": result.totals(),
        "pages": [
            {
                "path": p.path,
                "old_status": p.old_status,
                "new_status": p.new_status,
                "counts": p.diff.counts(),
                "changes": [asdict(c) for c in p.diff.changes],
            }
            for p in result.changed
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def render_text(result: CorpusDiff, style: str = "text") -> str:
    from pipeline.diff import _describe  # one change, as `pipeline diff` prints it

    totals = result.totals()
    if style == "markdown":
        lines = [
            f"# Changes from `{result.old}` to `{result.new}`",
            "",
            "| pages | added | removed | changed | unchanged |",
            "|---|---|---|---|---|",
            "| | " + " | ".join(str(n) for n in _page_counts(result).values()) + " |",
        ]
        if totals:
            lines += ["", "| record type | " + " | ".join(CHANGES) + " |", "|---|" + "---|" * len(CHANGES)]
            lines += [f"| {kind} | " + " | ".join(str(row[c]) for c in CHANGES) + " |" for kind, row in totals.items()]
        for title, paths in (("Added pages", result.added), ("Removed pages", result.removed)):
            if paths:
                lines += ["", f"## {title}", ""] + [f"- `{p}`" for p in paths]
        if result.changed:
            lines += ["", "## Changed pages"]
        for page in result.changed:
            rows = "; ".join(f"{kind}: {_row(row)}" for kind, row in page.diff.counts().items() if any(row.values()))
            lines += ["", f"### `{page.path}`{_status(page)}", "", rows or "no record or sentence changes", ""]
            lines += [f"- {_describe(c, 'markdown')}" for c in page.diff.changes]
        return "\n".join(lines) + "\n"
    lines = [f"changes from {result.old} to {result.new}", f"pages: {_row(_page_counts(result))}"]
    lines += [f"{kind}: {_row(row)}" for kind, row in totals.items() if any(row.values())]
    lines += [f"+ page {p}" for p in result.added] + [f"- page {p}" for p in result.removed]
    for page in result.changed:
        rows = "; ".join(f"{kind}: {_row(row)}" for kind, row in page.diff.counts().items() if any(row.values()))
        lines.append(f"~ page {page.path}{_status(page)}: {rows or 'no record or sentence changes'}")
        lines += [f"    {_describe(c, 'text')}" for c in page.diff.changes]
    return "\n".join(lines) + "\n"


def render_html(result: CorpusDiff) -> str:
    from pipeline.report import _page, diff_counts_table, diff_items

    counts = _page_counts(result)
    pages = "".join(f"<th>{c}</th>" for c in counts) + "</tr><tr>" + "".join(f"<td>{n}</td>" for n in counts.values())
    lists = "".join(
        f"<h2>{title}</h2><ul>" + "".join(f"<li><code>{escape(p)}</code></li>" for p in paths) + "</ul>"
        for title, paths in (("Added pages", result.added), ("Removed pages", result.removed))
        if paths
    )
    changed = "".join(
        f"<details><summary><code>{escape(p.path)}</code>{escape(_status(p))}: {len(p.diff.changes)} changes"
        f'</summary>{diff_counts_table(p.diff.counts())}<ul class="changes">{"".join(diff_items(p.diff))}</ul>'
        "</details>"
        for p in result.changed
    )
    totals = result.totals()
    body = (
        f"<header><h1>Changes from {escape(result.old)} to {escape(result.new)}</h1></header><main>"
        f'<h2>Pages</h2><table class="counts"><tr>{pages}</tr></table>'
        + (f"<h2>Records and sentences</h2>{diff_counts_table(totals)}" if totals else "")
        + lists
        + (f"<h2>Changed pages</h2>{changed}" if changed else "")
        + "</main>"
    )
    return _page(f"Changes from {result.old} to {result.new}", body)


def render(result: CorpusDiff, fmt: str) -> str:
    if fmt == "json":
        return render_json(result)
    if fmt == "html":
        return render_html(result)
    return render_text(result, fmt)
