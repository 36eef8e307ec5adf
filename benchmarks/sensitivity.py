"""How the Bible F1 moves when each aligner penalty and weight moves by -50% and +50%.

Run: .venv/bin/python benchmarks/sensitivity.py [--fit]
Strict F1 on the calibration half (odd chapters) and the held-out half (even
chapters) for the configured value and for each parameter at 0.5x and 1.5x
(a zero penalty moves to -1 and +1 instead). With --fit, one pass of
coordinate search over 0.5x/0.75x/1.25x/1.5x on the calibration half only,
then the held-out F1 of the result: a proposal, checked before adoption
against bench_glossary.py's stress test (a weak dictionary), since a value
fitted to one text can sit next to a cliff on another. Exit 0 always (a
report, not a target); bench_align.py holds the targets.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bible import load, scores, segments  # noqa: E402

from pipeline.align import Aligner  # noqa: E402
from pipeline.config import load_config  # noqa: E402

LABELS = {"penalties": "penalty ", "weights": "weight "}


def moved(params, group: str, key: str, factor: float):
    value = getattr(params, group).model_dump(by_alias=True)[key]
    return params.updated(**{group: {key: value * factor if value else (factor - 1.0) * 2}})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fit", action="store_true", help="also run one pass of coordinate search on the fit half")
    args = parser.parse_args()
    config = load_config(ROOT / "config" / "pipeline.yaml")
    aligner = Aligner.from_config(config)
    bible = load()
    zh, en = segments(bible)

    def f1(params) -> tuple[float, float]:
        by_part = scores(bible, aligner.align(zh, en, params))
        return by_part["fit"].f1_strict, by_part["report"].f1_strict

    base = aligner.params
    base_fit, base_report = f1(base)
    print(f"strict F1 at the configured values: fit half {base_fit:.3f}, held-out half {base_report:.3f}")
    print(f"{'parameter':22} {'value':>6} | {'0.5x fit':>8} {'held':>6} | {'1.5x fit':>8} {'held':>6}")
    knobs = [("penalties", k) for k in base.penalties.model_dump(by_alias=True) if k != "mismatch"] + [
        ("weights", k) for k in base.weights.model_dump() if k != "mt"
    ]
    for group, key in knobs:
        low, high = f1(moved(base, group, key, 0.5)), f1(moved(base, group, key, 1.5))
        value = getattr(base, group).model_dump(by_alias=True)[key]
        print(f"{LABELS[group] + key:22} {value:6.2f} | {low[0]:8.3f} {low[1]:6.3f} | {high[0]:8.3f} {high[1]:6.3f}")
    if args.fit:
        best, best_fit = base, base_fit
        for group, key in knobs:
            for factor in (0.5, 0.75, 1.25, 1.5):
                candidate = moved(best, group, key, factor)
                fit, _ = f1(candidate)
                if fit > best_fit + 0.001:
                    best, best_fit = candidate, fit
        fit, report = f1(best)
        print(
            f"coordinate search on the fit half: fit {fit:.3f}, held-out {report:.3f} "
            f"(configured: fit {base_fit:.3f}, held-out {base_report:.3f})"
        )
        print(f"penalties {best.penalties.as_dict()}\nweights {best.weights.model_dump()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
