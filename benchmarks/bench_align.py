"""Alignment quality and speed on the Bible zh-en gold set (KJV / Chinese Union Version).

Run: .venv/bin/python benchmarks/bench_align.py
In one process: this pipeline's aligner and a plain Gale-Church baseline (the
same DP with every signal but length switched off), scored after merging
predicted beads inside one verse. Targets: strict F1 >= 0.90, lax F1 >= 0.97,
5,000 x 6,301 sentences aligned in <= 5 s, memory well under 1 GB.
Published on this set: Gale-Church 0.821, hunalign 0.895, Bertalign 0.979 (strict F1).

"align s" counts word segmentation, features and the DP for the whole set;
"setup s" is the one-time loading of jieba's and CC-CEDICT's dictionaries.
"""

from __future__ import annotations

import logging
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = ROOT / "benchmarks" / "data" / "bible"

from pipeline.align import Aligner, Segment  # noqa: E402
from pipeline.align.evaluate import merge_within_verses, read_alignment, read_lines, score  # noqa: E402
from pipeline.config import load_config  # noqa: E402

TARGETS = {"f1_strict": 0.90, "f1_lax": 0.97, "seconds": 5.0}


def main() -> int:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    config = load_config(ROOT / "config" / "pipeline.yaml")
    en_lines = read_lines(DATA / "en" / "001")
    zh_lines = read_lines(DATA / "zh" / "001")
    gold = read_alignment(DATA / "gold" / "001.align")
    en_verses, zh_verses = read_lines(DATA / "en.verse"), read_lines(DATA / "zh.verse")

    start = time.perf_counter()
    jieba.initialize()
    aligner = Aligner.from_config(config)
    setup = time.perf_counter() - start

    from pipeline.align import Aligner as _Aligner
    from pipeline.translate import make_translators

    translators, _ = make_translators(config.settings.translate, config.root)
    runs = [("this aligner", aligner, aligner.params), ("Gale-Church baseline", aligner, aligner.params.length_only())]
    if translators.get("zh-en") and translators["zh-en"].available:
        with_mt = _Aligner.from_config(config, translators["zh-en"])
        runs.insert(1, (f"with MT ({translators['zh-en'].model.name})", with_mt, with_mt.params))
    else:
        print("no zh→en Argos package installed: the MT signal is not measured (pipeline models install …)")

    rows = []
    for name, runner, params in runs:
        start = time.perf_counter()
        zh = [Segment(str(k), line, jieba.lcut(line)) for k, line in enumerate(zh_lines)]
        en = [Segment(str(k), line, []) for k, line in enumerate(en_lines)]
        beads = runner.align(zh, en, params)
        seconds = time.perf_counter() - start
        predicted = merge_within_verses([(b.en, b.zh) for b in beads], en_verses, zh_verses)
        rows.append((name, score(gold, predicted), seconds))

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"Bible zh-en: {len(en_lines)} English x {len(zh_lines)} Chinese sentences, {len(gold)} gold beads; "
          f"scored after merging predicted beads inside one verse")
    print(f"{'':40} {'P strict':>8} {'R strict':>8} {'F1 strict':>9} {'P lax':>7} {'R lax':>7} {'F1 lax':>7} "
          f"{'align s':>8}")
    for name, s, seconds in rows:
        print(f"{name:40} {s.precision_strict:8.3f} {s.recall_strict:8.3f} {s.f1_strict:9.3f} {s.precision_lax:7.3f} "
              f"{s.recall_lax:7.3f} {s.f1_lax:7.3f} {seconds:8.2f}")
    ours, ours_seconds = rows[0][1], rows[0][2]
    print(f"setup s {setup:.2f}   peak memory {peak_mb:.0f} MB")
    print(f"ratios to target: strict F1 {ours.f1_strict / TARGETS['f1_strict']:.3f}  "
          f"lax F1 {ours.f1_lax / TARGETS['f1_lax']:.3f}  time {ours_seconds / TARGETS['seconds']:.2f} of the 5 s budget")
    met = ours.f1_strict >= TARGETS["f1_strict"] and ours.f1_lax >= TARGETS["f1_lax"] and ours_seconds <= TARGETS["seconds"]
    print("targets met" if met else "targets NOT met")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
