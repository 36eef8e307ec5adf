"""Alignment speed as a user meets it: whole `pipeline align --presplit` processes.

Run: .venv/bin/python benchmarks/bench_align_speed.py
Each case is a fresh process (Python start-up, imports, dictionary loading,
features, DP, output), timed on the wall clock (median of RUNS) with its own
peak resident memory (os.wait4). Cases and targets:

- Bible zh-en, 6,301 x 5,000 lines: <= 2.0 s, <= 300 MB, strict F1 on the
  held-out (even-chapter) half >= 0.94 (scored from the command's output).
- A 1,000-line document: the first 1,000 English Bible lines and their
  1,338 Chinese lines: <= 1.0 s.
- A 20,000 x 20,000 book: the Bible's gold beads, each side's sentences of a
  bead joined into one line, repeated to 20,000 lines: <= 15 s, <= 1 GB
  (the band's memory grows with rows x band width, not rows x columns).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from pipeline.align.evaluate import read_alignment  # noqa: E402

RUNS = 3
BOOK_LINES = 20_000
SMALL_EN_LINES = 1_000


def measure(zh: Path, en: Path, output: Path) -> tuple[float, float]:
    """Wall seconds and peak MB of one `pipeline align --presplit` process."""
    command = [sys.executable, "-m", "pipeline", "align", "--presplit", str(zh), str(en), "-o", str(output)]
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} exited {process.returncode}")
    return seconds, usage.ru_maxrss / 1024


def median_run(zh: Path, en: Path, output: Path) -> tuple[float, float]:
    results = [measure(zh, en, output) for _ in range(RUNS)]
    return statistics.median(s for s, _ in results), max(mb for _, mb in results)


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def main() -> int:
    from bible import DATA, load, score_pairs

    bible = load()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        zh_file, en_file = DATA / "zh" / "001", DATA / "en" / "001"
        seconds, mb = median_run(zh_file, en_file, folder / "bible.align")
        pairs = [(en, zh) for zh, en in read_alignment(folder / "bible.align")]
        held_out = score_pairs(bible, pairs)["report"]
        rows.append(
            (
                "Bible 6,301 x 5,000",
                seconds,
                mb,
                [("seconds", seconds, 2.0), ("MB", mb, 300)],
                ("held-out strict F1", held_out.f1_strict, 0.94),
            )
        )

        # The first SMALL_EN_LINES English lines and the Chinese lines the gold pairs with them.
        zh_end = max(j for src, tgt in bible.gold if src and max(src) < SMALL_EN_LINES for j in tgt) + 1
        small_zh = write_lines(folder / "small.zh", bible.zh_lines[:zh_end])
        small_en = write_lines(folder / "small.en", bible.en_lines[:SMALL_EN_LINES])
        seconds, mb = median_run(small_zh, small_en, folder / "small.align")
        rows.append((f"document {zh_end:,} x {SMALL_EN_LINES:,}", seconds, mb, [("seconds", seconds, 1.0)], None))

        verses = [
            (" ".join(bible.zh_lines[j] for j in tgt), " ".join(bible.en_lines[i] for i in src))
            for src, tgt in bible.gold
            if src and tgt
        ]
        book = [verses[k % len(verses)] for k in range(BOOK_LINES)]
        book_zh = write_lines(folder / "book.zh", [zh for zh, _ in book])
        book_en = write_lines(folder / "book.en", [en for _, en in book])
        seconds, mb = measure(book_zh, book_en, folder / "book.align")
        on_diagonal = (
            sum(1 for zh, en in read_alignment(folder / "book.align") if len(zh) == len(en) == 1 and zh == en)
            / BOOK_LINES
        )
        rows.append(
            (
                f"book {BOOK_LINES:,} x {BOOK_LINES:,}",
                seconds,
                mb,
                [("seconds", seconds, 15.0), ("MB", mb, 1024)],
                ("1-1 beads on the diagonal", on_diagonal, 0.9),
            )
        )

    print(f"whole `pipeline align --presplit` processes; median of {RUNS} runs (the book: one run)")
    print(f"{'case':28} {'seconds':>8} {'peak MB':>8}")
    for name, seconds, mb, _, _ in rows:
        print(f"{name:28} {seconds:8.2f} {mb:8.0f}")
    missed = 0
    for name, _, _, limits, quality in rows:
        checks = [(f"{name} {what}", value, target, "<=") for what, value, target in limits]
        if quality:
            checks.append((f"{name} {quality[0]}", quality[1], quality[2], ">="))
        for label, value, target, sense in checks:
            ok = value <= target if sense == "<=" else value >= target
            missed += not ok
            print(f"{label:48} {value:9.3f}  target {sense} {target}  {'ok' if ok else 'MISSED'}")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
