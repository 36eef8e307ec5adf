"""The alignment dictionary: CC-CEDICT parsed from a cold cache, glossaries and profile terms on top."""

from conftest import REPO


def test_cedict_from_a_cold_cache_equals_the_cached_copy(tmp_path, monkeypatch):
    from pipeline.align import dictionary

    monkeypatch.setenv("PIPELINE_CACHE_DIR", str(tmp_path / "cold"))
    dictionary.load_cedict.cache_clear()
    cold = dictionary.load_cedict()  # parsed from the source and written to the empty cache
    assert list((tmp_path / "cold").glob("cedict-*.pickle"))
    dictionary.load_cedict.cache_clear()
    warm = dictionary.load_cedict()  # read back from the cache file
    dictionary.load_cedict.cache_clear()
    assert cold == warm and len(cold) > 100_000
    assert "languag" in cold["语言"]  # stems, as the aligner compares them


def test_glossary_files_and_profile_terms_come_before_cedict():
    from pipeline.align.dictionary import BilingualDictionary

    d = BilingualDictionary([REPO / "config" / "glossary" / "general-ml.yaml"], terms={"议程": ["agenda"]})
    assert any(s.startswith("jailbreak") for s in d.stems_for("越狱"))
    assert any(s.startswith("agenda") for s in d.stems_for("议程"))
