"""The alignment dictionary: CC-CEDICT parsed from a cold cache, glossaries and profile terms on top."""

from conftest import REPO


def test_cedict_from_a_cold_cache_equals_the_cached_copy(tmp_path, monkeypatch):
    from pipeline.align import dictionary

    monkeypatch.setenv("PIPELINE_CACHE_DIR", str(tmp_path / "cold"))
    dictionary._load.cache_clear()
    cold = dictionary.load_cedict()  # parsed from the source and written to the empty cache
    assert list((tmp_path / "cold").glob("cedict-*.pickle"))
    dictionary._load.cache_clear()
    warm = dictionary.load_cedict()  # read back from the cache file
    dictionary._load.cache_clear()
    assert cold == warm and len(cold) > 100_000
    assert "languag" in cold["语言"].split()  # stems, as the aligner compares them
    assert dictionary.cedict_prefixes()["语"] is True and dictionary.cedict_prefixes()["人工智"] is False


def test_glossary_files_and_profile_terms_come_before_cedict():
    from pipeline.align.dictionary import BilingualDictionary

    d = BilingualDictionary([REPO / "config" / "glossary" / "general-ml.yaml"], terms={"议程": ["agenda"]})
    assert any(s.startswith("jailbreak") for s in d.stems_for("越狱"))
    assert any(s.startswith("agenda") for s in d.stems_for("议程"))


def test_words_are_the_longest_dictionary_matches_with_latin_words_whole():
    from pipeline.align.dictionary import BilingualDictionary

    d = BilingualDictionary(terms={"奖励模型": ["reward model"]})
    # 奖励模型 is a profile term (longer than CC-CEDICT's 奖励); GPT-4 stays one word.
    assert d.words("我们用GPT-4训练奖励模型。") == ["我们", "用", "GPT-4", "训练", "奖励模型"]
    assert d.words("人工智能") == ["人工智能"]
    assert d.words("") == []
