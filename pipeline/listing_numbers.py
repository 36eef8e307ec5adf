"""Section numbers from the references inside a listing (part of stage 3, segment).

A listing such as a paper's companion site prints its challenges as
unnumbered headings, each followed by items that end with a reference:
"... ? (Section 2.1.1)". The references number the headings: a heading
whose items all refer inside §2.1 (and whose parent heading is §2) is §2.1.
Working top down, a heading takes the prefix of its items' references one
component longer than its numbered parent's number, when most of them agree;
the items that disagree are reported, naming both places. A printed number
that the references contradict is kept and reported too, never silently
replaced.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class ListingHeading:
    """A heading of the flat item list segment builds, with what the numbering needs."""

    index: int  # position in the item list
    level: int  # markup level (h2 = 2, "##" = 2)
    title: str
    number: str | None
    references: list[tuple[str, str]] = field(default_factory=list)  # (section number, item text) below it


def closing_reference(text: str, anchors) -> str | None:
    """The section an item refers to at its very end ("... (Section 2.1.1)", "…(第2.1.1节)")."""
    refs = [a for a in anchors if a.kind == "section_ref"]
    if refs and len(text.rstrip()) - refs[-1].end <= 2:
        return refs[-1].key.split(":", 1)[1]
    return None


def number_from_references(headings: list[ListingHeading]) -> tuple[dict[int, str], list[str]]:
    """New numbers by heading index, and a warning for every contradiction.

    `references` of a heading are those of all items under it, its
    subheadings' included.
    """
    numbers: dict[int, str] = {}
    warnings: list[str] = []
    parents: list[ListingHeading] = []  # the chain of enclosing headings
    for heading in headings:
        while parents and parents[-1].level >= heading.level:
            parents.pop()
        parent_number = next(
            (numbers.get(p.index) or p.number for p in reversed(parents) if numbers.get(p.index) or p.number), None
        )
        depth = parent_number.count(".") + 2 if parent_number else 1
        parents.append(heading)
        if _is_container(heading, headings, depth):
            continue
        usable = [
            (ref, text)
            for ref, text in heading.references
            if ref.count(".") + 1 >= depth and (parent_number is None or ref.startswith(parent_number + "."))
        ]
        if not usable:
            continue
        prefixes = Counter(".".join(ref.split(".")[:depth]) for ref, _ in usable)
        best, votes = prefixes.most_common(1)[0]
        if len(prefixes) > 1 and votes * 2 <= len(usable):
            continue  # no majority: a heading above the numbered ones (a page title)
        if heading.number and heading.number != best:
            warnings.append(
                f"heading {heading.title!r} is numbered {heading.number}, but its items refer to "
                f"section {best}; kept {heading.number}"
            )
            continue
        for ref, text in usable:
            if not ref.startswith(best) or (len(ref) > len(best) and ref[len(best)] != "."):
                warnings.append(
                    f"item {_short(text)!r} refers to section {ref}, but it stands under heading "
                    f"{heading.title!r}, which its other items place at {best}"
                )
        if heading.number is None:
            numbers[heading.index] = best
    return numbers, warnings


def _majority_prefix(heading: ListingHeading, depth: int) -> str | None:
    prefixes = Counter(".".join(ref.split(".")[:depth]) for ref, _ in heading.references if ref.count(".") + 1 >= depth)
    return prefixes.most_common(1)[0][0] if prefixes else None


def _is_container(heading: ListingHeading, headings: list[ListingHeading], depth: int) -> bool:
    """A heading whose subheadings belong to different sections at its depth (a page title) has no number."""
    below = []
    for other in headings[headings.index(heading) + 1 :]:
        if other.level <= heading.level:
            break
        below.append(other)
    if not below:
        return False
    top = min(h.level for h in below)
    prefixes = {_majority_prefix(h, depth) for h in below if h.level == top} - {None}
    return len(prefixes) > 1


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
