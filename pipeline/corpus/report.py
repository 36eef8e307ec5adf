"""report.html of a corpus: the totals, and a table of the pages that sorts by any column.

Each page links to its own report (docs/<id>/report.html). No network, no framework: a few
lines of script sort the rows by the cell's `data-sort` value.
"""

from __future__ import annotations

from html import escape
from typing import Any

from pipeline.report import _page

SORT_JS = """
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("table.sortable th").forEach(function (th, column) {
    th.addEventListener("click", function () {
      var table = th.closest("table"), body = table.tBodies[0];
      var up = th.getAttribute("aria-sort") !== "ascending";
      table.querySelectorAll("th").forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", up ? "ascending" : "descending");
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = a.cells[column].dataset.sort, y = b.cells[column].dataset.sort;
        var nx = parseFloat(x), ny = parseFloat(y);
        var order = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
        return up ? order : -order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
});
"""

EXTRA_CSS = """
table.sortable { border-collapse: collapse; background: #fff; width: 100%; font-size: .92rem; }
.sortable th, .sortable td { border: 1px solid #ddd; padding: 4px 8px; text-align: left; }
.sortable th { cursor: pointer; background: #f0f2f6; user-select: none; }
.sortable th[aria-sort=ascending]::after { content: " ▲"; } .sortable th[aria-sort=descending]::after { content: " ▼"; }
.sortable td.num { text-align: right; }
tr.skipped td { color: #666; } tr.failed td { background: var(--unaligned); }
"""


def _cell(text: str, sort: Any, numeric: bool = False) -> str:
    return f'<td{" class=num" if numeric else ""} data-sort="{escape(str(sort))}">{text}</td>'


def _number(value: float | int | None, digits: int = 0) -> tuple[str, Any]:
    if value is None:
        return "–", -1
    return (f"{value:.{digits}f}" if digits else str(value)), value


def _row(entry: dict[str, Any]) -> str:
    status = entry["status"]
    counts = entry.get("counts") or {}
    page = escape(entry["path"])
    link = f'<a href="{escape(entry["report"])}">{page}</a>' if entry.get("report") else page
    note = entry.get("reason") or entry.get("error") or "; ".join(entry.get("warnings") or [])
    sentences = counts.get("sentences") or {}
    cells = [
        _cell(link, entry["path"]),
        _cell(escape(status) + (f": {escape(note)}" if note else ""), f"{status} {note}"),
        _cell(*_number(sentences.get("zh")), numeric=True),
        _cell(*_number(sentences.get("en")), numeric=True),
        _cell(*_number(counts.get("sentence_beads")), numeric=True),
        _cell(*_number(counts.get("confident_share"), 3), numeric=True),
        _cell(*_number(counts.get("mean_confidence"), 3), numeric=True),
    ]
    return f'<tr class="{escape(status)}">' + "".join(cells) + "</tr>"


def render_corpus_report(summary: dict[str, Any]) -> str:
    t = summary["totals"]
    reasons = "".join(f"<li>{escape(r)}: {n}</li>" for r, n in t["skipped_by_reason"].items())
    mean = "–" if t["mean_confidence"] is None else f"{t['mean_confidence']:.3f}"
    overview = (
        '<div class="summary">'
        f"<div><b>{t['pairs']}</b>pages</div><div><b>{t['ok']}</b>aligned</div>"
        f"<div><b>{t['skipped']}</b>skipped</div><div><b>{t['failed']}</b>failed</div>"
        f"<div><b>{t['sentence_beads']}</b>sentence beads</div>"
        f"<div><b>{t['confident_share']:.3f}</b>share of sentences in confident beads "
        f"(score ≥ {summary['confident_min_score']:.2f})</div>"
        f"<div><b>{mean}</b>mean confidence</div></div>" + (f"<ul>{reasons}</ul>" if reasons else "")
    )
    header = "".join(
        f"<th>{h}</th>"
        for h in ("page", "status", "zh sentences", "en sentences", "beads", "confident share", "mean confidence")
    )
    rows = "".join(_row(e) for e in summary["pairs"])
    body = (
        f"<style>{EXTRA_CSS}</style><header><h1>Corpus: {t['pairs']} pages</h1></header><main>"
        f"<h2>Overview</h2>{overview}<h2>Pages</h2><p>Click a column to sort by it.</p>"
        f'<table class="sortable"><thead><tr>{header}</tr></thead><tbody>{rows}</tbody></table></main>'
    )
    return _page(f"Corpus report — {t['pairs']} pages", body, SORT_JS)
