"""English rules: abbreviations, headings, titled references."""

import pytest


def sentences(rules, text):
    return [text[s.start : s.end] for s in rules.analyse(text)]


@pytest.mark.parametrize("abbreviation", ["et al.", "e.g.", "i.e.", "Sec.", "Fig.", "Eq.", "cf.", "vs."])
def test_no_false_split_after_abbreviations(en_rules, abbreviation):
    text = f"We follow {abbreviation} 3 of the results closely. Next sentence."
    assert len(sentences(en_rules, text)) == 2


def test_etc_splits_only_before_a_capital(en_rules):
    assert sentences(en_rules, "Law, policy, etc. are involved. Next one.") == [
        "Law, policy, etc. are involved.",
        "Next one.",
    ]
    assert sentences(en_rules, "We study law, policy, etc. The next sentence starts here.") == [
        "We study law, policy, etc.",
        "The next sentence starts here.",
    ]


def test_list_marker_and_trailing_reference_stay_in_the_sentence(en_rules):
    assert sentences(en_rules, "1. What limits transformers? (Section 2.1.1)") == [
        "1. What limits transformers? (Section 2.1.1)"
    ]


@pytest.mark.parametrize(
    "line,number,title",
    [
        ("1 Introduction", "1", "Introduction"),
        ("2.1 In-Context Learning Is Black-Box", "2.1", "In-Context Learning Is Black-Box"),
        ("2.1.3 Safety Implications", "2.1.3", "Safety Implications"),
        ("Appendix A Related Work", "A", "Related Work"),
        ("A.1 Surveys", "A.1", "Surveys"),
        ("IV. Results", "IV", "Results"),
    ],
)
def test_numbered_headings(en_rules, line, number, title):
    parse = en_rules.parse_heading(line, marked=False)
    assert (parse.number, parse.title) == (number, title)


def test_sentence_is_not_a_heading(en_rules):
    assert en_rules.parse_heading("3 models were trained on the data we describe below.", marked=False) is None


def test_titled_references(en_rules):
    text = "The first, Scientific Understanding of LLMs (Section 2), studies open questions."
    assert ("Scientific Understanding of LLMs", "2") in en_rules.titled_references(text)
