"""A side-by-side bilingual report (report.html) and the HTML view of a diff.

One self-contained static file: inline CSS and a little vanilla JavaScript,
no network, deterministic like every other output. Built from the emitted
record files, so it shows exactly what the JSONL holds.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from pipeline.emit import iter_jsonl, load_records

CSS = """
:root { --zh: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei",
  "WenQuanYi Micro Hei", sans-serif; --en: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
  sans-serif; --high: #e3f4e1; --mid: #fdf6d8; --low: #fde5d4; --unaligned: #f6d5dc; --machine: #6b4fa1; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.55 var(--en); color: #1d1d1f; background: #fafafa; }
header, main { max-width: 1280px; margin: 0 auto; padding: 0 16px; }
header { padding-top: 16px; }
h1 { font-size: 1.5rem; margin: 0.4em 0; } h2 { font-size: 1.25rem; margin-top: 1.6em; } h3 { font-size: 1.05rem; }
nav a { margin-right: 1em; }
[lang="zh-CN"] { font-family: var(--zh); }
.warning { padding: 10px 16px; border: 2px solid #b42318; background: #fef3f2; color: #7a271a; font-weight: 600; }
.summary { display: flex; flex-wrap: wrap; gap: 8px 24px; padding: 12px 16px; background: #fff;
  border: 1px solid #ddd; border-radius: 8px; }
.summary div { min-width: 9em; } .summary b { font-size: 1.2rem; display: block; }
.legend span { display: inline-block; padding: 0 .5em; margin-right: .5em; border-radius: 4px; }
.rows { display: grid; grid-template-columns: 1fr 8.5em 1fr; background: #fff; border: 1px solid #ddd;
  border-radius: 8px; overflow: hidden; }
.row { display: contents; }
.row > div { padding: 8px 12px; border-top: 1px solid #eee; }
.row .meta { text-align: center; font-size: .85rem; color: #444; }
.row.high > div { background: var(--high); } .row.mid > div { background: var(--mid); }
.row.low > div { background: var(--low); } .row.unaligned > div { background: var(--unaligned); }
.row.unaligned .meta::after { content: "unaligned"; display: block; font-weight: 600; color: #9b1c3a; }
.row.heading > div[lang] { font-weight: 600; }
.mismatched li { margin: 4px 0; } .mismatched .where { color: #666; font-size: .85rem; }
.section-row { grid-column: 1 / -1; padding: 10px 12px; background: #f0f2f6; border-top: 1px solid #ddd;
  display: grid; grid-template-columns: 1fr 8.5em 1fr; font-weight: 600; }
.empty { color: #888; }
.machine { color: var(--machine); font-style: italic; }
.badge { display: inline-block; font: 600 .72rem var(--en); padding: 0 .45em; border-radius: 4px;
  background: #ece6f7; color: var(--machine); font-style: normal; vertical-align: baseline; }
.origin-source { background: #e3f4e1; color: #1f5f1a; } .origin-aligned { background: #e1ecf7; color: #1a4b7f; }
.origin-machine { background: #ece6f7; color: var(--machine); } .origin-missing { background: #eee; color: #666; }
mark.anchor { background: #dfe9ff; border-radius: 3px; padding: 0 2px; }
mark.anchor.tie { background: #ffd966; }
details { margin: 4px 0 4px 1em; } summary { cursor: pointer; }
.record .zh { display: block; } .questions li { margin: 6px 0; }
input[type=search] { font: inherit; padding: 6px 10px; width: min(32em, 100%); margin: 8px 0; }
del { background: #f6c9d0; text-decoration: line-through; } ins { background: #c9f0cf; text-decoration: none; }
table.counts { border-collapse: collapse; background: #fff; } .counts td, .counts th { border: 1px solid #ddd;
  padding: 4px 10px; text-align: right; }
@media (max-width: 800px) {
  .rows, .section-row { grid-template-columns: 1fr; }
  .row .meta { text-align: left; }
}
"""

FILTER_JS = """
document.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("question-filter");
  if (!box) return;
  var items = document.querySelectorAll(".questions li");
  var count = document.getElementById("question-count");
  box.addEventListener("input", function () {
    var query = box.value.trim().toLowerCase(), shown = 0;
    items.forEach(function (item) {
      var hit = !query || item.textContent.toLowerCase().indexOf(query) !== -1;
      item.hidden = !hit; if (hit) shown++;
    });
    count.textContent = shown + " of " + items.length + " questions";
  });
});
"""


def _page(title: str, body: str, script: str = "") -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{CSS}</style>\n"
        + (f"<script>{script}</script>\n" if script else "")
        + f"</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def _highlight(text: str, start: int, anchors: list[dict], tie_keys: set[str]) -> str:
    """The sentence with its citations and cross-references marked; shared keys marked as ties."""
    out, position = [], 0
    for anchor in sorted(anchors, key=lambda a: (a["start"], -a["end"])):
        a_start, a_end = anchor["start"] - start, anchor["end"] - start
        if a_start < position or a_end > len(text):
            continue
        out.append(escape(text[position:a_start]))
        css = "anchor tie" if anchor["key"] in tie_keys else "anchor"
        out.append(f'<mark class="{css}" title="{escape(anchor["key"])}">{escape(text[a_start:a_end])}</mark>')
        position = a_end
    out.append(escape(text[position:]))
    return "".join(out)


def _confidence(record: dict) -> str:
    if record["status"] != "aligned":
        return "unaligned"
    return "high" if record["score"] >= 0.7 else "mid" if record["score"] >= 0.45 else "low"


def _side(sentences: list[dict], other_keys: set[str], lang: str, machine_from: list[dict]) -> str:
    if sentences:
        return " ".join(_highlight(s["text"], s["start"], s["anchors"], other_keys) for s in sentences)
    machine = [s for s in machine_from if s.get("machine_text")]
    if machine:
        model = machine[0]["machine_model"]
        text = ("" if lang == "zh-CN" else " ").join(s["machine_text"] for s in machine)
        return f'<span class="machine">{escape(text)}</span> <span class="badge">machine · {escape(model)}</span>'
    return '<span class="empty">—</span>'


# A browser stays usable up to about this many rows; a bigger document's report shows the first ones
# and says where the rest is (alignments.jsonl holds every bead).
MAX_REPORT_ROWS = 5000


def _alignment_view(shown: list[dict], total: int, sentences: dict[str, dict], sections: dict[str, dict]) -> str:
    """Rows for the sentence beads `shown` (the first of `total`), with a note on the rest."""
    rows, current = [], (None, None)
    for bead in shown:
        zh = [sentences[i] for i in bead["zh"]]
        en = [sentences[i] for i in bead["en"]]
        # Each side names only the section its own sentences are in.
        section_ids = (zh[0]["section_id"] if zh else None, en[0]["section_id"] if en else None)
        if section_ids != current:
            labels = []
            for section_id, lang in zip(section_ids, ("zh-CN", "en")):
                section = sections.get(section_id or "", {})
                label = " ".join(p for p in (section.get("number"), section.get("title")) if p) or (
                    "Abstract" if section.get("numbered_by") == "abstract" else ""
                )
                labels.append(f'<div lang="{lang}">{escape(label)}</div>')
            rows.append(f'<div class="section-row">{labels[0]}<div></div>{labels[1]}</div>')
            current = section_ids
        zh_keys = {a["key"] for s in zh for a in s["anchors"]}
        en_keys = {a["key"] for s in en for a in s["anchors"]}
        ties = zh_keys & en_keys
        meta = f"{escape(bead['bead'])}<br>" + (f"score {bead['score']:.2f}" if bead["status"] == "aligned" else "")
        style = _confidence(bead) + (" heading" if any(s.get("kind") == "heading" for s in zh + en) else "")
        rows.append(
            f'<div class="row {style}" id="{escape(bead["id"])}" data-bead="{escape(bead["bead"])}" '
            f'data-score="{bead["score"]:.4f}">'
            f'<div lang="zh-CN">{_side(zh, ties, "zh-CN", en)}</div>'
            f'<div class="meta">{meta}</div>'
            f'<div lang="en">{_side(en, ties, "en", zh)}</div></div>'
        )
    left_out = total - len(shown)
    note = (
        (
            f'<p class="left-out" id="left-out">The first {len(shown):,} of {total:,} sentence beads are '
            f'shown; the other {left_out:,} are in <a href="alignments.jsonl">alignments.jsonl</a> (and the '
            f'sentences in <a href="sentences.jsonl">sentences.jsonl</a>).</p>'
        )
        if left_out
        else ""
    )
    return note + '<div class="rows" role="table" aria-label="aligned sentences">' + "\n".join(rows) + "</div>"


def _mismatched_view(directory: Path, max_rows: int) -> tuple[str, int]:
    """The sentences written in another language than their document's (mismatched.jsonl): a list, and how many."""
    items: list[str] = []
    total = 0
    for sentence in iter_jsonl(directory / "mismatched.jsonl"):
        total += 1
        if len(items) < max_rows:
            lang = "zh-CN" if sentence["lang"] == "zh" else sentence["lang"]
            items.append(
                f'<li><span lang="{escape(lang)}">{escape(sentence["text"])}</span> '
                f'<span class="where">{escape(sentence["lang"])} · {escape(sentence["section_id"])}</span></li>'
            )
    if total > len(items):
        items.append(f"<li>… and {total - len(items):,} more in mismatched.jsonl</li>")
    view = (
        f'<details class="mismatched" id="mismatched"><summary>Sentences in another language than their document '
        f"({total}): kept out of the alignment</summary><ul>{''.join(items)}</ul></details>"
    )
    return view, total


def _text_with_origin(record: dict, lang: str) -> str:
    text, origin = record.get(f"text_{lang}"), str(record.get(f"origin_{lang}") or "")
    html_lang = "zh-CN" if lang == "zh" else "en"
    model = f" · {escape(record['machine']['model'])}" if origin == "machine" and record.get("machine") else ""
    badge = f'<span class="badge origin-{escape(str(origin))}">{escape(str(origin))}{model}</span>'
    body = escape(text) if text else '<span class="empty">—</span>'
    css = "machine" if origin == "machine" else ""
    return f'<span class="{lang} {css}" lang="{html_lang}">{body} {badge}</span>'


def _record_line(record: dict) -> str:
    number = f"<b>{escape(record['number'])}</b> " if record.get("number") else ""
    return f'<span class="record">{number}{_text_with_origin(record, "en")} {_text_with_origin(record, "zh")}</span>'


def _records_view(records: dict[str, list[dict]]) -> str:
    questions_by_parent: dict[str, list[dict]] = {}
    for question in records["question"]:
        questions_by_parent.setdefault(question.get("topic_id") or question.get("challenge_id") or "", []).append(
            question
        )

    def question_list(parent_id: str) -> str:
        items = questions_by_parent.get(parent_id, [])
        return "".join(f'<li id="{escape(q["id"])}">{_record_line(q)}</li>' for q in items)

    parts = []
    for category in records["category"]:
        challenges = [c for c in records["challenge"] if c.get("category_id") == category["id"]]
        inner = []
        for challenge in challenges:
            topics = [t for t in records["topic"] if t.get("challenge_id") == challenge["id"]]
            topic_html = "".join(
                f'<details open><summary>{_record_line(t)}</summary><ul class="questions">{question_list(t["id"])}</ul>'
                f"</details>"
                for t in topics
            )
            inner.append(
                f"<details open><summary>{_record_line(challenge)}</summary>{topic_html}"
                f'<ul class="questions">{question_list(challenge["id"])}</ul></details>'
            )
        parts.append(f"<details open><summary>{_record_line(category)}</summary>{''.join(inner)}</details>")
    total = len(records["question"])
    return (
        f'<label for="question-filter">Filter questions (English or Chinese):</label><br>'
        f'<input type="search" id="question-filter" placeholder="filter by English or Chinese words">'
        f' <span id="question-count">{total} of {total} questions</span>'
        + ("".join(parts) if parts else "<p>No records.</p>")
    )


def render_report(directory: Path, manifest: dict, max_rows: int = MAX_REPORT_ROWS) -> str:
    """report.html for an output directory whose record files are written (the manifest may not be yet).

    The files are read as streams and only what the page shows is kept: the
    first `max_rows` sentence beads, their sentences, and counts of the rest
    (a 50 MB text has hundreds of thousands of sentences).
    """
    sections = {s["id"]: s for s in iter_jsonl(directory / "sections.jsonl")}
    shown: list[dict] = []
    unaligned: list[dict] = []
    total = unaligned_total = unaligned_zh = unaligned_en = 0
    for bead in iter_jsonl(directory / "alignments.jsonl"):
        if bead["level"] != "sentence":
            continue
        total += 1
        if len(shown) < max_rows:
            shown.append(bead)
        if bead["status"] != "aligned":
            unaligned_total += 1
            unaligned_zh += len(bead["zh"])
            unaligned_en += len(bead["en"])
            if len(unaligned) < max_rows:
                unaligned.append(bead)
    wanted = {i for bead in shown for i in bead["zh"] + bead["en"]}
    sentences = {s["id"]: s for s in iter_jsonl(directory / "sentences.jsonl") if s["id"] in wanted}
    records = load_records(directory)
    mismatched, mismatched_total = _mismatched_view(directory, max_rows)
    models = manifest.get("counts", {}).get("translate", {}).get("models") or []
    title = manifest.get("document", {}).get("title") or manifest.get("document", {}).get("id", "report")
    summary = (
        '<div class="summary" id="summary">'
        f"<div><b>{total}</b>sentence beads</div>"
        f"<div><b>{total - unaligned_total}</b>aligned</div>"
        f'<div><b id="unaligned-zh">{unaligned_zh}</b>unaligned Chinese sentences</div>'
        f'<div><b id="unaligned-en">{unaligned_en}</b>unaligned English sentences</div>'
        f'<div><b id="mismatched-count">{mismatched_total}</b>sentences in another language</div>'
        f"<div><b>{len(records['question'])}</b>research questions</div>"
        f"<div><b>{escape(', '.join(models) or 'none')}</b>machine translation</div></div>"
        '<p class="legend">Rows by confidence: <span style="background:var(--high)">score ≥ 0.70</span>'
        '<span style="background:var(--mid)">0.45–0.70</span><span style="background:var(--low)">&lt; 0.45</span>'
        '<span style="background:var(--unaligned)">unaligned</span>'
        '<mark class="anchor tie">anchor shared by both sides</mark> <mark class="anchor">citation or reference</mark>'
        ' <span class="machine">machine text</span></p>'
    )
    unaligned_list = "".join(
        f'<li><a href="#{escape(b["id"])}">{escape(b["id"].split("|", 1)[1])}</a></li>' for b in unaligned
    )
    if unaligned_total > len(unaligned):
        unaligned_list += f"<li>… and {unaligned_total - len(unaligned):,} more in unaligned.jsonl</li>"
    # The aligner's warning that a pair may not be translations of each other comes first (align/summary.py).
    warnings = "".join(
        f'<p class="warning" role="alert">{escape(c["warning"])}</p>'
        for c in manifest.get("counts", {}).get("align", {}).values()
        if isinstance(c, dict) and c.get("warning")
    )
    body = (
        f'<header><h1>{escape(title)}</h1><nav><a href="#alignment">Alignment</a><a href="#records">Records</a>'
        f'</nav></header>\n<main>\n{warnings}<h2 id="overview">Overview</h2>{summary}'
        f"<details><summary>Unaligned sentences ({unaligned_total} beads)</summary><ul>{unaligned_list}</ul></details>"
        f"{mismatched}"
        f'\n<h2 id="alignment">Alignment</h2>\n{_alignment_view(shown, total, sentences, sections)}'
        f'\n<h2 id="records">Records</h2>\n{_records_view(records)}\n</main>'
    )
    return _page(f"{title} — bilingual report", body, FILTER_JS)


def render_diff_html(result) -> str:
    body = (
        f"<header><h1>Changes from {escape(result.old)} to {escape(result.new)}</h1></header><main>"
        f"<h2>Counts</h2>{diff_counts_table(result.counts())}"
        f'<h2>Changes</h2><ul class="changes">{"".join(diff_items(result)) or "<li>No changes.</li>"}</ul></main>'
    )
    return _page(f"Changes from {result.old} to {result.new}", body)


def diff_counts_table(counts: dict[str, dict[str, int]]) -> str:
    """Changes by record type (rows) and kind of change (columns)."""
    changes_header = "".join(f"<th>{c}</th>" for c in next(iter(counts.values())))
    rows = "".join(
        f"<tr><th>{kind}</th>" + "".join(f"<td>{n}</td>" for n in row.values()) + "</tr>"
        for kind, row in counts.items()
    )
    return f'<table class="counts"><tr><th>record type</th>{changes_header}</tr>{rows}</table>'


def diff_items(result) -> list[str]:
    """One <li> per change, with the word-level diff of a rewording."""
    items = []
    for change in result.changes:
        lang = "zh-CN" if change.lang == "zh" else "en"
        if change.change == "reworded":
            tags = {"=": "{}", "-": "<del>{}</del>", "+": "<ins>{}</ins>"}
            separator = "" if change.lang == "zh" else " "
            words = separator.join(tags[op].format(escape(text)) for op, text in (change.words or []))
            detail = f'<span lang="{lang}">{words}</span> (similarity {change.similarity:.2f})'
        elif change.change in ("added", "removed"):
            text = change.text_new if change.change == "added" else change.text_old
            tag = "ins" if change.change == "added" else "del"
            detail = f'<{tag} lang="{lang}">{escape(text or "")}</{tag}>'
        elif change.change == "renumbered":
            detail = (
                f"{escape(str(change.number_old))} → {escape(str(change.number_new))}: {escape(change.text_new or '')}"
            )
        else:
            detail = (
                f"{escape(str(change.parent_old))} → {escape(str(change.parent_new))}: {escape(change.text_new or '')}"
            )
        items.append(
            f'<li class="change {change.change}"><b>{change.change}</b> {change.kind} '
            f"<code>{escape(change.id)}</code>: {detail}</li>"
        )
    return items
