"""Front matter: YAML and TOML headers as metadata, and what is not a header."""

from pipeline.extract.frontmatter import front_matter


def test_yaml_with_dates_and_lists_as_json_values():
    header = front_matter("---\ntitle: 术语表\ndate: 2024-05-01\ntags: [a, b]\n---\nBody\n")
    assert header.metadata == {"title": "术语表", "date": "2024-05-01", "tags": ["a", "b"]}
    assert header.lines == 5


def test_toml():
    assert front_matter('+++\ntitle = "Page"\nweight = 3\n+++\n').metadata == {"title": "Page", "weight": 3}


def test_a_broken_header_keeps_its_text_under_front_matter():
    assert front_matter("---\ntitle: [unclosed\n---\n").metadata == {"front_matter": "title: [unclosed"}


def test_a_rule_and_a_paragraph_are_no_header():
    assert front_matter("---\nJust a paragraph\n---\n") is None
    assert front_matter("Text\n---\n") is None
