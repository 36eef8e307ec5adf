"""Every benchmark, one after the other: `make bench`."""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

if __name__ == "__main__":
    status = 0
    for script in (
        "bench_structure.py",
        "bench_pdf.py",
        "bench_align.py",
        "bench_align_speed.py",
        "bench_bitext.py",
        "bench_scale.py",
        "bench_startup.py",
        "bench_corpus.py",
    ):
        print(f"== {script}", flush=True)
        status |= subprocess.call([sys.executable, str(HERE / script)])
    raise SystemExit(status)
