"""Citations and cross-references give the same keys in both languages."""


def keys(rules, text):
    return [a.key for a in rules.anchors(text)]


def test_chinese_and_english_citation_groups_agree(zh_rules, en_rules):
    zh = keys(zh_rules, "这一挑战被认可(Leike等人,2022年;Anthropic,2023a年;Frontier Model Forum,2023年)。")
    en = keys(en_rules, "This is recognised (Leike et al., 2022; Anthropic, 2023a; Frontier Model Forum, 2023).")
    assert zh == en == ["cite:leike:2022", "cite:anthropic:2023a", "cite:frontier-model-forum:2023"]


def test_english_style_citation_inside_chinese_text(zh_rules):
    assert keys(zh_rules, "(Bengio et al., 2023; FAccT, 2023)") == ["cite:bengio:2023", "cite:facct:2023"]


def test_narrative_citations(zh_rules, en_rules):
    assert keys(zh_rules, "Kenton等人(2021年)的工作") == ["cite:kenton:2021"]
    assert keys(en_rules, "the work of Kenton et al. (2021) is") == ["cite:kenton:2021"]


def test_two_author_and_organisation_citations(zh_rules):
    assert keys(zh_rules, "(Critch和Krueger,2020年;CHAI, Far.ai和Ditchley Foundation,2023年)") == [
        "cite:critch:2020",
        "cite:chai:2023",
    ]


def test_section_table_figure_references_agree(zh_rules, en_rules):
    assert keys(zh_rules, "参见第2.2.3节和表1,以及图3") == ["sec:2.2.3", "tab:1", "fig:3"]
    assert keys(en_rules, "see Section 2.2.3 and Table 1, and Figure 3") == ["sec:2.2.3", "tab:1", "fig:3"]
    assert keys(en_rules, "see §2.2.3") == ["sec:2.2.3"]


def test_citation_with_figure_reference(zh_rules):
    assert keys(zh_rules, "(Sanh等人,2019年,图1)") == ["cite:sanh:2019", "fig:1"]


def test_parentheses_without_year_are_not_citations(zh_rules):
    assert keys(zh_rules, "大型语言模型(LLMs)和(例如,社会科学)") == []


def test_anchor_offsets_point_into_the_text(zh_rules):
    text = "如(Ngo等人,2023年)所述"
    (anchor,) = zh_rules.anchors(text)
    assert text[anchor.start : anchor.end] == anchor.text == "Ngo等人,2023年"
