"""Stage 5, extract records: categories, challenges, topics and questions in both languages.

Records come from a source's section tree. Which sections are categories (or,
in a document without categories, challenges) is the document profile's
word (config/profiles/); a listing without a profile gets its categories from
the numbers its questions refer to. A question is a list item (or a numbered
paragraph) in those sections that contains an interrogative sentence; the
rest of the item is its detail, a trailing reference "(Section 2.1.1)" its
section. Chinese text comes from a Chinese listing of the same questions
(paired by section reference and order), else through the alignment.
Without the full source, the categories come from the two abstracts' lists.
Ids are stable across versions (record_ids.py).
"""

from __future__ import annotations

import re
from typing import Any

from rapidfuzz import fuzz

from pipeline.lang.base import LanguageRules
from pipeline.profile import RecordSettings
from pipeline.questions import QuestionItem, question_items
from pipeline.record_ids import MATCH_MIN, assign_ids
from pipeline.types import DocumentAlignment, Section, SegmentedDoc, Sentence
from pipeline.types.records import (
    Category,
    Challenge,
    ParentLinks,
    Question,
    RecordSet,
    SourceRef,
    Topic,
)


def _ref(doc: SegmentedDoc, segment_id: str, start=None, end=None, page=None, bbox=None) -> SourceRef:
    return SourceRef(doc.source.id, doc.source.lang, start, end, page, list(bbox) if bbox else None, segment_id)


def _section_ref(doc: SegmentedDoc, section: Section) -> SourceRef:
    return _ref(doc, section.id, section.start, section.end, section.page, section.bbox)


def _split_list(items: str, lang: str, expected: int = 0) -> list[str]:
    """ "A, B, and C" / "A、B以及C" → items. A conjunction inside the last item stays unless the other
    language's list says one more item is needed ("A, B and C" against three items)."""
    separators = r"、|以及|，|," if lang == "zh" else r",\s*(?:and\s+)?"
    parts = [p.strip(" .。;；") for p in re.split(separators, items) if p.strip(" .。;；")]
    if expected and len(parts) == expected - 1 and parts:
        last = re.split(r"和|及|与" if lang == "zh" else r"\s+and\s+", parts[-1], maxsplit=1)
        if len(last) == 2:
            parts[-1:] = [p.strip() for p in last]
    return parts


class RecordExtractor:
    """Builds the record set of a document pair from its profile's record settings."""

    def __init__(self, settings: RecordSettings, zh_rules: LanguageRules):
        self.settings = settings
        self.zh_rules = zh_rules

    def extract(
        self, en: SegmentedDoc | None, zh: SegmentedDoc | None, alignment: DocumentAlignment | None
    ) -> RecordSet:
        records = RecordSet()
        main = en if en is not None else zh
        if main is None:
            return records
        sections = {s.number: s for s in main.sections if s.number}
        items = question_items(main)  # found once: they number the categories and become the questions
        category_numbers = self._category_numbers(items)
        if self.settings.challenge_sections and any(n in sections for n in self.settings.challenge_sections):
            self._challenges(
                records, main, [sections[n] for n in self.settings.challenge_sections if n in sections], None
            )
            self._questions(records, main, items)
        elif any(n in sections for n in category_numbers):
            self._from_section_tree(records, main, sections, category_numbers)
            self._questions(records, main, items)
        else:
            self._categories_from_lists(records, en, zh)
        if main is en and zh is not None:
            self._chinese_text(records, en, zh, alignment)
        return records

    def _category_numbers(self, items: list[QuestionItem]) -> list[str]:
        """The profile's category sections; without any, the top-level sections the questions refer to."""
        if self.settings.category_sections:
            return list(self.settings.category_sections)
        referred = [item.reference.split(".")[0] for item in items if item.reference]
        return sorted(set(referred), key=referred.index)

    def _record_fields(self, doc: SegmentedDoc, section: Section, order: int) -> dict[str, Any]:
        text = {"text_en": section.title, "text_zh": None, "origin_en": "source", "origin_zh": "missing"}
        if doc.source.lang == "zh":
            text = {"text_en": None, "text_zh": section.title, "origin_en": "missing", "origin_zh": "source"}
        return {
            "id": "",
            "number": section.number,
            "order": order,
            "fingerprint": "",
            "refs": [_section_ref(doc, section)],
            **text,
        }

    def _from_section_tree(
        self, records: RecordSet, doc: SegmentedDoc, sections: dict[str, Section], category_numbers: list[str]
    ) -> None:
        for number in category_numbers:
            section = sections.get(number)
            if section is None:
                continue
            category = Category(**self._record_fields(doc, section, len(records.categories)))
            records.categories.append(category)
            children = [s for s in doc.sections if s.parent_id == section.id and s.heading]
            self._challenges(records, doc, children, category)

    def _challenges(
        self, records: RecordSet, doc: SegmentedDoc, sections: list[Section], category: Category | None
    ) -> None:
        for child in sections:
            challenge = Challenge(**self._record_fields(doc, child, len(records.challenges)), category_id=None)
            records.links.append(ParentLinks(challenge, category=category))
            records.challenges.append(challenge)
            for grandchild in (s for s in doc.sections if s.parent_id == child.id and s.heading):
                topic = Topic(**self._record_fields(doc, grandchild, len(records.topics)), challenge_id=None)
                records.links.append(ParentLinks(topic, challenge=challenge))
                records.topics.append(topic)

    def _questions(self, records: RecordSet, doc: SegmentedDoc, items: list[QuestionItem]) -> None:
        by_id = doc.section_by_id()
        by_number = {s.number: s for s in doc.sections if s.number}
        kinds = {r.number: r for r in records.categories + records.challenges + records.topics if r.number}
        lang = doc.source.lang
        for item in items:
            # The reference places an item; else the section it is printed in.
            section = by_number.get(item.reference) if item.reference else by_id.get(item.section_id)
            chain = []
            while section is not None:
                chain.append(section.number)
                section = by_id.get(section.parent_id) if section.parent_id else None
            if item.reference:
                chain = [".".join(item.reference.split(".")[:k]) for k in range(item.reference.count(".") + 1, 0, -1)]
            owners = [kinds[n] for n in chain if n in kinds]
            if not owners and item.reference:
                # A reference to no record's section (numbering reported at segmentation): where it is printed.
                printed, chain = by_id.get(item.section_id), []
                while printed is not None:
                    chain.append(printed.number)
                    printed = by_id.get(printed.parent_id) if printed.parent_id else None
                owners = [kinds[n] for n in chain if n in kinds]
            if not owners:
                continue  # a list outside the agenda's sections asks no research question
            other = "zh" if lang == "en" else "en"
            texts: dict[str, Any] = {
                f"text_{lang}": item.text,
                f"detail_{lang}": item.detail,
                f"origin_{lang}": "source",
                f"text_{other}": None,
                f"origin_{other}": "missing",
            }
            paragraph = item.paragraph
            question = Question(
                id="",
                number=item.number,
                order=len(records.questions),
                fingerprint="",
                refs=[_ref(doc, paragraph.id, paragraph.start, paragraph.end, paragraph.page, paragraph.bbox)],
                section=item.reference or (chain[0] if chain else None),
                **texts,
            )
            records.links.append(
                ParentLinks(
                    question,
                    topic=next((r for r in owners if isinstance(r, Topic)), None),
                    challenge=next((r for r in owners if isinstance(r, Challenge)), None),
                    category=next((r for r in owners if isinstance(r, Category)), None),
                )
            )
            records.questions.append(question)

    def _categories_from_lists(self, records: RecordSet, en: SegmentedDoc | None, zh: SegmentedDoc | None) -> None:
        lists = self.settings.category_lists
        found: dict[str, tuple[str, Sentence]] = {}
        for lang, doc in (("en", en), ("zh", zh)):
            source = getattr(lists, lang)
            if not source or doc is None:
                continue
            pattern = re.compile(source)
            for sentence in doc.sentences:
                match = pattern.search(sentence.text)
                if match:
                    found[lang] = (match.group("items"), sentence)
                    break
        numbers = list(self.settings.category_sections)
        en_items = _split_list(found["en"][0], "en", len(numbers)) if "en" in found else []
        zh_items = _split_list(found["zh"][0], "zh", len(numbers)) if "zh" in found else []
        en_sentence = found["en"][1] if "en" in found else None
        zh_sentence = found["zh"][1] if "zh" in found else None
        zh_numbers = self._zh_category_numbers(zh, numbers) if zh else {}
        for k in range(max(len(en_items), len(zh_items))):
            text_en = en_items[k] if k < len(en_items) else None
            text_zh = zh_items[k] if k < len(zh_items) else None
            number = self._best_number(text_zh, zh_numbers) or (numbers[k] if k < len(numbers) else None)
            refs = [
                _ref(d, s.id, s.start, s.end) for d, s in ((en, en_sentence), (zh, zh_sentence)) if s and d is not None
            ]
            if zh is not None and number in zh_numbers:  # the Chinese text's own name for the category, "X(第2节)"
                text_zh, named_sentence = zh_numbers[number]
                refs.append(_ref(zh, named_sentence.id, named_sentence.start, named_sentence.end))
            records.categories.append(
                Category(
                    id="",
                    number=number,
                    order=k,
                    text_en=text_en,
                    text_zh=text_zh,
                    origin_en="source" if text_en else "missing",
                    origin_zh="source" if text_zh else "missing",
                    fingerprint="",
                    refs=refs,
                )
            )

    # -- Chinese ---------------------------------------------------------------

    def _zh_category_numbers(self, zh: SegmentedDoc, numbers: list[str]) -> dict[str, tuple[str, Sentence]]:
        """Category section number -> (Chinese name, sentence), from a titled reference "X(第2节)"."""
        named: dict[str, tuple[str, Sentence]] = {}
        for sentence in zh.sentences:
            for title, number in self.zh_rules.titled_references(sentence.text):
                if number in numbers and number not in named:
                    named[number] = (title, sentence)
        return named

    def _best_number(self, text_zh: str | None, named: dict[str, tuple[str, Sentence]]) -> str | None:
        if not text_zh or not named:
            return None
        key = self.zh_rules.title_key(text_zh)
        score, number = max((fuzz.ratio(key, self.zh_rules.title_key(t)), n) for n, (t, _) in named.items())
        return number if score >= MATCH_MIN else None

    def _chinese_text(
        self, records: RecordSet, en: SegmentedDoc, zh: SegmentedDoc, alignment: DocumentAlignment | None
    ) -> None:
        zh_sections = {s.number: s for s in zh.sections if s.number}
        named = self._zh_category_numbers(zh, [r.number for r in records.categories if r.number])
        for record in [*records.categories, *records.challenges, *records.topics]:
            if record.text_zh or record.number is None:
                continue
            section = zh_sections.get(record.number)
            if section is not None and section.title:
                record.text_zh, record.origin_zh = section.title, "aligned"  # paired by section number
                record.refs.append(_section_ref(zh, section))
            elif record.number in named and isinstance(record, Category):
                title, sentence = named[record.number]
                record.text_zh, record.origin_zh = title, "aligned"
                record.refs.append(_ref(zh, sentence.id, sentence.start, sentence.end))
        paired = self._listed_questions(records, zh)
        if alignment is not None:
            self._aligned_questions(records, en, zh, alignment, skip=paired)

    def _listed_questions(self, records: RecordSet, zh: SegmentedDoc) -> set[int]:
        """Chinese listing items paired with the English questions: same section reference, same rank in it.

        Returns the paired questions' `order` (unique in a record set)."""
        ranked: dict[tuple[str | None, int], Question] = {}
        counts: dict[str | None, int] = {}
        for question in records.questions:
            counts[question.section] = counts.get(question.section, 0) + 1
            ranked[(question.section, counts[question.section])] = question
        paired: set[int] = set()
        seen: dict[str, int] = {}
        for item in question_items(zh):
            if item.reference is None:
                continue
            seen[item.reference] = seen.get(item.reference, 0) + 1
            listed = ranked.get((item.reference, seen[item.reference]))
            if listed is None or listed.text_zh:
                continue
            question = listed
            question.text_zh, question.detail_zh, question.origin_zh = item.text, item.detail, "source"
            question.refs.append(
                _ref(
                    zh,
                    item.paragraph.id,
                    item.paragraph.start,
                    item.paragraph.end,
                    item.paragraph.page,
                    item.paragraph.bbox,
                )
            )
            paired.add(question.order)
        return paired

    def _aligned_questions(
        self, records: RecordSet, en: SegmentedDoc, zh: SegmentedDoc, alignment: DocumentAlignment, skip: set[int]
    ) -> None:
        zh_text = {s.id: s for s in zh.sentences}
        en_by_paragraph: dict[str, list[str]] = {}
        for sentence in en.sentences:
            en_by_paragraph.setdefault(sentence.paragraph_id, []).append(sentence.id)
        # Only confident beads (align.min_confidence) lend their Chinese text to a record.
        beads_by_en = {en_id: record for record in alignment.confident() for en_id in record.en}
        for question in records.questions:
            if question.order in skip:
                continue
            paragraph_id = question.refs[0].segment_id or ""
            beads = []
            for sentence_id in en_by_paragraph.get(paragraph_id, []):
                bead = beads_by_en.get(sentence_id)
                if bead is not None and bead not in beads:
                    beads.append(bead)
            zh_ids = [i for bead in beads for i in bead.zh]
            if zh_ids:
                question.text_zh = "".join(zh_text[i].text for i in zh_ids)
                question.origin_zh = "aligned"
                first, last = zh_text[zh_ids[0]], zh_text[zh_ids[-1]]
                question.refs.append(_ref(zh, first.paragraph_id, first.start, last.end))


def build_records(
    settings: RecordSettings,
    zh_rules: LanguageRules,
    en: SegmentedDoc | None,
    zh: SegmentedDoc | None,
    alignment: DocumentAlignment | None,
    previous: dict[str, list[dict]] | None = None,
) -> RecordSet:
    """Records of a document pair with stable ids: what `pipeline run` and `pipeline diff` both use."""
    records = (
        RecordExtractor(settings, zh_rules).extract(en, zh, alignment)
        if settings.enabled and (en or zh)
        else RecordSet()
    )
    assign_ids(records, previous)
    return records
