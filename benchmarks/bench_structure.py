"""PDF structure on real papers: headings against hand-checked truth, and junk in the sentences.

Reads ../shared/corpus/pdf/ in place (third-party copyright: never copied into
this repository). For every PDF: heading precision, recall and F1 with the
corpus README's normalisation, level and number agreement on the matched
headings; once with the PDF's outline used and once with it ignored. And the
junk share: of the sentences emitted on the pages that benchmarks/data/pdf-junk/
covers, those that are table-of-contents lines, bibliography entries, table
cells, code or figure text (pdf_junk.py); heading segments are left to the
heading scores.

Run: .venv/bin/python benchmarks/bench_structure.py [--files SLUG ...] [--show SLUG]
Exit status: 0 when every target is met, 1 when one is missed, 2 when the
corpus folder is absent.

Targets (issues "Structure from real scholarly PDFs" and 23): macro F1 >= 0.97
with outlines and >= 0.90 without; level and number agreement >= 0.95; every
file >= 0.80; junk <= 1% of the covered sentences in every file.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pdf_junk import count_junk, truth_regions  # noqa: E402

from pipeline.extract.pdf import extract_pdf  # noqa: E402
from pipeline.heading_score import HeadingItem, score_headings, section_headings  # noqa: E402
from pipeline.ingest import read_source_file  # noqa: E402
from pipeline.lang import rules_for  # noqa: E402
from pipeline.segment import segment  # noqa: E402
from pipeline.types import SegmentedDoc  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "pdf"
# Held out from tuning: the rules were developed looking at the other twelve files only
# (their missing and extra headings); these five were only ever scored. Chosen before
# tuning began, to span the layouts (two-column ACM, Elsevier, ICML, USENIX, a Chinese thesis).
HELD_OUT = {
    "acm-chi-citesee-2302.07302",
    "elsevier-jhydrol-flow-duration",
    "icml-verbalize-reward-hacking-2506.22777",
    "usenix-osdi-mapreduce",
    "zh-thesis-touch-motion",
}
TARGETS = {"f1_outline": 0.97, "f1_no_outline": 0.90, "agreement": 0.95, "per_file": 0.80, "junk": 0.01}


def truth(pdf: Path) -> list[HeadingItem]:
    lines = pdf.with_suffix(".headings.jsonl").read_text(encoding="utf-8").splitlines()
    return [HeadingItem(d["title"], d["number"], d["level"], d["page"]) for d in map(json.loads, lines) if d]


def predict(pdf: Path, use_outline: bool, rules_cache: dict) -> SegmentedDoc:
    """The document as `pipeline segment` gives it (sentences only with the outline: the junk row)."""
    lang = "zh" if pdf.name.startswith("zh-") else "en"
    item = read_source_file(pdf, lang=lang)
    extracted = extract_pdf(item, workers=1, use_outline=use_outline)
    if lang not in rules_cache:
        rules_cache[lang] = rules_for(lang, {}, ROOT)
    return segment(extracted, rules_cache[lang], sentences=use_outline)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", nargs="*", help="corpus slugs to run (default: all)")
    parser.add_argument("--show", action="store_true", help="print missing and extra headings per file")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        print(f"bench_structure: the corpus folder {CORPUS} is absent; nothing measured", file=sys.stderr)
        return 2
    pdfs = sorted(CORPUS.glob("*.pdf"))
    if args.files:
        pdfs = [p for p in pdfs if p.stem in args.files]
    rules_cache: dict = {}
    rows = []
    print(
        f"{'file':52} {'outl':>4} | {'F1':>5} {'P':>5} {'R':>5} {'lvl':>5} {'num':>5} | "
        f"{'F1 no-outl':>10} {'lvl':>5} {'num':>5} | {'junk':>11} | s"
    )
    for pdf in pdfs:
        started = time.perf_counter()
        gold = truth(pdf)
        scores = {}
        junk = None
        for use_outline in (True, False):
            doc = predict(pdf, use_outline, rules_cache)
            scores[use_outline] = score_headings(section_headings(doc.sections), gold)
            regions = truth_regions(pdf) if use_outline else None
            if regions is not None:
                # Heading segments are scored by the heading columns (a false heading costs precision
                # there); the junk row is about the body sentences. A truth box that takes in the
                # "References" heading above its entries would otherwise count that heading as junk.
                junk = count_junk([s for s in doc.sentences if s.kind != "heading"], regions)
        seconds = time.perf_counter() - started
        a, b = scores[True], scores[False]
        from pipeline.extract.pdf.reader import open_pdf, read_outline

        with open_pdf(pdf.read_bytes(), str(pdf)) as handle:
            has_outline = bool(read_outline(handle))
        rows.append((pdf.stem, has_outline, a, b, junk))
        junk_cell = f"{junk.junk:3d}/{junk.sentences:<3d} {100 * junk.share:3.0f}%" if junk else "no truth"
        print(
            f"{pdf.stem[:52]:52} {'yes' if has_outline else 'no':>4} | {a.f1:5.3f} {a.precision:5.3f} {a.recall:5.3f} "
            f"{a.level_agreement:5.3f} {a.number_agreement:5.3f} | {b.f1:10.3f} {b.level_agreement:5.3f} "
            f"{b.number_agreement:5.3f} | {junk_cell:>11} | {seconds:.0f}"
        )
        if args.show and pdf.stem not in HELD_OUT:
            for kind, score in (("outline", a), ("no outline", b)):
                for title in score.missing:
                    print(f"    [{kind}] missing: {title}")
                for title in score.extra:
                    print(f"    [{kind}] extra:   {title}")
                for predicted, true in score.disagreements:
                    print(f"    [{kind}] level/number: predicted {predicted}, true {true}")
            for text in junk.examples if junk else ():
                print(f"    junk sentence: {text}")
    if not rows:
        print("bench_structure: no corpus files matched", file=sys.stderr)
        return 2

    def mean(values):
        values = list(values)
        return sum(values) / len(values)

    figures = {
        "f1_outline": mean(r[2].f1 for r in rows),
        "f1_no_outline": mean(r[3].f1 for r in rows),
        "level_outline": mean(r[2].level_agreement for r in rows),
        "number_outline": mean(r[2].number_agreement for r in rows),
        "level_no_outline": mean(r[3].level_agreement for r in rows),
        "number_no_outline": mean(r[3].number_agreement for r in rows),
        "worst_file": min(min(r[2].f1, r[3].f1) for r in rows),
        "worst_junk": max((r[4].share for r in rows if r[4]), default=0.0),
        "all_junk": sum(r[4].junk for r in rows if r[4]) / max(1, sum(r[4].sentences for r in rows if r[4])),
    }
    checks = [
        ("macro F1 with outlines", figures["f1_outline"], TARGETS["f1_outline"]),
        ("macro F1 outlines ignored", figures["f1_no_outline"], TARGETS["f1_no_outline"]),
        ("level agreement (outlines)", figures["level_outline"], TARGETS["agreement"]),
        ("number agreement (outlines)", figures["number_outline"], TARGETS["agreement"]),
        ("level agreement (outlines ignored)", figures["level_no_outline"], TARGETS["agreement"]),
        ("number agreement (outlines ignored)", figures["number_no_outline"], TARGETS["agreement"]),
        ("worst file F1", figures["worst_file"], TARGETS["per_file"]),
    ]
    for part, members in (
        ("development", [r for r in rows if r[0] not in HELD_OUT]),
        ("held out", [r for r in rows if r[0] in HELD_OUT]),
    ):
        if members:
            print(
                f"{part:12} ({len(members):2} files): macro F1 {mean(r[2].f1 for r in members):.3f} with outlines, "
                f"{mean(r[3].f1 for r in members):.3f} outlines ignored"
            )
    print()
    missed = 0
    for name, value, target in checks:
        ok = value >= target
        missed += not ok
        print(f"{name:38} {value:.3f}  target >= {target:.2f}  {'ok' if ok else 'MISSED'}")
    covered = [r for r in rows if r[4]]
    print(f"{'junk in sentences, all covered pages':38} {figures['all_junk']:.3f}  ({len(covered)} files)")
    ok = figures["worst_junk"] <= TARGETS["junk"]
    missed += not ok
    worst = f"{figures['worst_junk']:.3f}  target <= {TARGETS['junk']:.2f}"
    print(f"{'junk in sentences, worst file':38} {worst}  {'ok' if ok else 'MISSED'}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
