"""Processes that load spaCy and jieba: imported without torch, spaCy's command line and pkg_resources
(lang/lean_imports.py), and left out of the last garbage collections at exit (lang/base.py).

What a process has imported is only known in a fresh one: the test process has imported
everything by now. Each test runs a small script in its own interpreter and reads back
`sys.modules`.
"""

import json
import subprocess
import sys

import pytest
from conftest import EN_ABSTRACT, FIXTURES, REPO, SEED

# torch through thinc; typer, weasel, httpx through spacy.cli; pkg_resources through jieba
NEVER = ("torch", "typer", "weasel", "httpx", "pkg_resources")


def _run(script: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, cwd=REPO, timeout=300)


SEGMENT = """
import json, sys
from pipeline import cli
code = cli.main(["segment", sys.argv[1]])
names = ("spacy", "thinc.compat", "jieba") + tuple(sys.argv[2:])
print(json.dumps({name: name in sys.modules for name in names}), file=sys.stderr)
sys.exit(code)
"""


@pytest.mark.end_to_end
@pytest.mark.parametrize(
    ("page", "lang", "jieba"),
    [(SEED, "zh", True), (EN_ABSTRACT, "en", False)],
    ids=["chinese", "english"],
)
def test_segment_of_a_text_file_imports_no_torch_no_spacy_cli_no_pkg_resources(tmp_path, page, lang, jieba):
    result = _run(SEGMENT, str(page), *NEVER)
    assert result.returncode == 0, result.stderr
    sentences = [json.loads(line) for line in result.stdout.splitlines() if '"type":"sentence"' in line]
    assert sentences and {s["lang"] for s in sentences} == {lang}
    imported = json.loads(result.stderr.splitlines()[-1])
    assert imported["spacy"] and imported["thinc.compat"]  # the segmenter ran
    assert imported["jieba"] is jieba  # an English file never loads the Chinese rules' dictionary
    assert [name for name in NEVER if imported[name]] == []


TRANSLATE_AFTER_SEGMENT = """
import importlib.util, json, sys
from pathlib import Path
# setuptools >= 81 may ship without pkg_resources: then there is nothing to keep importable.
installed = importlib.util.find_spec("pkg_resources") is not None
from pipeline.lang import rules_for
from pipeline.settings import TranslateSettings
from pipeline.translate import make_translators

words = rules_for("zh").words("大型语言模型已成为最有效的方法之一。") + rules_for("en").words("It works.")
import jieba._compat, thinc.compat
before = "torch" in sys.modules or "pkg_resources" in sys.modules
with jieba._compat.get_module_res("dict.txt") as handle:  # jieba's way without pkg_resources
    dictionary_read = handle.read() == (Path(jieba.__file__).parent / "dict.txt").read_bytes()
found, notices = make_translators(
    TranslateSettings(backend="argos", packages_dir=sys.argv[1], cache_dir=sys.argv[2]), None
)
translated = found["zh-en"].translate(["神说要有光。"])
import argostranslate.translate  # its sentence splitters: stanza, which imports torch
import torch
pkg_resources = __import__("pkg_resources") if installed else None
import spacy
from spacy.cli import download  # argostranslate's use of spaCy's command line: the real one
print(json.dumps({
    "words": len(words),
    "thinc_has_torch": thinc.compat.has_torch,
    "torch_before": before,
    "torch_works": torch.ones(2).sum().item() == 2.0,
    "stanza": "stanza" in sys.modules,
    "pkg_resources": pkg_resources.__name__ if installed else "not installed",
    "dictionary_read": dictionary_read,
    "translated": translated,
    "notices": notices,
    "download": download.__module__,
    "info": isinstance(spacy.info(), dict),
}))
"""


@pytest.mark.end_to_end
def test_translation_torch_and_pkg_resources_work_after_spacy_and_jieba_in_the_same_process(tmp_path):
    # Refused to thinc's and jieba's probes only, both stay importable: argostranslate's splitter (stanza) needs torch.
    from pipeline.translate import install_package

    packages = tmp_path / "packages"
    for name in ("translate-zh_en-tiny.argosmodel", "translate-en_zh-tiny.argosmodel"):
        install_package(FIXTURES / "argos" / name, packages)
    result = _run(TRANSLATE_AFTER_SEGMENT, str(packages), str(tmp_path / "cache"))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.splitlines()[-1])
    assert report["words"] > 3 and report["notices"] == []
    assert report["thinc_has_torch"] is False and report["torch_before"] is False
    assert report["dictionary_read"] is True and report["pkg_resources"] in ("pkg_resources", "not installed")
    assert report["torch_works"] is True and report["stanza"] is True  # argostranslate's splitter, after spaCy
    assert len(report["translated"]) == 1 and isinstance(report["translated"][0], str) and report["translated"][0]
    assert report["download"] == "spacy.cli.download" and report["info"] is True


FREEZE_AT_EXIT = """
import atexit, gc
atexit.register(lambda: print("frozen at exit:", gc.get_freeze_count() > 0))  # runs after later ones
from pipeline.lang import rules_for
print(rules_for("en").words("It works."))
print("frozen before exit:", gc.get_freeze_count() > 0)
"""


@pytest.mark.end_to_end
def test_the_last_garbage_collections_skip_the_libraries_objects():
    # base._no_final_collections: 0.15-0.3 s of a segment process went to collecting what exit frees anyway.
    result = _run(FREEZE_AT_EXIT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["['It', 'works', '.']", "frozen before exit: False", "frozen at exit: True"]
