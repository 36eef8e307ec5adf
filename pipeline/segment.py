"""Stage 3, segment: a section tree, paragraphs, sentences and words.

Headings come from markup or layout (Markdown `#`, bold lines, PDF fonts) or
from the language's rules on plain lines. Unnumbered headings take the number
the document itself gives them ("相关工作(第2节)" names §2). The first paragraph
before any heading is the abstract; other text before the first heading goes
to that heading's implied parent (text before "1.1" belongs to §1).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from pipeline.lang.base import LanguageRules
from pipeline.lang.numbering import BACK_MATTER, parse_numbering
from pipeline.listing_numbers import ListingHeading, closing_reference, number_from_references
from pipeline.sentences import split_sentences
from pipeline.types import (
    METADATA_KINDS,
    Block,
    ExtractedDoc,
    Paragraph,
    Section,
    SegmentedDoc,
)

TITLE_MATCH_MIN = 80  # rapidfuzz ratio for an unnumbered heading to take a referenced number


@dataclass
class _Heading:
    number: str | None
    title: str
    start: int
    end: int
    level: int | None
    numbered_by: str
    page: int | None = None
    bbox: tuple | None = None
    anchor: str | None = None
    line: int | None = None


def _items(doc: ExtractedDoc, rules: LanguageRules) -> tuple[list[_Heading | Block], list[Block]]:
    """Headings and paragraph blocks in reading order, and metadata blocks."""
    items: list[_Heading | Block] = []
    metadata: list[Block] = []
    # Plain text has no heading markup: short and numbered lines may be headings. Markup (Markdown,
    # HTML) and layout (PDF) say where headings are.
    plain_text = doc.source.kind == "text"
    blocks = doc.blocks
    for index, block in enumerate(blocks):
        if block.kind in METADATA_KINDS:
            metadata.append(block)
            continue
        parse = None
        if block.kind == "heading":
            parse = rules.parse_heading(block.text, marked=True)
        elif block.kind == "paragraph" and plain_text and items:
            parse = rules.parse_heading(block.text, marked=False)
            following = next((b for b in blocks[index + 1 :] if b.kind != "metadata"), None)
            # An unnumbered short line is a heading only when text follows it.
            if parse and parse.number is None and (following is None or following.kind == "heading"):
                parse = None
        if parse is None:
            items.append(block)
            continue
        number = block.number or parse.number
        title = parse.title
        if block.kind == "heading" and doc.source.kind == "pdf" and block.level is not None:
            # The PDF's heading detector already read the printed label and level.
            title = _title_after_label(block.text, block.number)
        items.append(
            _Heading(
                number=number,
                title=title,
                start=block.start,
                end=block.start + parse.end,
                level=block.level,
                numbered_by="heading" if number else "none",
                page=block.page,
                bbox=block.bbox,
                anchor=block.anchor,
                line=block.line,
            )
        )
        if parse.body_start is not None:
            body_start = block.start + parse.body_start
            items.append(
                Block(
                    kind="paragraph",
                    text=doc.text[body_start : block.end].replace("\n", " "),
                    start=body_start,
                    end=block.end,
                    page=block.page,
                    bbox=block.bbox,
                )
            )
    return items, metadata


def _title_after_label(text: str, number: str | None) -> str:
    if number is None:
        return text.strip()
    numbering = parse_numbering(text)
    return text[numbering.title_start :].strip() if numbering and numbering.number == number else text.strip()


def _number_from_references(items: list, rules: LanguageRules) -> None:
    """Give unnumbered headings the section number the text refers to them by."""
    references: list[tuple[str, str]] = []
    for item in items:
        if isinstance(item, Block):
            references.extend(rules.titled_references(item.text))
    used = {h.number for h in items if isinstance(h, _Heading) and h.number}
    # A long text repeats its references; each distinct one is keyed once (else headings x references).
    keyed = [(rules.title_key(title), number) for title, number in dict.fromkeys(references)]
    for heading in (h for h in items if isinstance(h, _Heading) and h.number is None):
        key = rules.title_key(heading.title)
        scored = [(fuzz.ratio(key, reference_key), number) for reference_key, number in keyed if number not in used]
        if scored:
            score, number = max(scored, key=lambda pair: (pair[0], -len(pair[1])))
            if score >= TITLE_MATCH_MIN:
                heading.number = number
                heading.numbered_by = "reference"
                used.add(number)


def _number_from_item_references(items: list, rules: LanguageRules) -> list[str]:
    """Unnumbered listing headings take the section their items' closing references point into."""
    headings: list[ListingHeading] = []
    for index, item in enumerate(items):
        if isinstance(item, _Heading):
            headings.append(
                ListingHeading(
                    index, item.level or (item.number.count(".") + 1 if item.number else 1), item.title, item.number
                )
            )
    if not headings:
        return []
    # Each item's closing reference, found once; a heading collects those of every item below it.
    references = {
        index: (ref, item.text)
        for index, item in enumerate(items)
        if isinstance(item, Block)
        and item.kind in ("list_item", "paragraph")
        and (ref := closing_reference(item.text, rules.anchors(item.text)))
    }
    if not references:
        return []
    for heading_pos, heading in enumerate(headings):
        end = next((h.index for h in headings[heading_pos + 1 :] if h.level <= heading.level), len(items))
        heading.references.extend(references[i] for i in range(heading.index + 1, end) if i in references)
    numbers, warnings = number_from_references(headings)
    for index, number in numbers.items():
        items[index].number = number
        items[index].numbered_by = "reference"
    return warnings


def _number_appendices(items: list) -> None:
    """ "A Related Work" is appendix A when a later heading is A.1 or it follows the references.

    Whether a leading capital is a letter or an article ("A Study of ...")
    only shows in context, so this runs on the whole heading list.
    """
    headings = [h for h in items if isinstance(h, _Heading)]
    after_back_matter = False
    for index, heading in enumerate(headings):
        if heading.number is None and heading.title.strip().lower() in BACK_MATTER:
            after_back_matter = True
            continue
        lettered = re.match(r"^([A-Z])\s+(\S.*)$", heading.title)
        if heading.number is not None or not lettered:
            continue
        letter = lettered.group(1)
        has_child = any(h.number and h.number.startswith(letter + ".") for h in headings[index + 1 :])
        if has_child or after_back_matter:
            heading.number, heading.title, heading.numbered_by = letter, lettered.group(2), "heading"


def segment(
    doc: ExtractedDoc, rules: LanguageRules, sentences: bool = True, other_rules: LanguageRules | None = None
) -> SegmentedDoc:
    """The section tree and paragraphs of `doc`; with `sentences`, also its sentences and words.

    Segments written in the other language are split with `other_rules` (by default that
    language's rules with default settings) and kept apart, in `SegmentedDoc.mismatched`.
    """
    source = doc.source
    items, metadata = _items(doc, rules)
    _number_from_references(items, rules)
    _number_appendices(items)
    warnings = _number_from_item_references(items, rules)

    sections: list[Section] = []
    by_number: dict[str, Section] = {}
    ids: set[str] = set()

    def new_section(number, title, level, start, end, heading, numbered_by, page=None, bbox=None, key=None):
        base = f"{source.id}:sec:{key or number}"
        section_id, k = base, 1
        while section_id in ids:
            k += 1
            section_id = f"{base}-{k}"
        ids.add(section_id)
        parent_id = None
        if number and "." in number:
            parent_number = number.rsplit(".", 1)[0]
            parent = by_number.get(parent_number) or new_section(
                parent_number, None, parent_number.count(".") + 1, None, None, False, "child"
            )
            parent_id = parent.id
        section = Section(
            id=section_id,
            source_id=source.id,
            lang=source.lang,
            number=number,
            title=title,
            level=level,
            parent_id=parent_id,
            order=len(sections),
            start=start,
            end=end,
            heading=heading,
            numbered_by=numbered_by,
            page=page,
            bbox=bbox,
        )
        sections.append(section)
        if number and number not in by_number:
            by_number[number] = section
        return section

    first_heading = next((i for i in items if isinstance(i, _Heading)), None)

    def front_matter_section() -> Section:
        """Where text between the abstract and the first heading goes: that heading's
        implied parent (text before "1.1" belongs to §1), else an unnumbered body."""
        number = first_heading.number if first_heading else None
        if number and "." in number:
            parent = number.rsplit(".", 1)[0]
            return by_number.get(parent) or new_section(parent, None, parent.count(".") + 1, None, None, False, "child")
        return new_section(None, None, 1, None, None, False, "none", key="body")

    current: Section | None = None
    unnumbered = 0
    paragraphs: list[Paragraph] = []
    counts: dict[str, int] = {}

    def add_paragraph(section: Section, item: Block | _Heading, kind: str, text: str) -> None:
        counts[section.id] = counts.get(section.id, 0) + 1
        block = item if isinstance(item, Block) else None
        paragraphs.append(
            Paragraph(
                id=f"{section.id}:p{counts[section.id]}",
                source_id=source.id,
                lang=source.lang,
                section_id=section.id,
                kind=kind,
                order=len(paragraphs),
                start=item.start,
                end=item.end,
                text=text,
                page=item.page,
                bbox=item.bbox,
                marker=block.marker if block else None,
                group=block.group if block else None,
                info=block.info if block else None,
                depth=block.depth if block else None,
                line=item.line,
            )
        )

    for item in items:
        if isinstance(item, _Heading):
            if item.title.strip().lower() in ("abstract", "摘要") and item.number is None:
                current = new_section(
                    None, item.title, 1, item.start, item.end, True, "abstract", item.page, item.bbox, key="abstract"
                )
            else:
                if item.number is None:
                    unnumbered += 1
                if source.kind == "pdf" and item.level is not None:
                    level = item.level  # from the outline, the numbering scheme or the heading's style
                else:
                    level = item.number.count(".") + 1 if item.number else (item.level or 1)
                current = new_section(
                    item.number,
                    item.title,
                    level,
                    item.start,
                    item.end,
                    True,
                    item.numbered_by,
                    item.page,
                    item.bbox,
                    key=None if item.number else f"u{unnumbered}",
                )
            current.anchor = item.anchor
            # The heading as written (number and title) is the first segment of its section.
            add_paragraph(current, item, "heading", doc.text[item.start : item.end].replace("\n", " "))
            continue
        if current is None:
            # The first paragraph of a document that opens without a heading is its abstract.
            current = new_section(None, None, 1, None, None, False, "abstract", key="abstract")
        elif current.numbered_by == "abstract" and not current.heading and sections[-1] is current:
            current = front_matter_section()
        add_paragraph(current, item, item.kind if item.kind != "heading" else "paragraph", item.text)

    found, mismatched = split_sentences(paragraphs, rules, other_rules) if sentences else ([], [])
    return SegmentedDoc(
        source=source,
        text=doc.text,
        sections=sections,
        paragraphs=paragraphs,
        sentences=found,
        metadata=metadata,
        warnings=list(doc.warnings) + warnings,
        outline=list(doc.outline),
        mismatched=mismatched,
        doc_metadata=dict(doc.metadata),
        dropped=dict(doc.dropped),
    )
