"""The records users come for: categories, challenges, topics, research questions.

One module for all four types, their JSON Schemas, and the content fingerprint
that matches a record across source versions. Links go upwards:
question → topic → challenge → category.
"""

from __future__ import annotations

import hashlib
import inspect
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from typing import Any, ClassVar

ORIGINS = ("source", "aligned", "machine", "missing")


def normalise_for_fingerprint(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").lower()
    return re.sub(r"[\W_]+", "", text, flags=re.UNICODE)


def fingerprint(text: str) -> str:
    """Content fingerprint: survives changes of case, spacing and punctuation."""
    return hashlib.sha1(normalise_for_fingerprint(text).encode("utf-8")).hexdigest()[:16]


@dataclass
class SourceRef:
    source_id: str
    lang: str
    start: int | None = None
    end: int | None = None
    page: int | None = None
    bbox: list[float] | None = None
    segment_id: str | None = None  # the section, paragraph or sentence the text came from


@dataclass
class Record:
    kind: ClassVar[str] = "record"
    id: str
    number: str | None  # section number, or the question's own number
    order: int
    text_en: str | None
    text_zh: str | None
    origin_en: str  # one of ORIGINS
    origin_zh: str
    fingerprint: str
    refs: list[SourceRef] = field(default_factory=list)
    machine: dict[str, str] | None = None  # translation model name and version when an origin is "machine"

    def parent_id(self) -> str | None:
        return None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": self.kind}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "refs":
                value = [{k: v for k, v in ref.__dict__.items()} for ref in value]
            out[f.name] = value
        return out


@dataclass
class Category(Record):
    """One of the document's categories of challenges (a top-level section such as §2)."""

    kind: ClassVar[str] = "category"


@dataclass
class Challenge(Record):
    """A foundational challenge: a subsection of a category section (such as §2.1)."""

    kind: ClassVar[str] = "challenge"
    category_id: str | None = None

    def parent_id(self) -> str | None:
        return self.category_id


@dataclass
class Topic(Record):
    """A sub-topic of a challenge: a sub-subsection (such as §2.1.1)."""

    kind: ClassVar[str] = "topic"
    challenge_id: str | None = None

    def parent_id(self) -> str | None:
        return self.challenge_id


@dataclass
class Question(Record):
    """A research question, linked to its topic, challenge and category.

    `text_*` holds the question sentence(s) of a listing item; `detail_*` the
    explanation that follows them. `number` is the printed label (lists may
    restart per challenge); `order` runs through the whole document.
    """

    kind: ClassVar[str] = "question"
    topic_id: str | None = None
    challenge_id: str | None = None
    category_id: str | None = None
    section: str | None = None  # the section the question belongs to (its reference, when it gives one)
    detail_en: str | None = None
    detail_zh: str | None = None

    def parent_id(self) -> str | None:
        return self.topic_id or self.challenge_id


RECORD_TYPES: dict[str, type[Record]] = {t.kind: t for t in (Category, Challenge, Topic, Question)}
FILE_NAMES = {"category": "categories", "challenge": "challenges", "topic": "topics", "question": "questions"}
LINKS = {
    "challenge": {"category_id": "category"},
    "topic": {"challenge_id": "challenge"},
    "question": {"topic_id": "topic", "challenge_id": "challenge", "category_id": "category"},
}


def from_dict(data: dict[str, Any]) -> Record:
    cls = RECORD_TYPES[data["type"]]
    values = {k: v for k, v in data.items() if k != "type"}
    values["refs"] = [SourceRef(**ref) for ref in values.get("refs") or []]
    return cls(**values)


_NULLABLE_STRING = {"type": ["string", "null"]}
_REF_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["source_id", "lang"],
    "properties": {
        "source_id": {"type": "string"},
        "lang": {"enum": ["zh", "en"]},
        "start": {"type": ["integer", "null"], "minimum": 0},
        "end": {"type": ["integer", "null"], "minimum": 0},
        "page": {"type": ["integer", "null"], "minimum": 1},
        "bbox": {"type": ["array", "null"], "items": {"type": "number"}, "minItems": 4, "maxItems": 4},
        "segment_id": _NULLABLE_STRING,
    },
}


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one record type."""
    cls = RECORD_TYPES[kind]
    properties: dict[str, Any] = {
        "type": {"const": kind},
        "id": {"type": "string", "pattern": f"^{kind}-[0-9a-f]{{8}}(-[0-9]+)?$"},
        "number": _NULLABLE_STRING,
        "order": {"type": "integer", "minimum": 0},
        "text_en": _NULLABLE_STRING,
        "text_zh": _NULLABLE_STRING,
        "origin_en": {"enum": list(ORIGINS)},
        "origin_zh": {"enum": list(ORIGINS)},
        "fingerprint": {"type": "string", "pattern": "^[0-9a-f]{16}$"},
        "refs": {"type": "array", "items": _REF_SCHEMA},
        "machine": {"type": ["object", "null"], "additionalProperties": {"type": "string"}},
    }
    for link in LINKS.get(kind, {}):
        properties[link] = _NULLABLE_STRING
    if cls is Question:
        properties["section"] = _NULLABLE_STRING
        properties["detail_en"] = _NULLABLE_STRING
        properties["detail_zh"] = _NULLABLE_STRING
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://example.invalid/pipeline/schema/{kind}.json",
        "title": cls.__name__,
        "description": inspect.cleandoc(cls.__doc__ or f"A {kind} record."),
        "type": "object",
        "additionalProperties": False,
        "required": sorted(properties),
        "properties": properties,
    }


@dataclass(frozen=True)
class ParentLinks:
    """A record's parents, held as objects until ids exist to link them by (see record_ids.assign_ids)."""

    record: Record
    topic: Topic | None = None
    challenge: Challenge | None = None
    category: Category | None = None


@dataclass
class RecordSet:
    categories: list[Category] = field(default_factory=list)
    challenges: list[Challenge] = field(default_factory=list)
    topics: list[Topic] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    links: list[ParentLinks] = field(default_factory=list)

    def by_kind(self) -> dict[str, Sequence[Record]]:
        return {
            "category": self.categories,
            "challenge": self.challenges,
            "topic": self.topics,
            "question": self.questions,
        }

    def all(self) -> list[Record]:
        return [r for records in self.by_kind().values() for r in records]
