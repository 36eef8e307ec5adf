"""Every stage's result types, in data-flow order, in one place.

document.py: ingest, extract and segment (sources, blocks, sections,
paragraphs, sentences, anchors); alignment.py: beads and aligned document
pairs; records.py: categories, challenges, topics, questions (with their
schemas and fingerprints); results.py: what a run, a diff and the models
command return. Stages import from here and never change an earlier stage's
objects.
"""

from pipeline.types.alignment import AlignmentRecord, Bead, DocumentAlignment
from pipeline.types.document import (
    BLOCK_KINDS,
    METADATA_KINDS,
    NON_BODY_KINDS,
    Anchor,
    Block,
    ExtractedDoc,
    IngestedSource,
    Paragraph,
    Section,
    SegmentedDoc,
    Sentence,
    Source,
    SourceSpec,
    to_record,
)
from pipeline.types.records import FILE_NAMES, Category, Challenge, Question, Record, SourceRef, Topic
from pipeline.types.results import CHANGES, KINDS, Change, DiffResult, ModelInfo, RunResult

__all__ = [
    "SourceSpec",
    "Source",
    "IngestedSource",
    "BLOCK_KINDS",
    "NON_BODY_KINDS",
    "METADATA_KINDS",
    "Block",
    "ExtractedDoc",
    "Anchor",
    "Section",
    "Paragraph",
    "Sentence",
    "SegmentedDoc",
    "to_record",
    "Bead",
    "AlignmentRecord",
    "DocumentAlignment",
    "Record",
    "SourceRef",
    "Category",
    "Challenge",
    "Topic",
    "Question",
    "FILE_NAMES",
    "RunResult",
    "ModelInfo",
    "Change",
    "DiffResult",
    "KINDS",
    "CHANGES",
]
