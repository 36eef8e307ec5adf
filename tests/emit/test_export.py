"""`pipeline export`: TMX, XLIFF 2.0 (read back with translate-toolkit) and CSV pairs from an output folder."""

from __future__ import annotations

import json

import pytest
from conftest import REPO, run_cli

SHIPPED = REPO / "processed" / "anwar2024-foundational-challenges"


def _aligned(min_score: float) -> list[dict]:
    beads = [json.loads(line) for line in (SHIPPED / "alignments.jsonl").read_text().splitlines()]
    return [b for b in beads if b["level"] == "sentence" and b["status"] == "aligned" and b["score"] >= min_score]


def test_xliff_2_is_valid_for_translate_toolkit(tmp_path):
    from translate.storage.xliff2 import Xliff2File

    target = tmp_path / "pairs.xlf"
    result = run_cli("export", "xliff", str(SHIPPED), "-o", str(target))
    assert result.returncode == 0, result.stderr
    store = Xliff2File.parsestring(target.read_bytes())
    units = store.units
    assert len(units) == len(_aligned(0.5)) == 3
    assert store.getsourcelanguage() == "en" and store.gettargetlanguage() == "zh-CN"
    assert units[0].source.startswith("This work identifies 18") and units[0].target.startswith("这项工作")


@pytest.mark.parametrize("min_score", ["0.0", "0.99"])
def test_tmx_threshold_from_the_command_line(tmp_path, min_score):
    import xml.etree.ElementTree as ET

    target = tmp_path / "pairs.tmx"
    assert run_cli("export", "tmx", str(SHIPPED), "-o", str(target), "--min-score", min_score).returncode == 0
    assert len(ET.parse(target).getroot().findall("body/tu")) == len(_aligned(float(min_score)))


def test_csv_pairs_with_bom(tmp_path):
    target = tmp_path / "pairs.csv"
    assert run_cli("export", "csv", str(SHIPPED), "-o", str(target)).returncode == 0
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.decode("utf-8-sig").splitlines()[0] == "id,bead,score,en,zh"
