"""One Chinese tokenizer per settings: a user dictionary never leaks into another ChineseRules."""

from conftest import REPO


def test_user_dictionary_does_not_change_rules_built_without_it():
    from pipeline.lang import rules_for

    plain_before = rules_for("zh", {}, REPO).words("提示注入攻击")
    with_dictionary = rules_for("zh", {"user_dictionary": "config/zh_userdict.txt"}, REPO).words("提示注入攻击")
    plain_after = rules_for("zh", {}, REPO).words("提示注入攻击")
    assert "提示注入" in with_dictionary
    assert plain_before == plain_after  # loading the dictionary elsewhere changed nothing here
