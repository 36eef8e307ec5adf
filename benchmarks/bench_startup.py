"""Start-up as a user meets it: whole `pipeline` processes on the wall clock.

Run: .venv/bin/python benchmarks/bench_startup.py [--runs N]
Each case is a fresh `python -m pipeline ...` process (interpreter start, imports,
rules, output), timed from spawn to exit; the figure is the minimum of N runs (the
machine is shared with other jobs: the minimum is the run least slowed by them).
Cases and targets (issue 25):

- `pipeline --version`: <= 0.3 s.
- `pipeline segment` of a one-page Chinese text file (the first lines of the committed
  seed, raw/zh/, up to PAGE_CHARACTERS["zh"] characters): <= 1.0 s.
- `pipeline segment` of an English text file (the committed abstract, raw/en/, and the
  paper's opening, tests/fixtures/align/science.en: about half a page): <= 1.0 s.

Bytecode: an installed package has its `.pyc` files (pip compiles them), but a
PYTHONDONTWRITEBYTECODE environment would make every process compile `pipeline/` again.
The processes get a bytecode folder of their own (PYTHONPYCACHEPREFIX, a temporary
folder) filled by one uncounted warm-up run per case, so they start as an installed
package does; nothing is written into the repository or the virtual environment.

Printed with the figures: the load average and the time of a fixed Python loop in this
process, because the shared machine's speed varies (the same loop took 0.73 s and 0.95 s
an hour apart, and the processes' times with it): compare runs with like reference times.
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
SEED_ZH = ROOT / "raw" / "zh" / "000_f4edeb85b38b436d.txt"
ABSTRACT_EN = ROOT / "raw" / "en" / "arxiv-2404.09932-abstract.txt"
OPENING_EN = ROOT / "tests" / "fixtures" / "align" / "science.en"

RUNS = 10
PAGE_CHARACTERS = {"zh": 1_500}  # a printed page of Chinese body text: about 1,500 characters
TARGETS = {"version": 0.3, "segment": 1.0}
REFERENCE_LOOP = 10_000_000  # sum(range(...)), timed in this process: the same work on every run


def zh_page(folder: Path) -> Path:
    """Whole lines of the Chinese seed, up to a page."""
    text = ""
    for line in SEED_ZH.read_text(encoding="utf-8").splitlines(keepends=True):
        if len(text) + len(line) > PAGE_CHARACTERS["zh"]:
            break
        text += line
    path = folder / "page.zh.txt"
    path.write_text(text, encoding="utf-8")
    return path


def en_page(folder: Path) -> Path:
    text = ABSTRACT_EN.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + OPENING_EN.read_text(encoding="utf-8")
    path = folder / "page.en.txt"
    path.write_text(text, encoding="utf-8")
    return path


def seconds(arguments: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one whole `python -m pipeline ARGUMENTS` process.

    The CPU time is shown beside the wall clock because it is less sensitive to other jobs
    on the machine (they delay a process more than they lengthen its work); the targets are
    on the wall clock.
    """
    command = [sys.executable, "-m", "pipeline", *arguments]
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} exited {os.waitstatus_to_exitcode(status)}")
    return elapsed, usage.ru_utime + usage.ru_stime


def reference_loop_seconds() -> float:
    """A fixed pure-Python loop (min of 3): how fast the machine runs Python right now, to compare runs."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        sum(range(REFERENCE_LOOP))
        best = min(best, time.perf_counter() - start)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=RUNS, help=f"runs per case, the minimum is kept (default {RUNS})")
    runs = max(1, parser.parse_args().runs)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = str(folder / "pycache")
        zh, en = zh_page(folder), en_page(folder)
        cases = [
            ("pipeline --version", ["--version"], "version"),
            (
                f"pipeline segment, Chinese page ({len(zh.read_text(encoding='utf-8')):,} chars)",
                ["segment", str(zh)],
                "segment",
            ),
            (
                f"pipeline segment, English text ({len(en.read_text(encoding='utf-8')):,} chars)",
                ["segment", str(en)],
                "segment",
            ),
        ]
        for _, arguments, _ in cases:
            seconds(arguments, env)  # warm-up: fills the bytecode folder, not counted
        # Interleaved, so a burst of load on the machine slows one run of each case, not one case.
        timings: dict[str, list[tuple[float, float]]] = {name: [] for name, _, _ in cases}
        for _ in range(runs):
            for name, arguments, _ in cases:
                timings[name].append(seconds(arguments, env))
    load, reference = os.getloadavg()[0], reference_loop_seconds()
    print(
        f"whole processes, minimum of {runs} runs (wall clock); load average {load:.1f} on {os.cpu_count()} CPUs; "
        f"reference loop sum(range({REFERENCE_LOOP:,})) {reference:.2f} s"
    )
    missed = 0
    for name, _, kind in cases:
        walls = sorted(wall for wall, _ in timings[name])
        best, target, cpu = walls[0], TARGETS[kind], min(cpu for _, cpu in timings[name])
        ok = best <= target
        missed += not ok
        print(
            f"{name:46} {best:6.2f} s  (median {walls[len(walls) // 2]:5.2f}, CPU {cpu:5.2f})  "
            f"target <= {target}  {'ok' if ok else 'MISSED'}"
        )
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
