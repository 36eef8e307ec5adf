"""Where a page's content is, and which of its elements are not content.

A saved page holds the site around the document: navigation, language menus,
headers, footers, sidebars, buttons, text meant only for screen readers. The
content is the page's `<main>` (or `role="main"`), else its dominant
`<article>`, else the densest block, found by walking down from `<body>` while
one child holds nearly all of the text. Without such markup, blocks made
mostly of links (menus, link farms) are chrome too.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml import html as lxml_html

# Elements that are never document text, wherever they are.
NEVER_TEXT = {
    "script",
    "style",
    "noscript",
    "template",
    "head",
    "nav",
    "aside",
    "footer",
    "button",
    "svg",
    "select",
    "option",
    "input",
    "textarea",
    "form",
    "iframe",
    "object",
    "canvas",
    "math",
    "dialog",
    "menu",
}
# ARIA landmark and widget roles of page chrome.
CHROME_ROLES = {
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "search",
    "menu",
    "menubar",
    "toolbar",
    "tablist",
    "dialog",
}
# Class names of text hidden from sighted readers (Bootstrap, Tailwind, WordPress, Bulma...), of
# the symbol links generators put into headings, and LaTeXML's page furniture and marks.
HIDDEN_CLASS = re.compile(r"(?:^|[-_])(?:sr-only|visually-hidden|screen-reader-text|visuallyhidden)$")
LINK_CLASSES = {"headerlink", "anchorjs-link", "hash-link", "header-anchor", "anchor-link"}
LATEXML_SKIP_CLASSES = {
    "ltx_page_header",
    "ltx_page_footer",
    "ltx_page_navbar",
    "ltx_role_footnotemark",
    "ltx_note_mark",
    "ltx_tag_item",
}
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
# Sectioning elements whose own <header> is part of the document (a page-level header is chrome).
SECTIONING = {"main", "article", "section"}

DOMINANT_SHARE = 0.8  # a child with this share of its parent's text is where the content is
ARTICLE_SHARE = 0.5  # an <article> with this share of the page's text is the page's content
LINK_HEAVY_SHARE = 0.6  # a block whose text is this much link text, with LINK_HEAVY_MIN links, is a menu
LINK_HEAVY_MIN = 3


def classes(el) -> set[str]:
    return set((el.get("class") or "").split())


def is_chrome(el) -> str | None:
    """Why `el` is not document text ("chrome", "hidden"), or None when it may be."""
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in NEVER_TEXT:
        return "chrome"
    if tag == "header" and not any(a.tag in SECTIONING for a in el.iterancestors()):
        return "chrome"
    if (el.get("role") or "").lower() in CHROME_ROLES:
        return "chrome"
    if el.get("hidden") is not None or el.get("aria-hidden") == "true" or el.get("type") == "hidden":
        return "hidden"
    if _HIDDEN_STYLE.search(el.get("style") or ""):
        return "hidden"
    names = classes(el)
    if names & LATEXML_SKIP_CLASSES or names & LINK_CLASSES or any(HIDDEN_CLASS.search(n) for n in names):
        return "hidden"
    return None


def text_length(el, links: bool = True) -> int:
    """Characters of visible text under `el` (without link text when `links` is False)."""
    if not isinstance(el.tag, str) or is_chrome(el) or (not links and el.tag == "a"):
        return 0
    total = len((el.text or "").strip())
    for child in el:
        total += text_length(child, links) + len((child.tail or "").strip())
    return total


def link_heavy(el) -> bool:
    """A block made of links (a menu or link list), judged where the page has no content markup."""
    if el.tag not in ("div", "ul", "ol", "table", "section", "p", "dl"):
        return False
    count = sum(1 for _ in el.iter("a"))
    if count < LINK_HEAVY_MIN:
        return False
    total = text_length(el)
    return bool(total) and (total - text_length(el, links=False)) >= LINK_HEAVY_SHARE * total


def content_root(root) -> tuple[object, bool]:
    """The element holding the document, and whether page markup said so (else found by density)."""
    marked = [el for el in root.iter("main") if not is_chrome(el)] or root.xpath('//*[@role="main"]')
    if marked:
        # Inside it, a dominant <article> is the document without the page's table of contents and
        # pager (Docusaurus, MkDocs Material put both inside <main>).
        main = max(marked, key=text_length)
        article = _dominant_article(main)
        return (main if article is None else article), True
    body = root.find(".//body")
    body = body if body is not None else root
    article = _dominant_article(body)
    if article is not None:
        return article, True
    node = body
    while True:
        total = text_length(node)
        children = [c for c in node if isinstance(c.tag, str)]
        if not children or not total:
            return node, False
        best = max(children, key=text_length)
        if text_length(best) < DOMINANT_SHARE * total:
            return node, False
        node = best


def _dominant_article(container):
    """The <article> inside `container` holding ARTICLE_SHARE of its text, if there is one."""
    articles = [el for el in container.iter("article") if not is_chrome(el)]
    if not articles:
        return None
    best = max(articles, key=text_length)
    return best if text_length(best) >= ARTICLE_SHARE * text_length(container) else None


def parse_page(text: str):
    """An lxml tree of a page (an XML declaration, which lxml refuses on text, removed)."""
    text = re.sub(r"\A\s*<\?xml[^>]*\?>", "", text)
    try:
        return lxml_html.document_fromstring(text or "<html></html>")
    except etree.ParserError:  # nothing but a comment or white space: a page without content
        return lxml_html.document_fromstring("<html></html>")
