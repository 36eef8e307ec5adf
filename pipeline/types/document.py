"""Document types shared by every stage, in data-flow order.

Plain data objects (in the spirit of pdfplumber's): a stage takes the types
above it in this file and returns the next one. Offsets are character offsets
into a source's *text layer*: the decoded file for text, Markdown and HTML
sources, and the repaired text that extraction builds for PDFs.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points


def to_record(obj: Any, record_type: str) -> dict[str, Any]:
    """A JSON-ready dict with a `type` field first, keys in declaration order."""
    data = asdict(obj)
    for key, value in data.items():
        if isinstance(value, tuple):
            data[key] = [round(v, 2) if isinstance(v, float) else v for v in value]
    return {"type": record_type, **data}


# 1. ingest ---------------------------------------------------------------


@dataclass(frozen=True)
class SourceSpec:
    """One entry of config/sources.yaml."""

    id: str
    lang: str
    path: str
    version: str = ""
    origin_url: str = ""
    licence: str = ""
    optional: bool = False
    missing_hint: str = ""
    # A source outside the project root is read only when its entry says so
    # (or the run is given --allow-outside): a config must not publish any file.
    allow_outside: bool = False


@dataclass(frozen=True)
class Source:
    """A source file that was found and read."""

    id: str
    lang: str
    path: str  # as given (relative to the repository root when from config)
    kind: str  # text | markdown | html | pdf
    version: str
    origin_url: str
    licence: str
    sha256: str
    size: int
    encoding: str | None  # None for PDFs


@dataclass
class IngestedSource:
    source: Source
    text: str | None  # decoded text; None for PDFs
    data: bytes  # raw bytes (PDFs are parsed from these)
    warnings: list[str] = field(default_factory=list)


# 2. extract --------------------------------------------------------------

BLOCK_KINDS = (
    "title",
    "heading",
    "paragraph",
    "list_item",
    "box",
    "footnote",
    "caption",
    "metadata",
    "reference",
    "figure_text",
    "equation",
    "toc",
    "table",
    "code",
    "quote",
)
# Kept apart from the body: no sentences, no alignment as prose. References, tables and code
# stay under their section as paragraphs of their kind (code blocks are paired as code, verbatim
# evidence for the aligner); the rest goes with the document's metadata.
NON_BODY_KINDS = ("reference", "table", "code")
METADATA_KINDS = ("metadata", "title", "figure_text", "equation", "toc")


@dataclass(slots=True)
class Block:
    """A run of text in reading order, before any language rules apply."""

    kind: str  # one of BLOCK_KINDS
    text: str
    start: int
    end: int
    page: int | None = None
    bbox: BBox | None = None
    # Headings found by layout or markup (PDF fonts, Markdown #, HTML <hN>).
    level: int | None = None
    number: str | None = None
    # Footnote marker, list-item number, or a box's title.
    marker: str | None = None
    # Blocks inside a box share its id (e.g. "box3").
    group: str | None = None
    # A heading's anchor id from markup ({#overview}, {/*overview*/}, <h2 id="overview">): metadata, not text.
    anchor: str | None = None
    # A code block's info string (the fence's language, e.g. "python").
    info: str | None = None
    # Nesting depth of a list item or quote (0 = top level).
    depth: int | None = None
    # 1-based line of the source file the block starts on (text, Markdown and HTML sources).
    line: int | None = None


@dataclass
class ExtractedDoc:
    source: Source
    text: str  # the text layer the offsets point into
    blocks: list[Block]
    warnings: list[str] = field(default_factory=list)
    outline: list[tuple[int, str]] = field(default_factory=list)  # PDF bookmarks
    # Document metadata from front matter (YAML/TOML) or <meta>/<title>; "title" is the document title.
    metadata: dict[str, Any] = field(default_factory=dict)
    # What extraction dropped on purpose, counted for the manifest (e.g. {"comments": 3, "mdx_imports": 2}).
    dropped: dict[str, int] = field(default_factory=dict)


# 3. segment --------------------------------------------------------------


@dataclass(slots=True)
class Anchor:
    """A citation or cross-reference, with a key comparable across languages.

    Keys: ``cite:leike:2022`` (first author surname or organisation,
    lower-cased, and year with suffix), ``sec:2.2.3``, ``tab:1``, ``fig:1``,
    ``chap:5``, ``app:a``.
    """

    kind: str  # citation | section_ref | table_ref | figure_ref | chapter_ref | appendix_ref
    key: str
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Section:
    id: str
    source_id: str
    lang: str
    number: str | None
    title: str | None
    level: int
    parent_id: str | None
    order: int
    # Offsets of the heading text (title with its number) in the text layer;
    # None for sections that have no heading line (abstract, implied parents).
    start: int | None
    end: int | None
    heading: bool
    numbered_by: str  # heading | reference | child | abstract | none
    page: int | None = None
    bbox: BBox | None = None
    # The title in the other language, by machine, when no section there matches.
    machine_title: str | None = None
    machine_model: str | None = None
    # The heading's anchor id from markup, when it has one.
    anchor: str | None = None


@dataclass(slots=True)
class Paragraph:
    id: str
    source_id: str
    lang: str
    section_id: str
    kind: str  # heading | paragraph | list_item | box | caption | footnote | quote | code | table | reference
    order: int
    start: int
    end: int
    text: str
    page: int | None = None
    bbox: BBox | None = None
    marker: str | None = None
    group: str | None = None
    # From the block (Block.info, .depth, .line): a code block's language, list/quote nesting,
    # the 1-based source line it starts on.
    info: str | None = None
    depth: int | None = None
    line: int | None = None


@dataclass(slots=True)
class Sentence:
    id: str
    source_id: str
    lang: str
    section_id: str
    paragraph_id: str
    order: int
    start: int
    end: int
    text: str
    text_norm: str  # punctuation-normalised (NFKC) text for matching
    words: list[str]
    anchors: list[Anchor]
    page: int | None = None
    bbox: BBox | None = None
    # The sentence in the other language, by machine, when nothing was aligned with it.
    machine_text: str | None = None
    machine_model: str | None = None
    # "sentence", or "heading": a section's title is a segment too, aligned like any other.
    kind: str = "sentence"


@dataclass
class SegmentedDoc:
    source: Source
    text: str
    sections: list[Section]
    paragraphs: list[Paragraph]
    sentences: list[Sentence]
    metadata: list[Block] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    outline: list[tuple[int, str]] = field(default_factory=list)
    # Sentences written in the other language (an English note or kept original inside the Chinese
    # file): `lang` is the language they are written in; never aligned as a translation.
    mismatched: list[Sentence] = field(default_factory=list)
    # Front matter and other document metadata (ExtractedDoc.metadata), and what extraction dropped.
    doc_metadata: dict[str, Any] = field(default_factory=dict)
    dropped: dict[str, int] = field(default_factory=dict)

    def section_by_id(self) -> dict[str, Section]:
        return {s.id: s for s in self.sections}
