"""Big and odd input: a 1 MB Chinese line without punctuation, and long texts through `pipeline run`.

Run: .venv/bin/python benchmarks/bench_scale.py [--mb N]
Prints time and peak memory against the targets; exits 1 when one is missed.
Targets (issue "Never lose a user's data ..."): the 1 MB line segments in <= 10 s;
`pipeline run` stays under 2 GB peak memory on a N MB text (default 50) on either
side of the pair: N MB of Chinese (the seed repeated) against the English abstract,
and the Chinese seed against N MB of English (the abstract repeated), the lopsided
case the aligner meets when one side is a whole book.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SEED = ROOT / "raw" / "zh" / "000_f4edeb85b38b436d.txt"
EN_ABSTRACT = ROOT / "raw" / "en" / "arxiv-2404.09932-abstract.txt"
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


def run_big_text(megabytes: int, big_lang: str) -> tuple[float, float, int]:
    """`pipeline run` with one side `megabytes` long, in a child process: seconds, peak MB, exit status."""
    with tempfile.TemporaryDirectory() as folder:
        big = Path(folder) / "big.txt"
        seed = (SEED if big_lang == "zh" else EN_ABSTRACT).read_text(encoding="utf-8").strip() + "\n\n"
        with big.open("w", encoding="utf-8") as handle:
            written = 0
            while written < megabytes * 1_000_000:
                handle.write(seed)
                written += len(seed.encode("utf-8"))
        zh, en = (big, EN_ABSTRACT) if big_lang == "zh" else (SEED, big)
        started = time.perf_counter()
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "pipeline",
                "run",
                "--quiet",
                "--no-translate",
                "--zh",
                str(zh),
                "--en",
                str(en),
                "--out",
                str(Path(folder) / "out"),
            ],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
        )
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
    return seconds, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=50, help="size of the big text in MB (default 50)")
    args = parser.parse_args()
    missed = 0
    seconds = long_line_seconds()
    ok = seconds <= LINE_TARGET_S
    missed += not ok
    print(f"1 M-character Chinese line: {seconds:.1f} s (target <= {LINE_TARGET_S:.0f} s) {'ok' if ok else 'MISSED'}")
    for big_lang, name in (("zh", "Chinese"), ("en", "English")):
        seconds, peak, status = run_big_text(args.mb, big_lang)
        ok = status == 0 and peak <= RUN_TARGET_MB
        missed += not ok
        print(
            f"pipeline run on {args.mb} MB of {name} text: {seconds:.0f} s, peak {peak:.0f} MB, exit {status} "
            f"(target <= {RUN_TARGET_MB} MB) {'ok' if ok else 'MISSED'}"
        )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
