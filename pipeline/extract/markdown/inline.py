"""Inline Markdown as the text a reader sees.

Emphasis, links and inline HTML lose their markup and keep their text; code
spans keep their code without backticks; images, footnote references and
comments are not text; a MyST role keeps its text (`{ref}`the text <target>``
reads "the text"). Soft line breaks join as the script wants (no space
between two Chinese characters). Tags markdown-it did not read as HTML (JSX
with `{…}` attributes) are removed the same way.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence

from markdown_it.token import Token

from pipeline.extract.markdown.tags import scan_tag
from pipeline.lang.script import join_lines

_ROLE_TARGET = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>\s*$", re.S)
_BREAK_TAG = re.compile(r"^<br\s*/?>$", re.I)


def strip_tags(text: str) -> str:
    """`text` without the tags in it (their content stays)."""
    out, i = [], 0
    while (lt := text.find("<", i)) >= 0:
        tag = scan_tag(text, lt)
        out.append(text[i:lt])
        if tag is None:
            out.append("<")
            i = lt + 1
        else:
            i = tag.end
    out.append(text[i:])
    return "".join(out)


def code_only(tokens: Sequence[Token] | None) -> bool:
    """Whether the visible text of `tokens` is only code spans (with spaces and punctuation between).

    A list item that is only "`<input>`" or "`useState()`" names code: it is not a sentence of
    either language.
    """
    spans = 0
    for token in tokens or ():
        if token.type == "code_inline":
            spans += 1
        elif token.type == "text" and any(ch.isalnum() for ch in token.content):
            return False
        elif token.type in ("myst_role", "math_inline", "image"):
            return False
    return spans > 0


def role_text(content: str) -> str:
    target = _ROLE_TARGET.match(content)
    return target.group("text") if target and target.group("text") else content


def render_inline(
    tokens: Sequence[Token] | None,
    dropped: Counter,
    text_hooks: Sequence[Callable[[str], str]] = (),
) -> str:
    """The visible text of a run of inline tokens, wrapped lines joined."""
    parts: list[str] = []
    for token in tokens or ():
        kind = token.type
        if kind == "text":
            text = token.content
            for hook in text_hooks:
                text = hook(text)
            parts.append(strip_tags(text) if "<" in text else text)
        elif kind in ("code_inline", "math_inline"):
            parts.append(token.content)
        elif kind in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif kind == "html_inline":
            if token.content.startswith("<!--"):
                dropped["comments"] += 1
            elif _BREAK_TAG.match(token.content):
                parts.append("\n")
        elif kind == "myst_role":
            parts.append(role_text(token.content))
        elif kind == "image":
            dropped["images"] += 1
        # Everything else is markup around text: link_open, em_open, strong_close, footnote_ref, ...
    return join_lines("".join(parts))
