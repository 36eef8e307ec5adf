"""Which lines of a PDF are section headings, with their printed number, title and level.

Two sources of evidence, used the way GROBID and Docling combine them:

* **The outline** (bookmarks, which hyperref writes for most LaTeX papers) is
  the skeleton when present: each entry is found on the page it points to
  (fuzzy title match, the printed text wins over the bookmark's), its depth
  gives the level. Display headings that classes print but rarely bookmark
  (Abstract, References, Contents) are added from the page.
* **Numbering and typography** otherwise: a heading is a short line set apart
  from the body (another font, larger, or capitals) that stands alone on its
  line; numbered when it starts with a heading label (lang/numbering.py);
  unnumbered when it is a display heading or shares the style of the
  document's other headings. Levels come from the numbering, else from the
  style's rank among the heading styles.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from pipeline.extract.pdf.heading_text import (
    ABSTRACT_RUN_IN,
    CAPTION_START,
    CODE_CHARS,
    LABEL_COLON,
    LIST_LABEL,
    MONOSPACE,
    RUN_IN_COLON,
    SENTENCE_PUNCT,
    TITLE_WORD,
    TOC_LINE,
    clean_title,
    font_family,
    join_wrapped,
    numbered_level,
    word_count,
)
from pipeline.extract.pdf.heading_types import HeadingCandidate, HeadingMark, Style
from pipeline.extract.pdf.layout import Line, body_font
from pipeline.extract.pdf.outline_match import OutlineMatcher
from pipeline.extract.pdf.reader import OutlineEntry
from pipeline.heading_score import normalise_title
from pipeline.lang.numbering import BIBLIOGRAPHY, CONTENTS, display_key, is_display_heading, label_only, parse_numbering
from pipeline.settings import PdfHeadingSettings

__all__ = ["CAPTION_START", "HeadingDetector", "HeadingMark"]


class HeadingDetector:
    """Marks heading lines of one document, in reading order.

    Lines are known by `Line.index`, their position in reading order (layout.number_lines);
    lines in a non-prose region (`Line.region`: contents, figure, table, code) are never headings.
    """

    def __init__(
        self, pages_lines: list[list[Line]], body_size: float, lang: str, settings: PdfHeadingSettings | None = None
    ):
        self.pages_lines = pages_lines
        self.body_size = body_size
        self.lang = lang
        # The thresholds: pipeline.settings.PdfHeadingSettings, documented in config/pipeline.yaml.
        self.settings = settings or PdfHeadingSettings()
        self.order = [line for lines in pages_lines for line in lines]
        if any(line.index != position for position, line in enumerate(self.order)):
            raise ValueError("lines must be numbered in reading order first (layout.number_lines)")
        self.body_font = body_font(self.order, body_size)
        # Lines of a printed table of contents (reading-order indices); the regions found most.
        self.toc_lines: set[int] = {line.index for line in self.order if line.region == "toc"} | self._toc_lines()
        self.warnings: list[str] = []

    # -- line features ---------------------------------------------------

    def styled(self, line: Line) -> bool:
        """Set apart from the body: another font, a larger size, or capitals."""
        if line.size >= self.settings.larger * self.body_size:
            return True
        # Another face counts, not another optical size of the body face (TeX's CMR9 for an
        # abstract or a footnote beside CMR10 for the body).
        other_font = sum(n for font, n in line.fonts.items() if font_family(font) != font_family(self.body_font))
        if line.chars and other_font / line.chars >= self.settings.styled_share:
            return True
        letters = [c for c in line.text if c.isalpha() and c.isascii()]
        return len(letters) >= 4 and sum(c.isupper() for c in letters) / len(letters) >= self.settings.caps_share

    def style(self, lines: list[Line]) -> Style:
        return (lines[0].font, round(lines[0].size * 2) / 2)

    def _toc_lines(self) -> set[int]:
        """Lines of a printed table of contents: pages with several lines that end in a page number."""
        marked: set[int] = set()
        for lines in self.pages_lines:
            ending = [
                l
                for l in lines
                if TOC_LINE.search(l.text.strip())
                and parse_numbering(l.text.strip())
                or re.search(r"(?:\.\s?){3,}\s*\d{1,4}$", l.text.strip())
            ]
            if len(ending) >= self.settings.toc_lines_per_page:
                marked.update(l.index for l in ending)
        return marked

    def _text_ok(self, text: str, numbered: bool) -> bool:
        s = self.settings
        if not text or len(text) > s.max_chars or "(cid:" in text:
            return False
        visible = [c for c in text if not c.isspace()]
        if sum(c.isalpha() for c in visible) < s.min_letter_share * len(visible):
            return False
        words = word_count(text)
        if words > (s.max_words_numbered if numbered else s.max_words):
            return False
        if SENTENCE_PUNCT.search(text) or text.endswith((",", ";", "，", "；", "、")):
            return False
        return True

    def candidate(self, index: int) -> HeadingCandidate | None:
        """A heading-shaped line at `index` (with a title line after a lone label), or None."""
        line = self.order[index]
        text = line.text.strip()
        if not text or line.index in self.toc_lines or line.region or CAPTION_START.match(text):
            return None
        lines = [line]
        numbering = label_only(text)
        if numbering is not None:
            following = self.order[index + 1] if index + 1 < len(self.order) else None
            if following is None or following.page != line.page or following.top - line.bottom > 2.5 * line.size:
                return None
            lines.append(following)
            text = f"{text} {following.text.strip()}"
        else:
            numbering = parse_numbering(text)
        title = text[numbering.title_start :].strip() if numbering else text
        title = clean_title(title)
        if not self._text_ok(title, numbering is not None):
            return None
        if MONOSPACE.search(line.font) and CODE_CHARS.search(title):
            return None  # code or program output (a function name alone may head its section)
        if numbering is None and (
            LIST_LABEL.match(title)
            or LABEL_COLON.match(title)
            or not TITLE_WORD.search(title)
            or title.startswith(("(", "（"))
            or RUN_IN_COLON.match(title)
        ):
            return None
        # Cells of a table row lie far apart; a label may stand apart from its title ("I.   INTRODUCTION").
        gaps = [g for l in lines for g in l.gaps[1 if numbering is not None and l is line else 0 :]]
        if any(g > self.settings.max_gap * max(line.size, self.body_size) for g in gaps):
            return None
        first = title[:1]
        # "6.1 eps": a sub-numbered title may start in lower case; others start like a title.
        lower_ok = numbering is not None and numbering.depth >= 2
        if not (
            first.isupper()
            or first.isdigit()
            or "\u4e00" <= first <= "\u9fff"
            or first in "“\"'("
            or lower_ok
            and first.isalpha()
        ):
            return None
        if not all(self.styled(l) for l in lines):
            return None
        # Footnotes are set apart too (a smaller font): a heading's largest letters are body-sized or more.
        small = max(line.size_chars, default=line.size) < self.settings.min_size_share * self.body_size
        if line.first_word_small or small and not is_display_heading(title, self.lang):
            return None
        display = is_display_heading(title, self.lang)
        # An unnumbered line that ends like a sentence is a heading only when set larger than the body
        # (some generators end headings with a full stop).
        larger = line.size >= self.settings.larger * self.body_size
        if (
            numbering is None
            and not display
            and (title.endswith((":", "：", "?", "？")) or title.endswith(".") and not larger)
        ):
            return None
        if numbering is not None and title.endswith(".") and len(title.split()) > 3:
            return None  # a numbered list item that is a sentence
        return HeadingCandidate(lines, text, numbering, title, self.style(lines), display)

    # -- decisions -------------------------------------------------------

    def detect(self, outline: list[OutlineEntry] | None = None) -> dict[int, HeadingMark]:
        """The decisions, by line index: headings, their continuation lines, contents and front matter."""
        candidates = self._candidates()
        if outline:
            matcher = OutlineMatcher(self, candidates)
            chosen = matcher.match(outline)
            self.warnings.extend(matcher.warnings)
        else:
            chosen = self.from_layout(candidates)
        marks: dict[int, HeadingMark] = {index: HeadingMark("toc") for index in self.toc_lines}
        # Page 1 before the first numbered or display heading: title, authors, affiliations.
        front_end = self._front_matter_end(candidates, fallback=False)
        if front_end and self.order[front_end].page == 1:
            marks.update((line.index, HeadingMark("front_matter")) for line in self.order[:front_end])
        for candidate, level in chosen:
            number = candidate.numbering.number if candidate.numbering else None
            marks[candidate.first] = HeadingMark("heading", number, candidate.title, level)
            for extra in candidate.lines[1:]:
                marks[extra.index] = HeadingMark("continue")
        return marks

    def _without_contents_listing(self, candidates: list[HeadingCandidate]) -> list[HeadingCandidate]:
        """Drop the entries of a printed table of contents.

        Its lines look like headings (same numbers, often the same fonts) but
        come between a "Contents" heading and the first heading the listing
        names a second time: that repeat is where the body starts.
        """
        kept: list[HeadingCandidate] = []
        listing: set[str] | None = None
        first_key: str | None = None
        for candidate in candidates:
            key = normalise_title(candidate.text)
            if candidate.display and candidate.numbering is None and display_key(candidate.title) in CONTENTS:
                kept.append(candidate)
                listing, first_key = set(), None
                continue
            if listing is not None:
                if first_key is None:
                    first_key = key
                elif key == first_key:
                    listing = None  # the body starts with the first heading the listing named
                else:
                    listing.add(key)
                    self.toc_lines.update(line.index for line in candidate.lines)
                    continue
                if listing is not None:
                    self.toc_lines.update(line.index for line in candidate.lines)
                    continue
            kept.append(candidate)
        if listing is not None and first_key is not None:
            # No heading repeated the listing's first entry: it was not a listing after all.
            return candidates
        return kept

    def _candidates(self) -> list[HeadingCandidate]:
        found: list[HeadingCandidate] = []
        skip: set[int] = set()
        for index in range(len(self.order)):
            if index in skip:
                continue
            candidate = self.candidate(index)
            if candidate is None:
                continue
            self._extend_wrapped(candidate, index + len(candidate.lines))
            skip.update(range(index, index + len(candidate.lines)))
            if not candidate.title.endswith("-"):  # a line that goes on into running text
                found.append(candidate)
        return self._without_contents_listing(found)

    def _extend_wrapped(self, candidate: HeadingCandidate, next_index: int) -> None:
        """A heading set on two lines: the next line in the same style, close below, unnumbered."""
        if next_index >= len(self.order):
            return
        last, following = candidate.lines[-1], self.order[next_index]
        text = following.text.strip()
        if (
            following.page != last.page
            or following.column != last.column
            or following.top - last.bottom > self.settings.wrap_gap * last.size
            or following.region
            or self.style([following]) != candidate.style
            or parse_numbering(text)
            or LIST_LABEL.match(text)
            or candidate.display
            or not self._text_ok(f"{candidate.title} {text}", True)
        ):
            return
        candidate.lines.append(following)
        candidate.text = join_wrapped(candidate.text, text)
        candidate.title = clean_title(join_wrapped(candidate.title, text))

    def _set_off(self, line: Line, heading_lines: frozenset[int] = frozenset()) -> bool:
        """Space above the line, the top of its column, or a heading right above it:
        headings stand apart, table cells do not."""
        previous = self.order[line.index - 1] if line.index else None
        if (
            previous is None
            or previous.page != line.page
            or previous.column != line.column
            or previous.top > line.top
            or previous.index in heading_lines
        ):
            return True
        return line.top - previous.bottom >= self.settings.space_above * line.size

    def front_matter_end(self, candidates: list[HeadingCandidate]) -> int:
        """Position of the first line after the title area (see _front_matter_end)."""
        return self._front_matter_end(candidates)

    def _front_matter_end(self, candidates: list[HeadingCandidate], fallback: bool = True) -> int:
        """Position of the first numbered or display heading: lines before it are title, authors or a cover.

        With `fallback`, a document with neither starts its body at its first line of running text
        (good enough to keep its title from being taken for a heading, not to mark metadata).
        """
        first_heading = next((c.first for c in candidates if c.numbering is not None or c.display), None)
        # An abstract run into its label ("Abstract—We study", "摘要：本文") also ends the front matter.
        run_in = next(
            (
                index
                for index, line in enumerate(self.order[: first_heading or len(self.order)])
                if line.page == 1 and ABSTRACT_RUN_IN.match(line.text.strip())
            ),
            None,
        )
        if run_in is not None or first_heading is not None:
            return min(p for p in (run_in, first_heading) if p is not None)
        if not fallback:
            return 0
        for index, line in enumerate(self.order):
            if line.page > 1:
                break
            if not self.styled(line) and word_count(line.text) >= 8:
                return index
        return 0

    def from_layout(self, candidates: list[HeadingCandidate]) -> list[tuple[HeadingCandidate, int]]:
        """Headings chosen by numbering, display names and style, with their levels."""
        front_end = self._front_matter_end(candidates)
        numbered = [c for c in candidates if c.numbering is not None]
        heading_styles = Counter(c.style for c in numbered) + Counter(c.style for c in candidates if c.display)
        # Exclusive styles are judged on lines set off from the text above: table cells in the
        # same font as a heading style are packed tight and do not count against it.
        candidate_lines = frozenset(line.index for c in candidates for line in c.lines)
        style_lines = Counter(self.style([l]) for l in self.order if self._set_off(l, candidate_lines))
        style_candidates = Counter(c.style for c in candidates)
        chosen: list[HeadingCandidate] = []
        in_bibliography = False
        for candidate in candidates:
            first = candidate.lines[0]
            if candidate.numbering is not None or candidate.display:
                # Below a References heading, only a numbered or display heading ends the list: a line
                # of an entry set in another face (a venue in italics) is not an unnumbered heading.
                in_bibliography = display_key(candidate.title) in BIBLIOGRAPHY
                chosen.append(candidate)
                continue
            if first.index < front_end:
                continue  # title page, authors, cover
            if in_bibliography and first.size < self.settings.larger * self.body_size and first.bold < 0.5:
                continue  # a line of an entry (an appendix title after the list is bold or larger)
            if not self._set_off(first, candidate_lines):
                continue
            # An unnumbered heading shares its style with the document's other headings, or its
            # style is used for nothing but such short stand-alone lines.
            known = heading_styles.get(candidate.style, 0) > 0
            # A style seen once is evidence only when set larger than the body.
            larger = candidate.style[1] >= self.settings.larger * self.body_size
            exclusive = (style_candidates[candidate.style] >= 2 or larger) and style_candidates[
                candidate.style
            ] >= 0.8 * style_lines[candidate.style]
            if known or exclusive:
                chosen.append(candidate)
        return [(c, level) for c, level in zip(chosen, self._levels(chosen))]

    def _levels(self, chosen: list[HeadingCandidate]) -> list[int]:
        """Levels from the numbering; unnumbered headings take the level of their style, else one
        below the deepest heading style at least as large (display headings are level 1)."""
        has_roman = any(c.numbering and c.numbering.scheme in ("roman", "roman-letter") for c in chosen)
        style_level: dict[Style, Counter] = defaultdict(Counter)
        levels: list[int | None] = []
        for candidate in chosen:
            level = numbered_level(candidate.numbering, has_roman) if candidate.numbering else None
            if level is not None:
                style_level[candidate.style][level] += 1
            levels.append(level)
        for candidate in chosen:
            if candidate.numbering is None and candidate.display and candidate.style not in style_level:
                style_level[candidate.style][1] += 1
        known = {style: counts.most_common(1)[0][0] for style, counts in style_level.items()}
        result = []
        for candidate, level in zip(chosen, levels):
            if level is None:
                if candidate.display:
                    level = 1
                elif candidate.style in known:
                    level = known[candidate.style]
                else:
                    above = [lvl for style, lvl in known.items() if style[1] >= candidate.style[1] - 0.25]
                    level = max(above) + 1 if above else 1
            result.append(level)
        return result
