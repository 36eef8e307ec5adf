"""Stage 5, extract records: categories, challenges, topics and questions in both languages.

English records come from the English source's section tree (categories are
the sections config names; challenges their subsections; topics the
sub-subsections) and its numbered research questions. Chinese text comes from
the Chinese source through the alignment: the section with the same number,
the sentences aligned with a question, the themes §1.3 names (matched with the
glossary). Without the full paper, the categories come from the two abstracts'
lists. Ids are stable across versions (see `assign_ids`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml
from rapidfuzz import fuzz

from pipeline.align.hierarchical import DocumentAlignment
from pipeline.lang import LanguageRules
from pipeline.record_types import (Category, Challenge, Question, Record, SourceRef, Topic, fingerprint,
                                   normalise_for_fingerprint)
from pipeline.types import Section, SegmentedDoc

MATCH_MIN = 80  # rapidfuzz score for "the same record, reworded"


@dataclass
class RecordSet:
    categories: list[Category] = field(default_factory=list)
    challenges: list[Challenge] = field(default_factory=list)
    topics: list[Topic] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    # Parent records by child object, until ids exist to link them by.
    parents: dict[int, tuple] = field(default_factory=dict)

    def by_kind(self) -> dict[str, list[Record]]:
        return {"category": self.categories, "challenge": self.challenges, "topic": self.topics,
                "question": self.questions}

    def all(self) -> list[Record]:
        return [r for records in self.by_kind().values() for r in records]


def _ref(doc: SegmentedDoc, segment_id: str, start=None, end=None, page=None, bbox=None) -> SourceRef:
    return SourceRef(doc.source.id, doc.source.lang, start, end, page, list(bbox) if bbox else None, segment_id)


def _section_ref(doc: SegmentedDoc, section: Section) -> SourceRef:
    return _ref(doc, section.id, section.start, section.end, section.page, section.bbox)


def _split_list(items: str, lang: str, expected: int = 0) -> list[str]:
    """"A, B, and C" / "A、B以及C" → items. Conjunctions inside an item ("开发与部署方法",
    "development and deployment methods") stay, unless the other language's list
    says one more item is needed ("A, B and C")."""
    separators = r"、|以及|，|," if lang == "zh" else r",\s*(?:and\s+)?"
    parts = [p.strip(" .。;；") for p in re.split(separators, items) if p.strip(" .。;；")]
    if expected and len(parts) == expected - 1 and parts:
        last = re.split(r"和|及" if lang == "zh" else r"\s+and\s+", parts[-1], maxsplit=1)
        if len(last) == 2:
            parts[-1:] = [p.strip() for p in last]
    return parts


class RecordExtractor:
    def __init__(self, settings: dict, zh_rules: LanguageRules, glossary_path=None):
        self.settings = settings
        self.zh_rules = zh_rules
        self.patterns = [re.compile(p) for p in settings.get("question_patterns") or []]
        self.category_numbers = [str(n) for n in settings.get("category_sections") or []]
        self.glossary: dict[str, list[str]] = {}
        if glossary_path:
            data = yaml.safe_load(open(glossary_path, encoding="utf-8")) or {}
            self.glossary = {str(k): [str(x) for x in (v if isinstance(v, list) else [v])] for k, v in data.items()}

    # -- English ---------------------------------------------------------------

    def extract(self, en: SegmentedDoc | None, zh: SegmentedDoc | None,
                alignment: DocumentAlignment | None) -> RecordSet:
        records = RecordSet()
        en_sections = {s.number: s for s in en.sections if s.number} if en else {}
        if en and any(n in en_sections for n in self.category_numbers):
            self._from_section_tree(records, en, en_sections)
            self._questions(records, en, en_sections)
        else:
            self._categories_from_lists(records, en, zh)
        if zh is not None:
            self._chinese_text(records, en, zh, alignment)
        return records

    def _from_section_tree(self, records: RecordSet, en: SegmentedDoc, sections: dict[str, Section]) -> None:
        for number in self.category_numbers:
            section = sections.get(number)
            if section is None:
                continue
            category = Category(id="", number=number, order=len(records.categories), text_en=section.title,
                                text_zh=None, origin_en="source", origin_zh="missing", fingerprint="",
                                refs=[_section_ref(en, section)])
            records.categories.append(category)
            for child in (s for s in en.sections if s.parent_id == section.id and s.heading):
                challenge = Challenge(id="", number=child.number, order=len(records.challenges), text_en=child.title,
                                      text_zh=None, origin_en="source", origin_zh="missing", fingerprint="",
                                      refs=[_section_ref(en, child)], category_id=None)
                records.parents[id(challenge)] = (category,)
                records.challenges.append(challenge)
                for grandchild in (s for s in en.sections if s.parent_id == child.id and s.heading):
                    topic = Topic(id="", number=grandchild.number, order=len(records.topics),
                                  text_en=grandchild.title, text_zh=None, origin_en="source", origin_zh="missing",
                                  fingerprint="", refs=[_section_ref(en, grandchild)], challenge_id=None)
                    records.parents[id(topic)] = (challenge,)
                    records.topics.append(topic)

    def _questions(self, records: RecordSet, en: SegmentedDoc, sections: dict[str, Section]) -> None:
        by_id = en.section_by_id()
        challenges = {c.number: c for c in records.challenges}
        topics = {t.number: t for t in records.topics}
        categories = {c.number: c for c in records.categories}
        for paragraph in en.paragraphs:
            if paragraph.kind not in ("list_item", "paragraph"):
                continue
            match = next((m for p in self.patterns if (m := p.match(paragraph.text))), None)
            if match is None:
                continue
            number = match.group("section") if "section" in match.groupdict() and match.group("section") else None
            section = sections.get(number) if number else by_id.get(paragraph.section_id)
            chain = []
            while section is not None:
                chain.append(section.number)
                section = by_id.get(section.parent_id) if section.parent_id else None
            category = next((categories[n] for n in chain if n in categories), None)
            if category is None and number is None:
                continue  # a numbered list outside the category sections is not a research question
            question = Question(id="", number=match.group("number"), order=len(records.questions),
                                text_en=match.group("text").strip(), text_zh=None, origin_en="source",
                                origin_zh="missing", fingerprint="",
                                refs=[_ref(en, paragraph.id, paragraph.start, paragraph.end, paragraph.page,
                                           paragraph.bbox)],
                                section=number or (chain[0] if chain else None))
            records.parents[id(question)] = (next((topics[n] for n in chain if n in topics), None),
                                             next((challenges[n] for n in chain if n in challenges), None), category)
            records.questions.append(question)

    def _categories_from_lists(self, records: RecordSet, en: SegmentedDoc | None, zh: SegmentedDoc | None) -> None:
        lists = self.settings.get("category_lists") or {}
        found = {}
        for lang, doc in (("en", en), ("zh", zh)):
            pattern = re.compile(lists[lang]) if lists.get(lang) and doc else None
            for sentence in (doc.sentences if pattern else []):
                match = pattern.search(sentence.text)
                if match:
                    found[lang] = (match.group("items"), sentence)
                    break
        expected = len(self.category_numbers)
        en_items = _split_list(found["en"][0], "en", expected) if "en" in found else []
        zh_items = _split_list(found["zh"][0], "zh", expected) if "zh" in found else []
        en_sentence = found["en"][1] if "en" in found else None
        zh_sentence = found["zh"][1] if "zh" in found else None
        zh_numbers = self._zh_category_numbers(zh) if zh else {}
        for k in range(max(len(en_items), len(zh_items))):
            text_en = en_items[k] if k < len(en_items) else None
            text_zh = zh_items[k] if k < len(zh_items) else None
            number = self._best_number(text_zh, zh_numbers) or (self.category_numbers[k] if k < len(self.category_numbers) else None)
            refs = [_ref(d, s.id, s.start, s.end) for d, s in ((en, en_sentence), (zh, zh_sentence)) if s]
            if number in zh_numbers:  # §1.3's own name for the category, e.g. "LLMs的科学理解"
                text_zh, named_sentence = zh_numbers[number]
                refs.append(_ref(zh, named_sentence.id, named_sentence.start, named_sentence.end))
            records.categories.append(Category(
                id="", number=number, order=k, text_en=text_en, text_zh=text_zh,
                origin_en="source" if text_en else "missing", origin_zh="source" if text_zh else "missing",
                fingerprint="", refs=refs))

    # -- Chinese ---------------------------------------------------------------

    def _zh_category_numbers(self, zh: SegmentedDoc) -> dict[str, tuple[str, object]]:
        """Category section number -> (Chinese name, sentence), from "…,LLMs的科学理解(第2节)"."""
        named = {}
        for sentence in zh.sentences:
            for title, number in self.zh_rules.titled_references(sentence.text):
                if number in self.category_numbers and number not in named:
                    named[number] = (title, sentence)
        return named

    def _best_number(self, text_zh: str | None, named: dict[str, tuple[str, object]]) -> str | None:
        if not text_zh or not named:
            return None
        key = self.zh_rules.title_key(text_zh)
        score, number = max((fuzz.ratio(key, self.zh_rules.title_key(t)), n) for n, (t, _) in named.items())
        return number if score >= MATCH_MIN else None

    def _chinese_text(self, records: RecordSet, en: SegmentedDoc | None, zh: SegmentedDoc,
                      alignment: DocumentAlignment | None) -> None:
        zh_sections = {s.number: s for s in zh.sections if s.number}
        named = self._zh_category_numbers(zh)
        for record in records.categories + records.challenges + records.topics:
            if record.text_zh:
                continue
            section = zh_sections.get(record.number)
            if section is not None and section.title:
                record.text_zh, record.origin_zh = section.title, "aligned"
                record.refs.append(_section_ref(zh, section))
            elif record.number in named and isinstance(record, Category):
                title, sentence = named[record.number]
                record.text_zh, record.origin_zh = title, "aligned"
                record.refs.append(_ref(zh, sentence.id, sentence.start, sentence.end))
        self._themes(records, zh)
        if alignment is not None and en is not None:
            self._aligned_questions(records, en, zh, alignment)

    def _themes(self, records: RecordSet, zh: SegmentedDoc) -> None:
        """Challenge themes the Chinese text names (越狱, 提示注入 …), matched with the glossary."""
        # Words on every page (安全, 大型语言模型) name no theme: keep terms in at most a fifth of the sentences.
        total = max(1, len(zh.sentences))
        specific = {term for term in self.glossary
                    if sum(term in s.text for s in zh.sentences) <= max(1, total // 5)}
        for challenge in records.challenges:
            if challenge.text_zh or not challenge.text_en:
                continue
            title = challenge.text_en.lower()
            terms = [zh_term for zh_term, english in self.glossary.items()
                     if len(zh_term) > 1 and zh_term in specific
                     and any(re.search(rf"\b{re.escape(e.lower())}", title) for e in english)]
            for sentence in zh.sentences:
                hits = sorted((sentence.text.find(t), t) for t in terms if t in sentence.text)
                # Several glossary terms of one challenge in one sentence: that sentence names the theme.
                if len(hits) >= min(2, len(terms)) and hits:
                    challenge.text_zh = "、".join(t for _, t in hits)
                    challenge.origin_zh = "aligned"
                    challenge.refs.append(_ref(zh, sentence.id, sentence.start, sentence.end))
                    break

    def _aligned_questions(self, records: RecordSet, en: SegmentedDoc, zh: SegmentedDoc,
                           alignment: DocumentAlignment) -> None:
        zh_text = {s.id: s for s in zh.sentences}
        en_by_paragraph: dict[str, list[str]] = {}
        for sentence in en.sentences:
            en_by_paragraph.setdefault(sentence.paragraph_id, []).append(sentence.id)
        # Only confident beads lend their Chinese text to a record.
        minimum = float(self.settings.get("min_alignment_score", 0.5))
        beads_by_en = {en_id: record for record in alignment.by_level("sentence")
                       if record.status == "aligned" and record.score >= minimum for en_id in record.en}
        for question in records.questions:
            paragraph_id = question.refs[0].segment_id
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


# -- ids -------------------------------------------------------------------------


def assign_ids(records: RecordSet, previous: dict[str, list[dict]] | None = None) -> None:
    """Give every record a stable id and its fingerprint, then link parents.

    A record keeps the id it had in `previous` (the last output) when it is
    the same record: same fingerprint, or text similar enough in the same
    place. New records get `<type>-<hash of their text>`.
    """
    previous = previous or {}
    for kind, items in records.by_kind().items():
        old = previous.get(kind, [])
        taken: set[str] = set()
        for record in items:
            record.fingerprint = fingerprint(record.text_en or record.text_zh or "")
        matches = match_records([r.to_dict() for r in items], old)
        for index, record in enumerate(items):
            old_index = matches.get(index)
            if old_index is not None and old[old_index]["id"] not in taken:
                record.id = old[old_index]["id"]
            else:
                base = f"{kind}-{fingerprint(kind + ':' + normalise_for_fingerprint(record.text_en or record.text_zh or str(index)))[:8]}"
                record.id, k = base, 1
                while record.id in taken:
                    k += 1
                    record.id = f"{base}-{k}"
            taken.add(record.id)
    for challenge in records.challenges:
        challenge.category_id = records.parents[id(challenge)][0].id
    for topic in records.topics:
        topic.challenge_id = records.parents[id(topic)][0].id
    for question in records.questions:
        topic, challenge, category = records.parents[id(question)]
        question.topic_id = topic.id if topic else None
        question.challenge_id = challenge.id if challenge else None
        question.category_id = category.id if category else None


def _text(record: dict) -> str:
    return record.get("text_en") or record.get("text_zh") or ""


def match_records(new: list[dict], old: list[dict]) -> dict[int, int]:
    """new index -> old index for records that are the same across versions.

    First identical fingerprints, then the most similar remaining text
    (rapidfuzz token-set ratio >= MATCH_MIN), in order of similarity.
    """
    matches: dict[int, int] = {}
    used: set[int] = set()
    by_fingerprint: dict[str, list[int]] = {}
    for j, record in enumerate(old):
        by_fingerprint.setdefault(record.get("fingerprint") or fingerprint(_text(record)), []).append(j)
    for i, record in enumerate(new):
        candidates = [j for j in by_fingerprint.get(record.get("fingerprint") or fingerprint(_text(record)), [])
                      if j not in used]
        if candidates:
            matches[i] = candidates[0]
            used.add(candidates[0])
    scored = []
    for i, record in enumerate(new):
        if i in matches:
            continue
        for j, candidate in enumerate(old):
            if j not in used:
                similarity = fuzz.token_set_ratio(_text(record).lower(), _text(candidate).lower())
                if similarity >= MATCH_MIN:
                    scored.append((-similarity, i, j))
    for _, i, j in sorted(scored):
        if i not in matches and j not in used:
            matches[i] = j
            used.add(j)
    return matches
