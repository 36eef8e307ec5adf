"""Headings from a PDF's outline (bookmarks), matched to the printed lines.

Each bookmark is found on its target page (fuzzy title match on the
normalised text; the printed number and title win), or between its
neighbours when the target is wrong; its depth gives the level. A single root
that only names the document is dropped. Headings the bookmarks leave out
come from the layout rules, at the level the bookmarks give their style.

A bookmark is reported as unmatched only when no heading of the result
corresponds to it, so the warnings agree with the output.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from rapidfuzz import fuzz

from pipeline.extract.pdf.heading_text import CAPTION_START, clean_title, join_wrapped
from pipeline.extract.pdf.heading_types import HeadingCandidate, HeadingLayout, Style
from pipeline.extract.pdf.reader import OutlineEntry
from pipeline.heading_score import normalise_title
from pipeline.lang.numbering import is_display_heading, parse_numbering


class OutlineMatcher:
    """Places the bookmarks of one document on its lines, with `layout` for everything else."""

    def __init__(self, layout: HeadingLayout, candidates: list[HeadingCandidate]):
        self.layout = layout
        self.order = layout.order
        self.settings = layout.settings
        self.candidates = candidates
        self.by_first_line = {c.first: c for c in candidates}
        self.warnings: list[str] = []
        self._extra: dict[int, HeadingCandidate | None] = {}

    def match(self, outline: list[OutlineEntry]) -> list[tuple[HeadingCandidate, int]]:
        entries = self._trim(outline)
        top = min(e.level for e in entries)
        chosen: dict[int, tuple[HeadingCandidate, int]] = {}
        placed: list[int | None] = []  # position of each entry's line
        cursor = 0
        for entry in entries:
            found = self._find(entry, cursor, len(self.order))
            placed.append(found.first if found else None)
            if found is not None:
                chosen[found.first] = (found, entry.level - top + 1)
                cursor = found.lines[-1].index + 1
        # Bookmarks that point at a wrong page still name a heading printed between their neighbours.
        unmatched: list[OutlineEntry] = []
        for k, entry in enumerate(entries):
            if placed[k] is not None:
                continue
            start = max((p + 1 for p in placed[:k] if p is not None), default=0)
            end = min((p for p in placed[k + 1 :] if p is not None), default=len(self.order))
            found = self._find(OutlineEntry(entry.level, entry.title), start, end)
            if found is None:
                unmatched.append(entry)
                continue
            placed[k] = found.first
            chosen[found.first] = (found, entry.level - top + 1)
        # Headings the bookmarks leave out (Abstract, References, entries whose text did not match)
        # come from the layout, at the level the bookmarks give their style.
        style_level: dict[Style, Counter] = defaultdict(Counter)
        for candidate, level in chosen.values():
            style_level[candidate.style][level] += 1
        for candidate, level in self.layout.from_layout(self.candidates):
            if candidate.first in chosen:
                continue
            if candidate.numbering is None and candidate.style in style_level:
                level = style_level[candidate.style].most_common(1)[0][0]
            chosen[candidate.first] = (candidate, level)
        result = nest_by_number([chosen[p] for p in sorted(chosen)])
        self._report(unmatched, [c for c, _ in result])
        return result

    def _report(self, unmatched: list[OutlineEntry], headings: list[HeadingCandidate]) -> None:
        """Warn about bookmarks that no emitted heading corresponds to (the layout may have found one).

        A heading corresponds to a bookmark by its text, or by its place: printed where the bookmark
        points (its page, just below its destination), whatever the bookmark's text says (bookmarks
        made from unexpanded macros: "Problems from sec:feedback:" for "Problems from Section 3.1").
        """
        keys = [(normalise_title(h.text), normalise_title(h.title)) for h in headings]
        for entry in unmatched:
            key = normalise_title(entry.title)
            if any(max(fuzz.ratio(key, a), fuzz.ratio(key, b)) >= self.settings.outline_match for a, b in keys):
                continue
            if any(self._at_destination(entry, heading) for heading in headings):
                continue
            where = f" (p. {entry.page})" if entry.page else ""
            self.warnings.append(f"outline entry {entry.title!r}{where} matches no heading on the page; left out")

    def _at_destination(self, entry: OutlineEntry, heading: HeadingCandidate) -> bool:
        """The heading starts on the bookmark's page, at most `outline_below` ems below where it points."""
        line = heading.lines[0]
        if entry.page is None or entry.top is None or line.page != entry.page:
            return False
        return -line.size <= line.top - entry.top <= self.settings.outline_below * line.size

    def _trim(self, outline: list[OutlineEntry]) -> list[OutlineEntry]:
        """Without a single root entry that names the document (its title on the title page or cover).

        A root that is a chapter ("Chapter 2" above its title) is printed as a heading and kept.
        """
        top = min(e.level for e in outline)
        roots = [e for e in outline if e.level == top]
        if len(roots) != 1 or len(outline) < 3 or outline[0] is not roots[0]:
            return outline
        found = self._find(OutlineEntry(roots[0].level, roots[0].title), 0, len(self.order))
        if found is None or found.first < self.layout.front_matter_end(self.candidates):
            return outline[1:]
        return outline

    def _find(self, entry: OutlineEntry, start: int, end: int) -> HeadingCandidate | None:
        key = normalise_title(entry.title)
        if not key:
            return None
        best, best_score = None, 0.0
        last_page = entry.page + self.settings.outline_pages_after if entry.page is not None else None
        for index in range(start, end):
            line = self.order[index]
            if entry.page is not None and last_page is not None and not entry.page <= line.page <= last_page:
                if line.page > last_page:
                    break
                continue
            if line.region == "toc":
                continue
            candidate = self.by_first_line.get(index) or self._extra_candidate(index)
            if candidate is None:
                continue
            score = max(
                fuzz.ratio(key, normalise_title(candidate.text)), fuzz.ratio(key, normalise_title(candidate.title))
            )
            if score > best_score:
                best, best_score = candidate, score
            if score == 100:
                break
        return best if best_score >= self.settings.outline_match else None

    def _extra_candidate(self, index: int) -> HeadingCandidate | None:
        """A line the bookmarks call a heading although its style did not (body font, a long title)."""
        if index not in self._extra:
            self._extra[index] = self._make_candidate(index)
        return self._extra[index]

    def _make_candidate(self, index: int) -> HeadingCandidate | None:
        line = self.order[index]
        text = line.text.strip()
        if not text or len(text) > self.settings.max_chars or CAPTION_START.match(text):
            return None
        lines = [line]
        if index + 1 < len(self.order):
            following = self.order[index + 1]
            if (
                following.page == line.page
                and following.top - line.bottom < self.settings.wrap_gap * line.size
                and self.layout.style([following]) == self.layout.style([line])
            ):
                lines.append(following)
        if len(lines) > 1:
            text = join_wrapped(text, lines[1].text.strip())
        numbering = parse_numbering(text)
        title = clean_title(text[numbering.title_start :] if numbering else text)
        display = is_display_heading(title, self.layout.lang)
        return HeadingCandidate(lines, text, numbering, title, self.layout.style(lines), display)


def nest_by_number(headings: list[tuple[HeadingCandidate, int]]) -> list[tuple[HeadingCandidate, int]]:
    """A numbered heading sits below the heading its number extends ("1.1" below "1" or "Chapter 1").

    The printed numbers outrank the bookmarks' depth: outlines that leave the chapters out, or are
    flat, would otherwise put a report's sections on its chapters' level.
    """
    levels: dict[str, int] = {}
    result = []
    for candidate, level in headings:
        number = candidate.numbering.number if candidate.numbering is not None else None
        if number is not None:
            parent = number.rsplit(".", 1)[0] if "." in number else None
            if parent is not None and parent in levels:
                level = max(level, levels[parent] + 1)
            levels[number] = level
        result.append((candidate, level))
    return result
