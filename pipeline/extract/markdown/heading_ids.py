"""Heading anchors in every style, taken out of the heading text into metadata.

`## Title {#overview}` (Pandoc, kramdown, Hugo, Docusaurus, VitePress, MkDocs
attr_list, also `{: #id .class}` and `{ #id }`), `## Title {/*overview*/}`
(react.dev's MDX), `<a name="overview"></a>` or `<a id=…>`/`<span id=…>` in
the heading (GitHub READMEs, Hugo pages) and setext headings carrying any of
these. MyST's `(overview)=` target line is read by the parser (myst_blocks).
"""

from __future__ import annotations

import re

from pipeline.extract.markdown.source import MarkdownSource

_ATTRS = r"\{[ \t]*:?[ \t]*#(?P<id>[^\s}]+)[^}\n]*\}|\{/\*[ \t]*(?P<mdx>[^*\n]*?)[ \t]*\*/\}"
_ATX = re.compile(rf"^(?P<head>[ \t]{{0,3}}(?:>[ \t]?)*#{{1,6}}[ \t].*?)[ \t]*(?:{_ATTRS})[ \t]*#*[ \t]*$", re.M)
_SETEXT_TEXT = re.compile(rf"^(?P<head>[^\n]*?\S)[ \t]*(?:{_ATTRS})[ \t]*(?=\n[ \t]{{0,3}}(?:=+|-+)[ \t]*$)", re.M)
_HEADING_ANCHOR = re.compile(
    r"^(?P<head>[ \t]{0,3}(?:>[ \t]?)*#{1,6}[ \t][^\n]*?)"
    r"<(?:a|span)\s+(?:name|id)\s*=\s*[\"'](?P<id>[^\"']+)[\"'][^>]*>\s*</(?:a|span)>(?P<tail>[^\n]*)$",
    re.M | re.I,
)


def take_anchors(src: MarkdownSource) -> None:
    def keep(match: re.Match) -> str:
        src.anchors[src.line_of(match.start())] = match.group("id") or match.group("mdx")
        return match.group("head")

    src.substitute(_ATX, keep)
    src.substitute(_SETEXT_TEXT, keep)

    def html_anchor(match: re.Match) -> str:
        src.anchors.setdefault(src.line_of(match.start()), match.group("id"))
        return match.group("head") + match.group("tail")

    src.substitute(_HEADING_ANCHOR, html_anchor)
