"""Alignment with and without each glossary: the general ML terms file and the profile's own terms.

Run: .venv/bin/python benchmarks/bench_glossary.py
Strict F1 on the held-out Bible half and on the scientific fixture, for no
glossary, the general file alone, the profile's terms alone, and both (the
configured set-up); without CC-CEDICT (a stress test: a text the dictionary
barely covers); and the configured set-up with `penalties.mismatch: 2`
(the README's advice for partial translations). A report, not a target: exit 0.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bible import load, scores, segments  # noqa: E402

from pipeline.align import Aligner, AlignParams  # noqa: E402
from pipeline.align.evaluate import read_alignment, read_lines, score  # noqa: E402
from pipeline.config import load_config  # noqa: E402
from pipeline.lang import rules_for  # noqa: E402

SCIENCE = ROOT / "tests" / "fixtures" / "align"


def science_f1(aligner: Aligner) -> float:
    from pipeline.align import Segment

    rules = rules_for("zh", {"user_dictionary": "config/zh_userdict.txt"}, ROOT)
    en_rules = rules_for("en", {}, ROOT)
    zh = [
        Segment(str(k), s, frozenset(a.key for a in rules.anchors(s)))
        for k, s in enumerate(read_lines(SCIENCE / "science.zh"))
    ]
    en = [
        Segment(str(k), s, frozenset(a.key for a in en_rules.anchors(s)))
        for k, s in enumerate(read_lines(SCIENCE / "science.en"))
    ]
    beads = aligner.align(zh, en)
    return score(read_alignment(SCIENCE / "science.gold"), [(b.en, b.zh) for b in beads]).f1_strict


def main() -> int:
    config = load_config(ROOT / "config" / "pipeline.yaml")
    params = AlignParams.from_settings(config.settings.align)
    bible = load()
    zh, en = segments(bible)
    print(f"{'glossaries':34} {'Bible held-out F1':>18} {'science F1':>11}")
    for name, files, terms in (
        ("none (CC-CEDICT only)", [], {}),
        ("general-ml.yaml", config.glossary_paths(), {}),
        ("profile terms", [], config.profile.glossary),
        ("both (configured)", config.glossary_paths(), config.profile.glossary),
    ):
        aligner = Aligner(params, files, terms=terms)
        bible_f1 = scores(bible, aligner.align(zh, en))["report"].f1_strict
        print(f"{name:34} {bible_f1:18.3f} {science_f1(aligner):11.3f}")
    # A text the dictionary barely covers (literary, or far from CC-CEDICT's vocabulary): glossaries only.
    weak = Aligner(params, config.glossary_paths(), terms=config.profile.glossary, use_cedict=False)
    print(
        f"{'weak dictionary (no CC-CEDICT)':34} {scores(bible, weak.align(zh, en))['report'].f1_strict:18.3f} "
        f"{science_f1(weak):11.3f}"
    )
    # The option the README offers for partial translations, on the configured glossaries.
    partial = params.updated(penalties={"mismatch": 2.0})
    aligner = Aligner(partial, config.glossary_paths(), terms=config.profile.glossary)
    bible_f1 = scores(bible, aligner.align(zh, en))["report"].f1_strict
    print(f"{'both, penalties.mismatch: 2':34} {bible_f1:18.3f} {science_f1(aligner):11.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
