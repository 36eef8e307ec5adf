"""config/sources.yaml, validated like pipeline.yaml: the document, its sources and the pairs to align.

`load_config` reads it through `config_file.validate` with `sources_cross_checks`, so a
duplicate id, a pair naming an unknown source and a missing field are all reported at
once, each with its file:line:column, before any source is read.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from pipeline.ids import id_problem
from pipeline.settings import _Strict


def _valid_id(value: str) -> str:
    problem = id_problem(value)
    if problem:
        raise ValueError(problem)
    return value


class DocumentInfo(BaseModel):
    """`document:` of sources.yaml. Keys besides id and title (citation, authors, ...) go to the manifest as written."""

    model_config = ConfigDict(extra="allow", frozen=True)
    id: str
    title: str = ""

    _id = field_validator("id")(_valid_id)


class SourceEntry(_Strict):
    """One entry of `sources:` (the fields of types.SourceSpec)."""

    id: str
    lang: Literal["zh", "en"]
    path: str
    version: str = ""
    origin_url: str = ""
    licence: str = ""
    optional: bool = False
    missing_hint: str = ""
    allow_outside: bool = False

    _id = field_validator("id")(_valid_id)

    @field_validator("version", mode="before")
    @classmethod
    def _version_as_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else value


class PairEntry(_Strict):
    """One entry of `pairs:`: a Chinese source and the English sources to try, first present wins."""

    zh: str
    en: list[str]

    @field_validator("en", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value


class SourcesFile(_Strict):
    """config/sources.yaml."""

    document: DocumentInfo
    sources: list[SourceEntry] = Field(default_factory=list)
    pairs: list[PairEntry] = Field(default_factory=list)

    @field_validator("sources", "pairs", mode="before")
    @classmethod
    def _none_is_empty(cls, value: Any) -> Any:
        return [] if value is None else value


def sources_cross_checks(data: dict) -> list[tuple[tuple, str]]:
    """What the entries of sources.yaml must agree on: unique ids, and pairs naming declared sources
    of the right language. Reads the raw mapping, so it reports alongside the per-field errors."""
    problems: list[tuple[tuple, str]] = []
    sources: list = data["sources"] if isinstance(data.get("sources"), list) else []
    langs: dict[str, object] = {}
    for index, entry in enumerate(sources):
        source_id = entry.get("id") if isinstance(entry, dict) else None
        if not isinstance(source_id, str):
            continue
        if source_id in langs:
            problems.append((("sources", index, "id"), f"duplicate id {source_id!r}; every source needs its own"))
        langs.setdefault(source_id, entry.get("lang"))
    pairs: list = data["pairs"] if isinstance(data.get("pairs"), list) else []
    for index, pair in enumerate(pairs):
        if not isinstance(pair, dict):
            continue
        en = pair.get("en")
        named = [("zh", None, pair.get("zh"))] + [
            ("en", position, value) for position, value in enumerate(en if isinstance(en, list) else [en])
        ]
        for lang, position, value in named:
            if not isinstance(value, str):
                continue
            location = (
                ("pairs", index, lang)
                if position is None or not isinstance(en, list)
                else ("pairs", index, lang, position)
            )
            if value not in langs:
                known = ", ".join(sorted(langs)) or "none declared"
                problems.append((location, f"{value!r} is not a source id (sources: {known})"))
            elif langs[value] != lang:
                problems.append((location, f"{value!r} is a {langs[value]} source, not {lang}"))
    return problems
