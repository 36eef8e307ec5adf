"""Headings from a PDF's outline (bookmarks): the part of HeadingDetector that reads them.

Each bookmark is found on its target page (fuzzy title match on the
normalised text; the printed number and title win), or between its
neighbours when the target is wrong; its depth gives the level. A single root
that only names the document is dropped. Headings the bookmarks leave out
come from the layout rules, at the level the bookmarks give their style.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from pipeline.extract.pdf.document import OutlineEntry
from pipeline.extract.pdf.heading_text import CAPTION_START, clean_title, join_wrapped
from pipeline.headings import normalise_title
from pipeline.lang.numbering import is_display_heading, parse_numbering

if TYPE_CHECKING:
    from pipeline.extract.pdf.headings import _Candidate


class OutlineMatching:
    """Mixed into HeadingDetector: uses its lines, positions, candidates and layout decisions."""

    def _from_outline(self, outline: list[OutlineEntry], candidates: list[_Candidate]) -> list[tuple[_Candidate, int]]:
        entries = self._trim_outline(outline, candidates)
        top = min(e.level for e in entries)
        by_first_line = {id(c.lines[0]): c for c in candidates}
        chosen: dict[int, tuple[_Candidate, int]] = {}
        placed: list[int | None] = []  # position of each entry's line
        cursor = 0
        for entry in entries:
            found = self._find_entry(entry, cursor, len(self.order), by_first_line)
            placed.append(self.position[id(found.lines[0])] if found else None)
            if found is not None:
                chosen[placed[-1]] = (found, entry.level - top + 1)
                cursor = self.position[id(found.lines[-1])] + 1
        # Bookmarks that point at a wrong page still name a heading printed between their neighbours.
        for k, entry in enumerate(entries):
            if placed[k] is not None:
                continue
            start = max((p + 1 for p in placed[:k] if p is not None), default=0)
            end = min((p for p in placed[k + 1 :] if p is not None), default=len(self.order))
            found = self._find_entry(OutlineEntry(entry.level, entry.title), start, end, by_first_line)
            if found is None:
                where = f" (p. {entry.page})" if entry.page else ""
                self.warnings.append(f"outline entry {entry.title!r}{where} matches no heading on the page; left out")
                continue
            placed[k] = self.position[id(found.lines[0])]
            chosen[placed[k]] = (found, entry.level - top + 1)
        # Headings the bookmarks leave out (Abstract, References, entries whose text did not match)
        # come from the layout, at the level the bookmarks give their style.
        style_level: dict[tuple[str, float], Counter] = defaultdict(Counter)
        for candidate, level in chosen.values():
            style_level[candidate.style][level] += 1
        for candidate, level in self._from_layout(candidates):
            position = self.position[id(candidate.lines[0])]
            if position in chosen:
                continue
            if candidate.numbering is None and candidate.style in style_level:
                level = style_level[candidate.style].most_common(1)[0][0]
            chosen[position] = (candidate, level)
        return [chosen[p] for p in sorted(chosen)]

    def _trim_outline(self, outline: list[OutlineEntry], candidates: list[_Candidate]) -> list[OutlineEntry]:
        """Without a single root entry that names the document (its title on the title page or cover).

        A root that is a chapter ("Chapter 2" above its title) is printed as a heading and kept.
        """
        top = min(e.level for e in outline)
        roots = [e for e in outline if e.level == top]
        if len(roots) != 1 or len(outline) < 3 or outline[0] is not roots[0]:
            return outline
        by_first_line = {id(c.lines[0]): c for c in candidates}
        found = self._find_entry(OutlineEntry(roots[0].level, roots[0].title), 0, len(self.order), by_first_line)
        if found is None or self.position[id(found.lines[0])] < self._front_matter_end(candidates):
            return outline[1:]
        return outline

    def _find_entry(
        self, entry: OutlineEntry, start: int, end: int, by_first_line: dict[int, _Candidate]
    ) -> _Candidate | None:
        key = normalise_title(entry.title)
        if not key:
            return None
        best, best_score = None, 0.0
        for index in range(start, end):
            line = self.order[index]
            if entry.page is not None and not entry.page <= line.page <= entry.page + self.settings.outline_pages_after:
                if line.page > entry.page + self.settings.outline_pages_after:
                    break
                continue
            if id(line) in self.toc_lines:
                continue
            candidate = by_first_line.get(id(line)) or self._outline_candidate(index)
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

    def _outline_candidate(self, index: int) -> _Candidate | None:
        """A line the bookmarks call a heading although its style did not (body font, a long title)."""
        if index not in self._outline_cache:
            self._outline_cache[index] = self._make_outline_candidate(index)
        return self._outline_cache[index]

    def _make_outline_candidate(self, index: int) -> _Candidate | None:
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
                and self._style([following]) == self._style([line])
            ):
                lines.append(following)
        if len(lines) > 1:
            text = join_wrapped(text, lines[1].text.strip())
        numbering = parse_numbering(text)
        title = clean_title(text[numbering.title_start :] if numbering else text)
        return self.new_candidate(lines, text, numbering, title, is_display_heading(title, self.lang))
