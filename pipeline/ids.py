"""Document and source ids: one safe path component each, readable in any script.

An id names the output folder (`OUT/<id>/`), its lock and staging siblings
(`OUT/.<id>.lock`, `OUT/.<id>.tmp-XXXXXXXX`), and prefixes every record id.
So it must be one path component (no `/`, never `.` or `..`), lower case
(case-insensitive file systems would merge `Doc` and `doc`), and short
enough in bytes that those siblings fit the usual 255-byte name limit.
Letters and digits of every script are kept: `文档.md` gives the id `文档`,
not an empty string that two different documents would share.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

# Bytes of UTF-8 an id may take: `.<id>.tmp-XXXXXXXX` and `.<id>.old-<pid>` must stay under 255.
MAX_ID_BYTES = 200
# A slug cut to fit keeps this many bytes and a digest of the whole name, so names sharing a long
# prefix still get different ids.
_CUT_BYTES = MAX_ID_BYTES - 9

# One path component: starts with a letter or digit, then letters, digits, '.', '_' or '-'.
_ID = re.compile(r"[^\W_][\w.-]*")


def slug(name: str) -> str:
    """A safe id from a file name: letters and digits of any script, lower case, '.', '_' and '-'.

    `slug("Report v2.md") == "report-v2.md"`, `slug("文档") == "文档"`; "document" when nothing is left.
    """
    text = unicodedata.normalize("NFKC", name).lower()
    # Whatever is not a letter, digit, '.', '_' or '-' (spaces, slashes, symbols) becomes one '-'.
    text = re.sub(r"[^\w.-]+", "-", text).strip("-._")
    text = re.sub(r"\.{2,}", ".", text)  # never '..' inside an id
    if not text:
        return "document"
    return fit(text, name)


def fit(text: str, whole: str | None = None) -> str:
    """`text` cut to MAX_ID_BYTES, with a short digest of `whole` (default: `text`) when it had to be cut."""
    data = text.encode("utf-8")
    if len(data) <= MAX_ID_BYTES:
        return text
    head = data[:_CUT_BYTES].decode("utf-8", errors="ignore").rstrip("-._")
    digest = hashlib.sha256((whole or text).encode("utf-8")).hexdigest()[:8]
    return f"{head}-{digest}"


def id_problem(value: object) -> str | None:
    """Why `value` is not a valid id, or None when it is one."""
    if not isinstance(value, str) or not value:
        return f"{value!r} is not a valid id; give a non-empty name"
    if not _ID.fullmatch(value) or ".." in value or any(c.isupper() for c in value):
        return (
            f"{value!r} is not a valid id; use lower-case letters (any script), digits, '.', '_' and '-', "
            "starting with a letter or digit (no '/', no '..')"
        )
    if len(value.encode("utf-8")) > MAX_ID_BYTES:
        return f"{value[:20]!r}... is {len(value.encode('utf-8'))} bytes long; an id takes at most {MAX_ID_BYTES}"
    return None
