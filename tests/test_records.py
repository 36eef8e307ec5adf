"""Stage 5: categories, challenges, topics and questions, with stable ids and links."""

import json

import pytest
from conftest import REPO


def read(directory, name):
    return [json.loads(line) for line in (directory / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()]


def test_shipped_sources_give_three_bilingual_categories():
    out = REPO / "processed" / "anwar2024-foundational-challenges"
    categories = read(out, "categories")
    assert [(c["number"], c["text_en"], c["text_zh"]) for c in categories] == [
        ("2", "scientific understanding of LLMs", "LLMs的科学理解"),
        ("3", "development and deployment methods", "开发与部署方法"),
        ("4", "sociotechnical challenges", "社会技术挑战"),
    ]
    assert all(c["origin_en"] == "source" and c["origin_zh"] == "source" for c in categories)
    assert {r["source_id"] for c in categories for r in c["refs"]} == {"zh-seed", "en-abstract"}
    assert read(out, "challenges") == [] and read(out, "questions") == []
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["counts"]["records"] == {"category": 3, "challenge": 0, "topic": 0, "question": 0}
    assert any("need the source 'en-paper'" in n and "raw/en/2404.09932v2.pdf" in n for n in manifest["notices"])


def test_agenda_pdf_records_and_links(agenda_output):
    categories = {c["id"]: c for c in read(agenda_output, "categories")}
    challenges = {c["id"]: c for c in read(agenda_output, "challenges")}
    topics = {t["id"]: t for t in read(agenda_output, "topics")}
    questions = read(agenda_output, "questions")
    assert [c["number"] for c in categories.values()] == ["2", "3", "4"]
    assert [c["number"] for c in challenges.values()] == ["2.1", "2.2", "3.1", "3.2", "4.1", "4.2"]
    assert [t["number"] for t in topics.values()] == ["2.1.1", "2.1.2"]
    assert [q["number"] for q in questions] == [str(n) for n in range(1, 13)]
    for challenge in challenges.values():
        assert challenge["category_id"] in categories
        assert challenge["number"].split(".")[0] == categories[challenge["category_id"]]["number"]
    for topic in topics.values():
        assert challenges[topic["challenge_id"]]["number"] == topic["number"].rsplit(".", 1)[0]
    for question in questions:
        challenge = challenges[question["challenge_id"]]
        assert question["section"].startswith(challenge["number"])
        assert question["category_id"] == challenge["category_id"]
        if question["topic_id"]:
            assert topics[question["topic_id"]]["challenge_id"] == challenge["id"]
        assert question["origin_en"] == "source" and question["origin_zh"] == "missing"
        assert question["refs"][0]["page"] and len(question["refs"][0]["bbox"]) == 4
    assert questions[0]["text_en"] == (
        "Which mechanisms explain in-context learning in transformers, and how do "
        "they change with model scale and training data?"
    )
    assert challenges[questions[10]["challenge_id"]]["text_en"] == "Governance Is Lacking"


def test_ids_survive_rewording_and_renumbering():
    from pipeline.record_ids import assign_ids
    from pipeline.types.records import Question, RecordSet

    def question(number, text):
        return Question(
            id="",
            number=number,
            order=0,
            text_en=text,
            text_zh=None,
            origin_en="source",
            origin_zh="missing",
            fingerprint="",
        )

    first = RecordSet(
        questions=[
            question("1", "Which mechanisms explain in-context learning in transformers?"),
            question("2", "Can in-context learning override safety finetuning?"),
        ]
    )
    assign_ids(first)  # records without parents need no links
    previous = {"question": [q.to_dict() for q in first.questions]}
    second = RecordSet(
        questions=[
            question("1", "Can in-context learning override safety finetuning?"),
            question("2", "Which mechanisms explain in-context learning in large models?"),
        ]
    )
    assign_ids(second, previous)
    assert second.questions[0].id == first.questions[1].id  # renumbered, same id
    assert second.questions[1].id == first.questions[0].id  # reworded, same id
    assert second.questions[1].fingerprint != first.questions[0].fingerprint


def test_count_expectations_warn(agenda_output, tmp_path):
    from pipeline.config import load_config
    from pipeline.run import _expectation_warnings

    config = load_config(REPO / "config" / "pipeline.yaml")
    counts = {"category": 3, "challenge": 17, "topic": 40, "question": 150}
    warnings = _expectation_warnings(config, counts, {"zh-seed", "en-paper"})
    assert warnings == ["found 17 challenges, expected 18", "found 150 research questions, expected at least 200"]
    assert (
        _expectation_warnings(config, {"category": 3, "challenge": 18, "topic": 0, "question": 213}, {"en-paper"}) == []
    )


CORPUS_PDF = REPO.parent / "shared" / "corpus" / "pdf" / "agenda-concrete-problems-ai-safety-1606.06565.pdf"


@pytest.mark.skipif(not CORPUS_PDF.is_file(), reason="../shared/corpus is absent (CI has it beside the repo)")
def test_a_second_profile_reads_a_different_agenda_paper():
    """Concrete Problems in AI Safety: five problems as sections 3-7, no categories; read in place."""
    from pipeline.config import load_profile
    from pipeline.lang import rules_for
    from pipeline.records import build_records
    from pipeline.run import segment_file

    profile, _ = load_profile(REPO, "concrete-problems")
    doc = segment_file(CORPUS_PDF, "en")
    records = build_records(profile.records, rules_for("zh"), doc, None, None)
    assert [(c.number, c.text_en) for c in records.challenges] == [
        ("3", "Avoiding Negative Side Effects"),
        ("4", "Avoiding Reward Hacking"),
        ("5", "Scalable Oversight"),
        ("6", "Safe Exploration"),
        ("7", "Robustness to Distributional Change"),
    ]
    assert records.categories == [] and all(c.category_id is None for c in records.challenges)
