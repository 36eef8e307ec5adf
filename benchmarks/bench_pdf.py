"""PDF extraction speed: bare pdfplumber text extraction against the full `segment`.

Run: .venv/bin/python benchmarks/bench_pdf.py [FILE.pdf ...]
Target: segment <= 1.5x bare `page.extract_text()` on the federal register
file and on the synthetic agenda paper.
"""

from __future__ import annotations

import io
import sys
import time
from pathlib import Path

import pdfplumber

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.extract.pdf import extract_pdf  # noqa: E402
from pipeline.ingest import read_source_file  # noqa: E402
from pipeline.lang import rules_for  # noqa: E402
from pipeline.segment import segment  # noqa: E402

DEFAULT_FILES = [
    ROOT / "tests/fixtures/pdf/federal-register-2020-17221.pdf",
    ROOT / "tests/fixtures/agenda/agenda.pdf",
    ROOT / "tests/fixtures/agenda/agenda-twocolumn.pdf",
]
TARGET = 1.5


def bare_extract(data: bytes) -> float:
    start = time.perf_counter()
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_text()
    return time.perf_counter() - start


def full_segment(path: Path, rules) -> float:
    start = time.perf_counter()
    item = read_source_file(path, lang="en")
    segment(extract_pdf(item), rules)
    return time.perf_counter() - start


def best_of(runs: int, fn, *args) -> float:
    return min(fn(*args) for _ in range(runs))


def main(argv: list[str]) -> int:
    files = [Path(a) for a in argv] or DEFAULT_FILES
    rules = rules_for("en")
    rules.analyse("Warm up the spaCy pipeline.")
    print(f"{'file':36} {'pages':>5} {'extract_text s':>14} {'segment s':>10} {'ratio':>6}  target <= {TARGET}")
    worst = 0.0
    for path in files:
        data = path.read_bytes()
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = len(pdf.pages)
        bare = best_of(3, bare_extract, data)
        seg = best_of(3, full_segment, path, rules)
        ratio = seg / bare
        worst = max(worst, ratio)
        print(f"{path.name:36} {pages:5d} {bare:14.3f} {seg:10.3f} {ratio:6.2f}")
    print(f"worst ratio {worst:.2f} ({'meets' if worst <= TARGET else 'misses'} the {TARGET}x target)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
