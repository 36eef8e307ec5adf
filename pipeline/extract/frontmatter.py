"""Front matter: the YAML (`---`) or TOML (`+++`) header of a Markdown page, as metadata.

Static site generators (Jekyll, Hugo, Docusaurus, VitePress, MkDocs, Astro) put
a page's title, description and settings there; none of it is body text. A
header that does not parse is still not body text: it is dropped and its raw
text kept under "front_matter" so nothing is lost silently.
"""

from __future__ import annotations

import datetime
import re
import tomllib
from dataclasses import dataclass
from typing import Any

import yaml

_YAML = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n(.*?)(?:\r?\n)?^(?:---|\.\.\.)[ \t]*$", re.S | re.M)
_TOML = re.compile(r"\A(?:\ufeff)?\+\+\+[ \t]*\r?\n(.*?)(?:\r?\n)?^\+\+\+[ \t]*$", re.S | re.M)


@dataclass(frozen=True)
class FrontMatter:
    metadata: dict[str, Any]
    end: int  # offset where the body starts (the header's closing line included)
    lines: int  # source lines the header takes


def _json_safe(value: Any) -> Any:
    """Metadata as JSON can hold it: dates as ISO strings, keys as strings."""
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def front_matter(text: str) -> FrontMatter | None:
    """The front matter at the start of `text`, or None when it has none."""
    for pattern, parse in ((_YAML, yaml.safe_load), (_TOML, tomllib.loads)):
        match = pattern.match(text)
        if not match:
            continue
        try:
            data = parse(match.group(1))
        except (yaml.YAMLError, tomllib.TOMLDecodeError, ValueError):
            data = {"front_matter": match.group(1)}
        if not isinstance(data, dict):
            # `---` then a scalar is a thematic break and a paragraph, not a header.
            if pattern is _YAML and data is not None:
                continue
            data = {}
        return FrontMatter(_json_safe(data), match.end(), text.count("\n", 0, match.end()) + 1)
    return None
