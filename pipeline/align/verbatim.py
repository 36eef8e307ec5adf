"""Verbatim evidence: strings both languages write the same way, and code blocks.

A translation keeps numbers, acronyms, URLs, file names, code identifiers and
inline code as they are; two segments that share them are very likely
translations of each other, and one that has them facing one that has none
is likely not. Keys are prefixed by kind (`num:`, `acr:`, `url:`, `file:`,
`id:`), so `2` the number never meets `2` inside an identifier.

Code blocks are compared as code: their identifier-like tokens, comments and
string literals set aside (a translation translates those, never the code).
"""

from __future__ import annotations

import hashlib
import re

# ASCII boundaries: in Chinese text a number sits right against characters ("18个").
NUMBER = re.compile(r"(?<![A-Za-z0-9_.])(\d+(?:\.\d+)*)(?![A-Za-z0-9_])")
ACRONYM = re.compile(r"(?<![A-Za-z0-9])([A-Z][A-Za-z]*[A-Z][A-Za-z]*s?|[A-Z]{2,}s?)(?![A-Za-z0-9])")
URL = re.compile(r"https?://[^\s)\]>\"'，。）]+|www\.[^\s)\]>\"'，。）]+")
# name.ext, with a name of at least two characters and an alphabetic extension ("e.g." is neither).
FILE_NAME = re.compile(r"(?<![\w./-])([\w-]{2,}(?:/[\w.-]+)*\.[a-z][a-z0-9]{0,4})(?![\w-])")
# Code identifiers: dotted paths (os.path.join), snake_case, camelCase, calls (name()).
IDENTIFIER = re.compile(
    r"(?<![\w.])("
    r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+"  # dotted
    r"|[A-Za-z]\w*_\w+"  # snake_case
    r"|[a-z]+[A-Z]\w*"  # camelCase
    r"|[A-Za-z_]\w*(?=\()"  # a call
    r")(?![\w])"
)
INLINE_CODE = re.compile(r"`([^`\n]{1,80})`")
# Cheap tests that tell whether the costlier patterns can match at all (most prose has none).
MAYBE_FILE_OR_ID = re.compile(r"\w[._(]|[a-z][A-Z]")
# What a translator rewrites inside code: comments and string literals.
CODE_COMMENT = re.compile(r"(?://|#)[^\n]*|/\*.*?\*/|<!--.*?-->", re.DOTALL)
CODE_STRING = re.compile(r"\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'")
CODE_TOKEN = re.compile(r"[A-Za-z_]\w*|\d+|[^\sA-Za-z_\d]")


def text_anchors(text: str) -> set[str]:
    """Language-neutral anchors found in raw text."""
    found = {f"num:{m.group(1)}" for m in NUMBER.finditer(text)}
    found.update(f"acr:{m.group(1).rstrip('s').lower()}" for m in ACRONYM.finditer(text))
    bare = text
    if "http" in text or "www." in text:
        found.update(f"url:{m.group(0).rstrip('.,;:!?')}" for m in URL.finditer(text))
        bare = URL.sub(" ", text)  # a URL's parts are not file names or identifiers of their own
    if MAYBE_FILE_OR_ID.search(bare):
        found.update(f"file:{m.group(1).lower()}" for m in FILE_NAME.finditer(bare))
        found.update(f"id:{m.group(1)}" for m in IDENTIFIER.finditer(bare))
    if "`" in bare:
        found.update(f"id:{m.group(1).strip()}" for m in INLINE_CODE.finditer(bare) if m.group(1).strip())
    return found


def code_tokens(code: str) -> list[str]:
    """A code block's tokens without its comments and string literals (those a translation may change)."""
    return CODE_TOKEN.findall(CODE_STRING.sub('""', CODE_COMMENT.sub(" ", code)))


def code_key(code: str) -> str:
    """One key for a code block, the same for the block and its translation when only comments and
    strings differ: a digest of its remaining tokens."""
    return "code:" + hashlib.sha1(" ".join(code_tokens(code)).encode("utf-8")).hexdigest()[:16]


def code_similarity(left: str, right: str) -> float:
    """Dice overlap of two code blocks' token multisets (comments and strings set aside), 0..1."""
    a, b = code_tokens(left), code_tokens(right)
    if not a or not b:
        return 0.0
    counts: dict[str, int] = {}
    for token in a:
        counts[token] = counts.get(token, 0) + 1
    shared = 0
    for token in b:
        if counts.get(token, 0) > 0:
            counts[token] -= 1
            shared += 1
    return 2 * shared / (len(a) + len(b))
