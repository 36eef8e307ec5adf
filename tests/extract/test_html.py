"""HTML pages as documents: content found, chrome and hidden text dropped, blocks by kind."""

from pipeline.extract.html import extract_html
from pipeline.types import IngestedSource, Source


def ingested(text):
    source = Source("s", "en", "s.html", "html", "", "", "", "0", len(text), "utf-8")
    return IngestedSource(source, text, text.encode())


def blocks(html):
    return [(b.kind, b.text) for b in extract_html(ingested(html)).blocks]


def test_html_blocks_keep_list_numbers_as_markers():
    html = (
        "<html><head><title>x</title><style>p{}</style></head><body><h1>Agenda</h1>"
        "<p>Intro &amp; more.</p><ol><li>What is it? (Section 2.1.1)</li><li>Why?</li></ol></body></html>"
    )
    doc = extract_html(ingested(html))
    assert [(b.kind, b.text, b.marker) for b in doc.blocks] == [
        ("heading", "Agenda", None),
        ("paragraph", "Intro & more.", None),
        ("list_item", "What is it? (Section 2.1.1)", "1"),
        ("list_item", "Why?", "2"),
    ]
    for block in doc.blocks:
        assert doc.text[block.start : block.end] == block.text
    assert doc.metadata == {"title": "x"}


PAGE = """<!DOCTYPE html><html lang="zh-hans"><head><title>许可协议</title></head><body>
<header><nav><a href="/">Home</a><select><option>English</option><option>中文</option></select></nav></header>
<main>
 <header><h1>署名 4.0 协议国际版</h1><span class="tool-identifier">CC BY 4.0</span></header>
 <aside><nav><ul><li><a href="#s1">第一条 定义</a></li></ul></nav></aside>
 <!-- Section 1 -->
 <h2 id="s1">第一条 定义<a class="headerlink" href="#s1">¶</a></h2>
 <p>本协议中的术语
 定义如下。<span class="sr-only">(screen readers only)</span></p>
 <div hidden>hidden text</div><p style="display: none">also hidden</p>
 <ol type="a"><li>第一项
   <ul><li>内层</li></ul></li><li>第二项</li></ol>
 <blockquote><p>引用的话。</p></blockquote>
 <pre class="language-sh"><code>make run</code></pre>
 <table><caption>表格</caption><tr><th>名称</th><th>值</th></tr><tr><td>a</td><td>1</td></tr></table>
 <footer>Last updated</footer>
</main>
<footer><p>Site footer</p></footer></body></html>"""


def test_a_page_read_as_a_document():
    doc = extract_html(ingested(PAGE))
    assert [(b.kind, b.text, b.marker, b.depth) for b in doc.blocks] == [
        ("heading", "署名 4.0 协议国际版", None, None),
        ("paragraph", "CC BY 4.0", None, None),
        ("heading", "第一条 定义", None, None),
        ("paragraph", "本协议中的术语定义如下。", None, None),
        ("list_item", "第一项", "a", 0),
        ("list_item", "内层", None, 1),
        ("list_item", "第二项", "b", 0),
        ("quote", "引用的话。", None, 0),
        ("code", "make run", None, None),
        ("caption", "表格", None, None),
        ("table", "名称 值", None, None),
        ("table", "a 1", None, None),
    ]
    assert doc.blocks[2].anchor == "s1" and doc.blocks[2].level == 2
    assert doc.blocks[8].info == "sh"
    assert doc.metadata == {"title": "许可协议", "lang": "zh-hans"}
    assert doc.dropped == {"chrome": 2, "comments": 1, "hidden": 3}  # the heading's "¶" link is its anchor


def test_without_content_markup_the_densest_block_and_no_menus():
    html = (
        "<html><body><div class='top'><a href='/a'>Home</a> <a href='/b'>Docs</a> <a href='/c'>Blog</a></div>"
        "<div class='page'><div class='menu'><ul><li><a href='/1'>One</a></li><li><a href='/2'>Two</a></li>"
        "<li><a href='/3'>Three</a></li></ul></div><div class='text'><h1>Manual</h1>"
        "<p>This manual explains the tool in some detail, with a second sentence.</p>"
        "<p>It has a second paragraph that is long enough to be the content of the page.</p></div></div>"
        "</body></html>"
    )
    assert blocks(html) == [
        ("heading", "Manual"),
        ("paragraph", "This manual explains the tool in some detail, with a second sentence."),
        ("paragraph", "It has a second paragraph that is long enough to be the content of the page."),
    ]


def test_the_dominant_article_is_the_content():
    html = (
        "<html><body><div><a href='/x'>Menu</a></div><article><h1>Post</h1><p>Body of the post, long enough"
        " to dominate the page.</p></article><div>Related: other</div></body></html>"
    )
    assert blocks(html) == [("heading", "Post"), ("paragraph", "Body of the post, long enough to dominate the page.")]


def test_a_labelled_list_gives_its_bold_labels_as_blocks_of_their_own():
    # The shape of the CC BY 4.0 legal code (CC0): "<strong>Term</strong>. The term of ..." in English,
    # "<strong>期限</strong>本公共许可协议的期限……" in Chinese, where no mark separates label and text.
    html = (
        "<main><ol><li><strong>例外和限制</strong>为避免疑义，本协议不适用。</li>"
        "<li><strong>期限</strong>本公共许可协议的期限规定于第六条。</li>"
        "<li>第三项没有标签，<strong>强调</strong>在中间。</li></ol>"
        "<ul><li><strong>Term</strong>. The term is specified in Section 6.</li><li>Plain.</li></ul></main>"
    )
    assert [(b.kind, b.text, b.marker) for b in extract_html(ingested(html)).blocks] == [
        ("list_item", "例外和限制", "1"),
        ("list_item", "为避免疑义，本协议不适用。", None),
        ("list_item", "期限", "2"),
        ("list_item", "本公共许可协议的期限规定于第六条。", None),
        ("list_item", "第三项没有标签，强调在中间。", "3"),
        # one bold opening in a list is emphasis, not a labelled list
        ("list_item", "Term. The term is specified in Section 6.", None),
        ("list_item", "Plain.", None),
    ]


def test_inside_main_a_dominant_article_leaves_out_the_table_of_contents():
    # The shape of a Docusaurus page: <main> holds the article, the pager and the table of contents.
    html = (
        "<html><body><main><div class='row'><div class='col'><article><h1>Glossary</h1>"
        "<p>A chart is a Helm package that holds everything needed to run an application.</p>"
        "<p>A release is an instance of a chart running in a cluster, with its own name.</p></article>"
        "<div class='pagination'><a href='/prev'>Previous</a></div></div>"
        "<div class='col col--3'><div class='tableOfContents'><ul><li><a href='#chart'>Chart</a></li>"
        "<li><a href='#release'>Release</a></li></ul></div></div></div></main></body></html>"
    )
    assert blocks(html) == [
        ("heading", "Glossary"),
        ("paragraph", "A chart is a Helm package that holds everything needed to run an application."),
        ("paragraph", "A release is an instance of a chart running in a cluster, with its own name."),
    ]


def test_a_page_of_nothing_but_a_comment_has_no_blocks():
    doc = extract_html(ingested("<!-- only a comment"))
    assert doc.blocks == [] and doc.text == ""
