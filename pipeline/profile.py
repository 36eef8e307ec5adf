"""A document profile (config/profiles/NAME.yaml): what the pipeline knows about one document.

Its record structure (which sections are categories or challenges, the lists
that name categories when the full source is missing), the counts a run of it
should find, and its own glossary terms. Validated like config/pipeline.yaml
(settings.py), every error of the file at once.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import Field, field_validator, model_validator

from pipeline.settings import _moved_to_min_confidence, _Strict


class ExpectedCounts(_Strict):
    categories: int | None = Field(None, ge=0)
    challenges: int | None = Field(None, ge=0)
    min_questions: int | None = Field(None, ge=0)


class CategoryLists(_Strict):
    en: str | None = None
    zh: str | None = None

    @field_validator("en", "zh")
    @classmethod
    def _compiles(cls, pattern: str | None) -> str | None:
        if pattern is not None:
            try:
                compiled = re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"not a valid regular expression ({exc})") from None
            if "items" not in compiled.groupindex:
                raise ValueError("needs a named group (?P<items>...)")
        return pattern


class RecordSettings(_Strict):
    # Off: sections, paragraphs, sentences and alignment only (any document pair).
    enabled: bool = False
    # Section numbers of the source that are categories; their subsections are challenges.
    category_sections: list[str] = Field(default_factory=list)
    # Or, for a document without categories: the section numbers that are challenges.
    challenge_sections: list[str] = Field(default_factory=list)
    # Without the full source, categories come from lists in the abstracts.
    category_lists: CategoryLists = CategoryLists()
    # A record takes text from confident sentence beads only (align.min_confidence in pipeline.yaml).
    expected: ExpectedCounts = ExpectedCounts()
    # The source that brings challenges and questions, named when they are missing.
    needs_source: str | None = None

    @field_validator("category_sections", "challenge_sections", mode="before")
    @classmethod
    def _as_strings(cls, value: Any) -> Any:
        return [str(v) for v in value] if isinstance(value, list) else value

    @model_validator(mode="before")
    @classmethod
    def _moved(cls, data: Any) -> Any:
        return _moved_to_min_confidence(data, "min_alignment_score")

    @model_validator(mode="after")
    def _one_structure(self) -> RecordSettings:
        if self.category_sections and self.challenge_sections:
            raise ValueError("give category_sections or challenge_sections, not both")
        return self


class Profile(_Strict):
    """What the pipeline knows about one document (config/profiles/NAME.yaml)."""

    description: str = ""
    records: RecordSettings = RecordSettings()
    # The document's own terms, Chinese -> English (general terms live in align.glossary files).
    glossary: dict[str, list[str]] = Field(default_factory=dict)

    @field_validator("glossary", mode="before")
    @classmethod
    def _term_lists(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {str(k): [str(x) for x in (v if isinstance(v, list) else [v])] for k, v in value.items()}
        return value
