"""JSONL ↔ YAML ↔ CSV round trips, TMX read back with the standard library, schemas."""

import json
import xml.etree.ElementTree as ET

from conftest import REPO

from pipeline.emit import load_records
from pipeline.emit.formats import read_csv, read_yaml
from pipeline.types.records import FILE_NAMES

SHIPPED = REPO / "processed" / "anwar2024-foundational-challenges"


def test_jsonl_yaml_csv_round_trip(agenda_output):
    for directory in (agenda_output, SHIPPED):
        from_jsonl = load_records(directory)
        assert read_yaml(directory / "records.yaml") == from_jsonl
        for kind, name in FILE_NAMES.items():
            assert read_csv(directory / "csv" / f"{name}.csv", kind) == from_jsonl[kind]


def test_csv_is_rfc4180_utf8_with_a_byte_order_mark_for_excel(agenda_output):
    raw = (agenda_output / "csv" / "questions.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads Chinese right only with the BOM
    raw.decode("utf-8-sig")
    assert b"\r\n" in raw and raw.count(b"\r\n") == 13  # header and 12 questions
    assert b'"[{""bbox""' in raw  # quotes doubled inside quoted cells


def test_tmx_parses_and_matches_aligned_sentence_beads():
    tree = ET.parse(SHIPPED / "pairs.tmx")
    root = tree.getroot()
    assert root.tag == "tmx" and root.get("version") == "1.4"
    header = root.find("header")
    assert header.get("srclang") == "en" and header.get("segtype") == "sentence"
    units = root.findall("body/tu")
    beads = [json.loads(l) for l in (SHIPPED / "alignments.jsonl").read_text().splitlines()]
    emit = json.loads((SHIPPED / "manifest.json").read_text())["counts"]["emit"]
    every = [b for b in beads if b["level"] == "sentence" and b["status"] == "aligned"]
    aligned = [b for b in every if b["score"] >= emit["tmx_min_score"]]
    # Beads under the threshold stay out of the TMX and are counted in the manifest.
    assert len(units) == len(aligned) == emit["tmx_units"]
    assert emit["tmx_below_min_score"] == len(every) - len(aligned)
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    first = units[0]
    assert [t.get(lang) for t in first.findall("tuv")] == ["en", "zh-CN"]
    assert first.find("tuv/seg").text.startswith("This work identifies 18")
    assert float(first.find("prop[@type='x-score']").text) == aligned[0]["score"]


def test_schemas_are_written_and_valid_json_schema():
    import jsonschema

    for kind in ("category", "challenge", "topic", "question"):
        schema = json.loads((SHIPPED / "schema" / f"{kind}.json").read_text())
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["title"].lower() == kind
