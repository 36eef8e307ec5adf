"""Chinese rules: sentence ends, headings, words, normalisation."""

from pipeline.lang.zh import sentence_bounds


def sentences(text):
    return [text[s:e] for s, e in sentence_bounds(text)]


def test_full_width_marks_end_sentences():
    assert sentences("第一句。第二句！第三句？") == ["第一句。", "第二句！", "第三句？"]


def test_half_width_question_mark_ends_a_sentence_outside_brackets():
    assert sentences("这是问题?这是回答。") == ["这是问题?", "这是回答。"]


def test_no_split_inside_brackets():
    text = "虽然一些挑战是理论性的(例如,变换器的计算极限是什么?或理解扩展定律),其他则需要经验方法。下一句。"
    assert sentences(text) == [
        "虽然一些挑战是理论性的(例如,变换器的计算极限是什么?或理解扩展定律),其他则需要经验方法。",
        "下一句。",
    ]


def test_no_split_inside_quotes_and_closing_quote_stays():
    assert sentences("他说:“走吧。快点！”然后离开了。") == ["他说:“走吧。快点！”", "然后离开了。"]


def test_unmatched_bracket_does_not_swallow_the_paragraph():
    assert sentences("一个(未闭合的括号。第二句。") == ["一个(未闭合的括号。", "第二句。"]


def test_numbered_heading_with_bold_markers_stripped_by_extraction(zh_rules):
    parse = zh_rules.parse_heading("1.1 为什么有这个议程?", marked=True)
    assert (parse.number, parse.title, parse.body_start) == ("1.1", "为什么有这个议程?", None)


def test_run_in_heading_is_split_from_its_body(zh_rules):
    line = "1.2 术语解释 “对齐”、“安全”和“保证”的术语根据上下文有不同的含义。我们使用“对齐”指代意图对齐。"
    parse = zh_rules.parse_heading(line, marked=False)
    assert (parse.number, parse.title) == ("1.2", "术语解释")
    assert line[parse.body_start :].startswith("“对齐”")
    assert line[: parse.end] == "1.2 术语解释"


def test_number_at_line_start_of_a_sentence_is_not_a_heading(zh_rules):
    assert (
        zh_rules.parse_heading("18个基础挑战分为三类,我们在下文讨论每一个挑战以及相关的研究问题和方法。", marked=False)
        is None
    )


def test_unnumbered_short_line_is_a_title_candidate(zh_rules):
    assert zh_rules.parse_heading("开发与部署方法", marked=False).number is None
    assert zh_rules.parse_heading("这是一个句子,不是标题。", marked=False) is None


def test_chinese_numerals(zh_rules):
    assert zh_rules.parse_heading("第三章 结论", marked=False).number == "3"
    assert zh_rules.parse_heading("十二、附录", marked=False).number == "12"


def test_titled_references(zh_rules):
    text = "第一类,LLMs的科学理解(第2节),调查了问题。第二类,开发与部署方法(第3节),介绍了限制。"
    assert zh_rules.titled_references(text) == [("LLMs的科学理解", "2"), ("开发与部署方法", "3")]


def test_user_dictionary_words(zh_rules):
    words = zh_rules.words("大型语言模型面临越狱、提示注入和数据投毒等挑战,需要可解释性、微调和预训练方法。")
    for term in ("大型语言模型", "越狱", "提示注入", "数据投毒", "可解释性", "微调", "预训练"):
        assert term in words


def test_normalise_folds_half_and_full_width_but_not_length_of_offsets(zh_rules):
    assert zh_rules.normalise("模型(LLMs),对齐:安全") == zh_rules.normalise("模型（LLMs），对齐：安全")


def test_spacy_doc_is_shared_type(zh_rules):
    from spacy.tokens import Doc

    doc = zh_rules.nlp("这是第一句。这是第二句。")
    assert isinstance(doc, Doc)
    assert [s.text for s in doc.sents] == ["这是第一句。", "这是第二句。"]
