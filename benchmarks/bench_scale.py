"""Big and odd input: a 1 MB Chinese line without punctuation, and a long Chinese text through `pipeline run`.

Run: .venv/bin/python benchmarks/bench_scale.py [--mb N]
Prints time and peak memory against the targets; exits 1 when one is missed.
Targets (issue "Never lose a user's data ..."): the 1 MB line segments in <= 10 s;
`pipeline run` on a N MB text (default 50) stays under 2 GB peak memory.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SEED = ROOT / "raw" / "zh" / "000_f4edeb85b38b436d.txt"
LINE_TARGET_S = 10.0
RUN_TARGET_MB = 2048


def long_line_seconds() -> float:
    from pipeline.lang import rules_for

    rules = rules_for("zh")
    rules.analyse("预热。")
    han = "".join(c for c in SEED.read_text(encoding="utf-8") if "\u4e00" <= c <= "\u9fff")
    text = (han * (1_000_000 // len(han) + 1))[:1_000_000]  # 1 M characters, about 3 MB of UTF-8
    started = time.perf_counter()
    rules.analyse(text)
    return time.perf_counter() - started


def run_big_text(megabytes: int) -> tuple[float, float, int]:
    """`pipeline run --zh BIG --en abstract` in a child process: seconds, peak MB, exit status."""
    with tempfile.TemporaryDirectory() as folder:
        big = Path(folder) / "big.txt"
        seed = SEED.read_text(encoding="utf-8")
        with big.open("w", encoding="utf-8") as handle:
            written = 0
            while written < megabytes * 1_000_000:
                handle.write(seed)
                written += len(seed.encode("utf-8"))
        started = time.perf_counter()
        status = subprocess.call([sys.executable, "-m", "pipeline", "run", "--quiet", "--no-translate", "--zh", str(big),
                                  "--en", str(ROOT / "raw" / "en" / "arxiv-2404.09932-abstract.txt"),
                                  "--out", str(Path(folder) / "out")], cwd=ROOT)
        seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return seconds, peak_mb, status


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=50, help="size of the big text in MB (default 50)")
    args = parser.parse_args()
    missed = 0
    seconds = long_line_seconds()
    ok = seconds <= LINE_TARGET_S
    missed += not ok
    print(f"1 M-character Chinese line: {seconds:.1f} s (target <= {LINE_TARGET_S:.0f} s) {'ok' if ok else 'MISSED'}")
    seconds, peak, status = run_big_text(args.mb)
    ok = status == 0 and peak <= RUN_TARGET_MB
    missed += not ok
    print(f"pipeline run on {args.mb} MB of Chinese text: {seconds:.0f} s, peak {peak:.0f} MB, exit {status} "
          f"(target <= {RUN_TARGET_MB} MB) {'ok' if ok else 'MISSED'}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
