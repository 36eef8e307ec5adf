"""Stable record ids across versions: a record keeps its id while it stays the same record.

Used by stage 5 (records get ids as they are built) and by stage 7 (diff
matches the records of two outputs the same way).
"""

from __future__ import annotations

from rapidfuzz import fuzz

from pipeline.types.records import Challenge, Question, RecordSet, Topic, fingerprint, normalise_for_fingerprint

MATCH_MIN = 80  # rapidfuzz score for "the same record, reworded"


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
                first_text = normalise_for_fingerprint(record.text_en or record.text_zh or str(index))
                base = f"{kind}-{fingerprint(kind + ':' + first_text)[:8]}"
                record.id, k = base, 1
                while record.id in taken:
                    k += 1
                    record.id = f"{base}-{k}"
            taken.add(record.id)
    for link in records.links:
        record = link.record
        if isinstance(record, Challenge):
            record.category_id = link.category.id if link.category else None
        elif isinstance(record, Topic):
            record.challenge_id = link.challenge.id if link.challenge else None
        elif isinstance(record, Question):
            record.topic_id = link.topic.id if link.topic else None
            record.challenge_id = link.challenge.id if link.challenge else None
            record.category_id = link.category.id if link.category else None


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
        candidates = [
            j for j in by_fingerprint.get(record.get("fingerprint") or fingerprint(_text(record)), []) if j not in used
        ]
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
