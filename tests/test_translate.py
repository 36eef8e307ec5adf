"""Machine translation on a real (tiny, random) Argos package: install, list, translate, cache, fill-in.

The packages in tests/fixtures/argos/ are built by build_tiny_package.py; their
translations are nonsense, so these tests check the plumbing, not the quality.
"""

import json
import shutil
import socket

import pytest
from conftest import FIXTURES, REPO, run_cli

ZH_EN = FIXTURES / "argos" / "translate-zh_en-tiny.argosmodel"
EN_ZH = FIXTURES / "argos" / "translate-en_zh-tiny.argosmodel"


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a connection fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError(f"network access attempted: {args[:2]}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


@pytest.fixture
def packages(tmp_path):
    from pipeline.translate import install_package

    directory = tmp_path / "packages"
    install_package(ZH_EN, directory)
    install_package(EN_ZH, directory)
    return directory


def translators(packages, tmp_path):
    from pipeline.settings import TranslateSettings
    from pipeline.translate import make_translators

    return make_translators(
        TranslateSettings(backend="argos", packages_dir=str(packages), cache_dir=str(tmp_path / "cache")), None
    )


def test_install_from_path_and_list(tmp_path):
    directory = tmp_path / "pk"
    result = run_cli("models", "--packages-dir", str(directory), "install", str(ZH_EN))
    assert result.returncode == 0, result.stderr
    assert "argos:translate-zh_en-tiny 0.1 (zh→en)" in result.stdout.decode()
    listing = run_cli("models", "--packages-dir", str(directory), "list")
    assert listing.stdout.decode().startswith("zh→en\targos:translate-zh_en-tiny\t0.1\t")


def test_install_rejects_what_is_not_a_package(tmp_path):
    bogus = tmp_path / "bogus.argosmodel"
    bogus.write_text("not a zip")
    result = run_cli("models", "--packages-dir", str(tmp_path / "pk"), "install", str(bogus))
    assert result.returncode == 2 and b"not an Argos package" in result.stderr


def test_translate_a_batch_end_to_end_without_network(packages, tmp_path, no_network):
    found, notices = translators(packages, tmp_path)
    assert notices == []
    zh_en = found["zh-en"]
    batch = ["大型语言模型已成为最有效的方法之一。", "神说要有光。", "神说要有光。", ""]
    out = zh_en.translate(batch)
    assert len(out) == 4 and all(isinstance(t, str) for t in out)
    assert out[1] == out[2] and out[3] == "" and out[0]
    assert zh_en.calls == 2  # duplicates and empty strings are not sent to the model


def test_batch_matches_argostranslates_own_translation(packages, tmp_path, no_network):
    """Our batched call gives what argostranslate's PackageTranslation gives for one sentence."""
    from argostranslate import package, translate

    from pipeline.translate import _GivenSentences

    found, _ = translators(packages, tmp_path)
    pkg = package.Package(packages / "translate-zh_en-tiny")
    own = translate.PackageTranslation(None, None, pkg)
    own.sentencizer = _GivenSentences()  # argostranslate's default would download a MiniSBD model
    sentence = "神说要有光。"
    assert found["zh-en"].translate([sentence]) == [own.hypotheses(sentence, num_hypotheses=1)[0].value]


def test_cache_means_no_second_translation(packages, tmp_path):
    texts = ["这是第一句。", "这是第二句。"]
    first, _ = translators(packages, tmp_path)
    result = first["zh-en"].translate(texts)
    assert first["zh-en"].calls == 2
    second, _ = translators(packages, tmp_path)  # a new process would start like this
    assert second["zh-en"].translate(texts) == result
    assert second["zh-en"].calls == 0
    cache_files = list((tmp_path / "cache").glob("*.json"))
    assert len(cache_files) == 1 and "zh-en__argos_translate-zh_en-tiny__0.1" in cache_files[0].name


def test_missing_package_is_one_line_with_the_fix(tmp_path):
    from pipeline.settings import TranslateSettings
    from pipeline.translate import make_translators

    found, notices = make_translators(TranslateSettings(backend="argos", packages_dir=str(tmp_path / "empty")), None)
    assert not found["zh-en"].available and found["zh-en"].translate(["你好。"]) == [None]
    assert len(notices) == 1
    assert "pipeline models install translate-zh_en.argosmodel and translate-en_zh.argosmodel" in notices[0]


def _project_with_packages(tmp_path, packages):
    project = tmp_path / "project"
    for name in ("config", "raw"):
        shutil.copytree(REPO / name, project / name)
    config = (project / "config" / "pipeline.yaml").read_text(encoding="utf-8")
    (project / "config" / "pipeline.yaml").write_text(
        config.replace("  packages_dir: null", f"  packages_dir: {packages}"), encoding="utf-8"
    )
    return project / "config" / "pipeline.yaml"


def test_run_marks_machine_text_and_hits_the_cache(packages, tmp_path, no_network):
    from pipeline.config import load_config
    from pipeline.run import run_pipeline

    config = load_config(_project_with_packages(tmp_path, packages))
    first = run_pipeline(config, out_root=tmp_path / "out", log=lambda m: None)
    out = first.out_dir
    sentences = [json.loads(l) for l in (out / "sentences.jsonl").read_text().splitlines()]
    unaligned = {json.loads(l)["id"] for l in (out / "unaligned.jsonl").read_text().splitlines()}
    for sentence in sentences:
        if sentence["id"] in unaligned:
            assert sentence["machine_text"] and sentence["machine_model"] == "argos:translate-zh_en-tiny@0.1"
        else:
            assert sentence["machine_text"] is None  # aligned sentences have a human counterpart
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["counts"]["translate"]["machine_texts"]["sentences"] == 79  # with the 5 headings
    assert first.translated_now["zh-en"] > 0
    second = run_pipeline(config, out_root=tmp_path / "out2", log=lambda m: None)
    assert second.translated_now == {"zh-en": 0, "en-zh": 0}


def test_records_without_chinese_get_machine_chinese(packages, tmp_path, agenda_output):
    """The agenda paper has no Chinese source: every record gets machine Chinese, marked as such."""
    from pipeline.emit import load_records
    from pipeline.translate import fill_in
    from pipeline.types.records import RecordSet, from_dict

    records = load_records(agenda_output)
    record_set = RecordSet(
        **{
            name: [from_dict(r) for r in records[kind]]
            for kind, name in (
                ("category", "categories"),
                ("challenge", "challenges"),
                ("topic", "topics"),
                ("question", "questions"),
            )
        }
    )
    found, _ = translators(packages, tmp_path)
    filled, _, counts = fill_in(record_set, [], [], found)
    assert counts["records"] == 3 + 6 + 2 + 12
    assert all(r.text_zh is None for r in record_set.all())  # the earlier stage's records are left alone
    for record in filled.all():
        assert record.text_zh and record.origin_zh == "machine" and record.origin_en == "source"
        assert record.machine == {"model": "argos:translate-en_zh-tiny", "version": "0.1", "direction": "en-zh"}


def test_no_translate_flag(tmp_path):
    result = run_cli("run", "--no-translate", "--out", str(tmp_path))
    assert result.returncode == 0
    assert b"no Argos package" not in result.stderr


def test_mt_signal_joins_the_aligner(packages, tmp_path):
    from pipeline.align import Aligner, Segment

    found, _ = translators(packages, tmp_path)
    aligner = Aligner(translator=found["zh-en"])
    beads = aligner.align([Segment("0", "神说要有光。")], [Segment("0", "God said, Let there be light.")])
    assert "mt" in beads[0].signals and 0 <= beads[0].signals["mt"] <= 1
