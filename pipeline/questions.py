"""Question items of a listing or a paper's boxes (part of stage 5, records).

An item is a question when it contains an interrogative sentence: its text up
to the last question mark is the question, what follows its detail, and a
closing reference "(Section 2.1.1)" / "(§2.1.1)" / "(第2.1.1节)" its section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.lang.base import LanguageRules
from pipeline.types import Paragraph, SegmentedDoc

# Labels of listing items: "3.", "3)", "Q3.", "(3)", "（3）", "③", bullets.
ITEM_LABEL = re.compile(
    r"^\s*(?:(?:Q|q)?(?P<num>\d{1,3})\s*[.)．、:]|[（(](?P<paren>\d{1,3})[）)]|(?P<circled>[①-⑳])"
    r"|[•◦▪‣●○■*\-–])\s*"
)


@dataclass
class QuestionItem:
    """A listing item that asks something: its label, question and detail text, and reference."""

    number: str | None
    text: str
    detail: str | None
    reference: str | None  # section number the item refers to
    paragraph: Paragraph
    section_id: str


def question_items(doc: SegmentedDoc, rules: LanguageRules | None = None) -> list[QuestionItem]:
    """Items of `doc` that ask a question, in document order.

    The question is the item's text up to its last question mark; what
    follows is its detail; a closing reference is its section.
    """
    from pipeline.lang import rules_for
    from pipeline.listing_numbers import closing_reference

    rules = rules or rules_for(doc.source.lang)
    items = []
    for paragraph in doc.paragraphs:
        label = ITEM_LABEL.match(paragraph.text)
        numbered = label is not None and any(label.group(g) for g in ("num", "paren", "circled"))
        if paragraph.kind != "list_item" and not (paragraph.kind == "paragraph" and numbered):
            continue
        text = paragraph.text.rstrip()
        reference = closing_reference(text, rules.anchors(text))
        if reference is not None:
            opening = max(text.rfind("("), text.rfind("（"))
            text = text[:opening].rstrip() if opening > 0 else text
        body = ITEM_LABEL.sub("", text, count=1).strip() if label else text.strip()
        last = max(body.rfind("?"), body.rfind("？"))
        if last < 0:
            continue
        end = last + 1
        while end < len(body) and body[end] in '"”’)）':
            end += 1
        question, detail = body[:end].strip(), body[end:].strip() or None
        number = (
            (label.group("num") or label.group("paren") or label.group("circled"))
            if label is not None and numbered
            else paragraph.marker
        )
        items.append(QuestionItem(number, question, detail, reference, paragraph, paragraph.section_id))
    return items
