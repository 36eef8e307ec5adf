"""The dictionary read once per process (lang/jieba_dictionary.py) is the one jieba reads itself."""

import jieba

from pipeline.lang import jieba_dictionary


def test_new_tokenizer_starts_from_jiebas_own_default_dictionary():
    own = jieba.Tokenizer()
    own.initialize()  # jieba's way: its cache file, or the dictionary built and cached
    ours = jieba_dictionary.new_tokenizer()
    assert ours.total == own.total and ours.FREQ == own.FREQ
    assert ours.FREQ is not jieba_dictionary.new_tokenizer().FREQ  # a copy each: user words stay in one


def test_user_words_stay_in_their_tokenizer():
    with_words = jieba_dictionary.new_tokenizer(("user.txt", "提示注入 10 n\n".encode()))
    plain = jieba_dictionary.new_tokenizer()
    assert "提示注入" in with_words.FREQ and "提示注入" not in plain.FREQ
    assert list(with_words.cut("提示注入攻击")) == ["提示注入", "攻击"]


def test_a_relative_user_dictionary_is_read_where_the_rules_are_made(tmp_path, monkeypatch):
    # A corpus worker makes the rules in one pair's scratch folder, gone when a later pair uses them first.
    from pipeline.lang.zh import ChineseRules

    (tmp_path / "user.txt").write_text("提示注入 10 n\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    rules = ChineseRules(user_dictionary="user.txt")
    monkeypatch.chdir(tmp_path.parent)
    (tmp_path / "user.txt").unlink()
    assert rules.words("提示注入攻击") == ["提示注入", "攻击"]
