"""Real documents end to end, and whether the alignment score means what it says.

Run: .venv/bin/python benchmarks/bench_bitext.py [--fit] [--keep DIR]

Part 1 runs the pipeline on the five document pairs of ../shared/bitext
(read in place; skipped, with a message, when absent) and scores them with
the set's own scorer, ../shared/bitext/bitext_eval.py, imported in place:
character-link F1 and exact-bead F1 per pair and macro-averaged.

Part 2 judges the beads' scores as probabilities. The calibration split:
the odd Bible chapters (benchmarks/data/bible) and the 1st, 3rd and 5th
bitext pairs in name order are the fit half, the even chapters and the
other two pairs the held-out half. The fit half also holds unrelated pairs
(each fit pair's Chinese against another's English), whose beads are all
wrong, and its pairs with an English section moved or dropped (perturb.py).
Documents and one-sentence-a-line text have a model each (confidence.regime):
the Bible fits the second, the document pairs the first. Each pair bead is
labelled right or wrong (for the bitext pairs by bitext_eval's own
exact-bead rule; for the Bible, after merging beads inside one verse, as
bench_align.py scores it).
On the held-out half: ROC AUC, expected calibration error (10 bins), and
precision and recall at `align.min_confidence` (the TMX cut-off).

--fit refits the confidence model (pipeline/align/confidence.py) on the fit
half and writes pipeline/align/confidence.json, then reports as above with it.

Targets: macro link F1 >= 0.97, macro exact-bead F1 >= 0.90; held-out AUC >=
0.90, ECE <= 0.05, precision at the cut-off >= 0.97. Exit 1 on a miss.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import calibration  # noqa: E402

from pipeline.align import confidence  # noqa: E402

SHARED = ROOT.parent / "shared" / "bitext"
TARGETS = {"link_f1": 0.97, "bead_f1": 0.90, "auc": 0.90, "ece": 0.05, "precision": 0.97}


def pipeline_command() -> str:
    installed = ROOT / ".venv" / "bin" / "pipeline"
    return str(installed) if installed.exists() else shutil.which("pipeline") or "pipeline"


def bead_labels(scorer, gold, pred, beads) -> dict[int, bool]:
    """Which of the predicted sentence beads bitext_eval counts right, by index. Its score_pair labels
    each bead for the AUC it reports; giving every bead its own index as score reads those labels off."""
    seen: dict[str, list[float]] = {}
    original = scorer.auc

    def spy(pos, neg):
        seen["right"], seen["wrong"] = pos, neg
        return original(pos, neg)

    scorer.auc = spy
    try:
        scorer.score_pair(gold, pred, [dict(b, score=float(k)) for k, b in enumerate(beads)])
    finally:
        scorer.auc = original
    return {int(k): True for k in seen["right"]} | {int(k): False for k in seen["wrong"]}


def sentence_records(docdir: str) -> list[dict]:
    with open(Path(docdir) / "alignments.jsonl", encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    return [r for r in records if r.get("level") == "sentence"]


def run_pairs(scorer, keep: Path) -> tuple[list, list[calibration.Sample]]:
    rows, samples = [], []
    for k, (name, folder, zh, en) in enumerate(scorer.pair_dirs(str(SHARED))):
        part = "fit" if k % 2 == 0 else "report"
        rc, seconds, pred, err = scorer.run_pipeline(pipeline_command(), folder, zh, en, keep=str(keep))
        if pred is None:
            print(f"{name}: the pipeline failed (exit {rc}): {err.strip().splitlines()[-1:] or ''}")
            rows.append((name, rc, seconds, None))
            continue
        gold = scorer.load_gold(str(Path(folder) / "gold.jsonl"))
        rows.append((name, rc, seconds, scorer.score_pair(gold, *pred)))
        labels = bead_labels(scorer, gold, *pred)
        records = sentence_records(scorer.find_doc_dir(str(keep / name)))
        for index, right in labels.items():
            record = records[index]
            bead = (len(record["zh"]), len(record["en"]))
            samples.append(calibration.sample(name, part, bead, record["signals"], record["score"], right))
    return rows, samples


def unrelated_samples(scorer) -> list[calibration.Sample]:
    """Pair beads between files that translate nothing of each other: the Chinese of each fit-half
    pair against the English of the next one. Every such bead is wrong; the document model learns
    there what an unrelated pair looks like (only the fit half gets these: the held-out half is
    judged on real pairs alone)."""
    from pipeline.align import Aligner
    from pipeline.align.hierarchical import align_documents
    from pipeline.api import pair_config
    from pipeline.run import segment_file

    fit_pairs = [p for k, p in enumerate(scorer.pair_dirs(str(SHARED))) if k % 2 == 0]
    samples = []
    for (_, zh_dir, zh, _), (_, en_dir, _, en) in zip(fit_pairs, fit_pairs[1:] + fit_pairs[:1]):
        zh_path, en_path = Path(zh_dir) / zh, Path(en_dir) / en
        config = pair_config(zh_path, en_path, "generic")
        zh_doc, en_doc = segment_file(zh_path, "zh", config), segment_file(en_path, "en", config)
        for r in align_documents(zh_doc, en_doc, Aligner.from_config(config)).by_level("sentence"):
            if r.zh and r.en:
                samples.append(
                    calibration.sample("unrelated", "fit", (len(r.zh), len(r.en)), r.signals, r.score, False)
                )
    return samples


def drifted_samples(scorer) -> list[calibration.Sample]:
    """Beads of the fit-half pairs with a section of the English moved or dropped (perturb.py),
    labelled against the gold like the real pairs' beads."""
    import perturb

    from pipeline.align import Aligner
    from pipeline.align.hierarchical import align_documents
    from pipeline.api import pair_config
    from pipeline.run import segment_file

    samples = []
    for k, (_, folder, zh, en) in enumerate(scorer.pair_dirs(str(SHARED))):
        if k % 2:
            continue
        zh_path, en_path = Path(folder) / zh, Path(folder) / en
        config = pair_config(zh_path, en_path, "generic")
        zh_doc, en_doc = segment_file(zh_path, "zh", config), segment_file(en_path, "en", config)
        gold = scorer.load_gold(str(Path(folder) / "gold.jsonl"))
        for variant, drifted in perturb.variants(en_doc).items():
            records = align_documents(zh_doc, drifted, Aligner.from_config(config)).by_level("sentence")
            beads = [{"zh": r.zh, "en": r.en, "score": r.score} for r in records]
            labels = bead_labels(scorer, gold, perturb.prediction(zh_doc, en_doc), beads)
            for index, right in labels.items():
                r = records[index]
                bead = (len(r.zh), len(r.en))
                samples.append(calibration.sample(f"{variant} sections", "fit", bead, r.signals, r.score, right))
    return samples


def bible_samples() -> list[calibration.Sample]:
    from bible import bead_labels as bible_labels
    from bible import bead_part, load, segments

    from pipeline.align import Aligner
    from pipeline.config import load_config

    bible = load()
    aligner = Aligner.from_config(load_config(ROOT / "config" / "pipeline.yaml"))
    beads = aligner.align(*segments(bible))
    return [
        calibration.sample("bible", bead_part(bible, b), (len(b.zh), len(b.en)), b.signals, b.score, right)
        for b, right in zip(beads, bible_labels(bible, beads))
        if b.zh and b.en
    ]


def judge(name: str, samples: list[calibration.Sample], model, cutoff: float) -> dict:
    scores, right = calibration.arrays(samples, model)
    auc = calibration.auc(scores, right)
    precision, recall, kept = calibration.at_cutoff(scores, right, cutoff)
    result = {"auc": auc, "ece": calibration.ece(scores, right), "precision": precision, "recall": recall}
    print(
        f"{name:34} {len(samples):6d} {int(right.sum()):6d} {auc if auc is not None else float('nan'):6.3f} "
        f"{result['ece']:6.3f} {precision:9.3f} {recall:7.3f} {kept:6d}"
    )
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fit", action="store_true", help="refit the confidence model on the fit half and write it")
    parser.add_argument("--keep", help="keep the pipeline's outputs in this folder")
    args = parser.parse_args()
    if not (SHARED / "bitext_eval.py").is_file():
        print(f"{SHARED} not found: the document benchmark needs ../shared/bitext beside the repository; skipped")
        return 0
    sys.path.insert(0, str(SHARED))
    import bitext_eval as scorer

    from pipeline.config import load_config

    keep = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench_bitext_"))
    keep.mkdir(parents=True, exist_ok=True)
    try:
        rows, samples = run_pairs(scorer, keep)
    finally:
        if not args.keep:
            shutil.rmtree(keep, ignore_errors=True)
    samples += bible_samples() + unrelated_samples(scorer) + drifted_samples(scorer)
    print(scorer.table(rows))

    model = confidence.load_model()
    if args.fit:
        model, provenance = calibration.fit([s for s in samples if s.part == "fit"])
        calibration.write_model(model, provenance)
        print(f"wrote {confidence.MODEL_FILE.relative_to(ROOT)}: {json.dumps(provenance['fitted_on'])}")
    else:
        scores, _ = calibration.arrays(samples, model)
        drift = max((abs(a - s.score) for a, s in zip(scores.tolist(), samples)), default=0.0)
        if drift > 1e-3:
            print(f"note: the model file gives scores up to {drift:.4f} from those the pipeline wrote")

    cutoff = load_config(ROOT / "config" / "pipeline.yaml").settings.align.min_confidence
    print(f"\nscores as probabilities; cut-off align.min_confidence = {cutoff}")
    print(f"{'beads':34} {'count':>6} {'right':>6} {'AUC':>6} {'ECE':>6} {'precision':>9} {'recall':>7} {'kept':>6}")
    for part in ("fit", "report"):
        for source in sorted({s.source for s in samples}):
            chosen = [s for s in samples if s.part == part and s.source == source]
            if chosen:
                judge(f"  {part}: {source}", chosen, model, cutoff)
        documents = [s for s in samples if s.part == part and s.source != "bible"]
        judge(f"{part}: documents", documents, model, cutoff)
        held = judge(f"{part}: all", [s for s in samples if s.part == part], model, cutoff)

    ok_rows = [r for _, _, _, r in rows]
    macro = {k: sum((r[k] if r else 0.0) for r in ok_rows) / len(ok_rows) for k in ("link_f1", "bead_f1")}
    checks = [
        ("macro link F1", macro["link_f1"], TARGETS["link_f1"], ">="),
        ("macro exact-bead F1", macro["bead_f1"], TARGETS["bead_f1"], ">="),
        ("held-out ROC AUC", held["auc"] or 0.0, TARGETS["auc"], ">="),
        ("held-out calibration error", held["ece"], TARGETS["ece"], "<="),
        (f"held-out precision at {cutoff}", held["precision"], TARGETS["precision"], ">="),
    ]
    missed = 0
    print()
    for name, value, target, sense in checks:
        ok = value >= target if sense == ">=" else value <= target
        missed += not ok
        print(f"{name:34} {value:.3f}  target {sense} {target}  {'ok' if ok else 'MISSED'}")
    print(f"{'held-out recall at the cut-off':34} {held['recall']:.3f}  (printed, no target)")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
