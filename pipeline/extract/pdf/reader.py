"""Opening a PDF with pdfplumber: clear errors, the outline, and each page's words."""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass, field

import pdfplumber

from pipeline.errors import PipelineError

# pdfminer logs every recoverable oddity of a damaged file; we report one line instead.
logging.getLogger("pdfminer").setLevel(logging.ERROR)


@dataclass
class PageWords:
    number: int  # 1-based
    width: float
    height: float
    words: list[dict]
    # Filled or stroked rectangles and curves large enough to be boxes or panels.
    panels: list[tuple[float, float, float, float]] = field(default_factory=list)
    images: list[tuple[float, float, float, float]] = field(default_factory=list)
    # Horizontal rules (table rules, footnote separators), collinear pieces joined.
    rules: list[tuple[float, float, float, float]] = field(default_factory=list)
    # Boxes of the other drawn objects (curves, slanted or short lines, small shapes): what plots,
    # diagrams and attention maps are made of; dense clusters of them are figures (regions.py).
    drawings: list[tuple[float, float, float, float]] = field(default_factory=list)


def open_pdf(data: bytes, path: str) -> pdfplumber.PDF:
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        _ = pdf.pages  # parses the page tree: damaged files fail here
    except Exception as exc:  # pdfminer raises many types; all mean "cannot open"
        cause = exc.__cause__ or exc.__context__ or exc
        name = type(cause).__name__
        if "Password" in name or "Encrypt" in name or "encrypt" in str(cause).lower():
            raise PipelineError(path, "encrypted PDF (needs a password); save an unencrypted copy") from None
        raise PipelineError(
            path, f"damaged or unreadable PDF ({name}{': ' + str(cause) if str(cause) else ''})"
        ) from None
    if not pdf.pages:
        raise PipelineError(path, "PDF has no pages")
    return pdf


@dataclass(frozen=True)
class OutlineEntry:
    """One bookmark: its depth, title, and where it points (1-based page, distance from the top)."""

    level: int
    title: str
    page: int | None = None
    top: float | None = None


def _destination(doc, dest, action):
    """The explicit destination array of a bookmark (named destinations and GoTo actions resolved)."""
    from pdfminer.pdftypes import resolve1
    from pdfminer.psparser import PSLiteral

    if dest is None and action is not None:
        action = resolve1(action)
        if isinstance(action, dict):
            dest = action.get("D")
    dest = resolve1(dest)
    if isinstance(dest, (bytes, str, PSLiteral)):
        name = dest.name if isinstance(dest, PSLiteral) else dest
        dest = resolve1(doc.get_dest(name))
    if isinstance(dest, dict):
        dest = resolve1(dest.get("D"))
    return dest if isinstance(dest, list) and dest else None


def read_outline(pdf: pdfplumber.PDF) -> list[OutlineEntry]:
    """The PDF's bookmarks in order, with their target pages where they can be resolved."""
    try:
        raw = list(pdf.doc.get_outlines())
    except Exception:  # PDFNoOutlines and friends: no outline is normal
        return []
    page_of = {page.page_obj.pageid: (page.page_number, float(page.height)) for page in pdf.pages}
    entries = []
    for level, title, dest, action, _ in raw:
        if not title or not str(title).strip():
            continue
        page = top = None
        try:
            target = _destination(pdf.doc, dest, action)
            if target is not None:
                found = page_of.get(getattr(target[0], "objid", None))
                if found is not None:
                    page = found[0]
                    # /XYZ left top zoom: the top is in PDF space (from the bottom of the page).
                    if (
                        len(target) >= 4
                        and getattr(target[1], "name", "") == "XYZ"
                        and isinstance(target[3], (int, float))
                    ):
                        top = found[1] - float(target[3])
        except Exception:  # a broken destination still leaves the title usable
            page = top = None
        entries.append(OutlineEntry(level, str(title).strip(), page, top))
    return entries


def _box(obj: dict) -> tuple[float, float, float, float]:
    return (float(obj["x0"]), float(obj["top"]), float(obj["x1"]), float(obj["bottom"]))


def duplicate_chars(chars: list[dict], tolerance: float = 1.0) -> set[int]:
    """ids of characters drawn again on top of an identical one (fake bold, shadows).

    The same test as pdfplumber's `dedupe_chars` (same text and font within
    `tolerance` points), in linear time: a hash on rounded positions, looking
    at the neighbouring cells too.
    """
    # Fast path: fake bold doubles every character of a word, so a page that has any doubled
    # characters has a pair in one cell of the grid; most pages have none and end here.
    cells = set()
    for char in chars:
        cell = (char["text"], int(char["x0"] // tolerance), int(char["top"] // tolerance))
        if cell in cells:
            break
        cells.add(cell)
    else:
        return set()
    seen: dict[tuple, list[dict]] = {}
    duplicates: set[int] = set()
    for char in chars:
        gx, gy = int(char["x0"] // tolerance), int(char["top"] // tolerance)
        key = (char["text"], char.get("fontname"), round(char.get("size", 0), 1))
        found = False
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for other in seen.get((key, gx + dx, gy + dy), ()):
                    if abs(other["x0"] - char["x0"]) <= tolerance and abs(other["top"] - char["top"]) <= tolerance:
                        found = True
        if found:
            duplicates.add(id(char))
        else:
            seen.setdefault((key, gx, gy), []).append(char)
    return duplicates


def page_words(page: pdfplumber.page.Page, dedupe: bool = True) -> PageWords:
    """Words with font name and size; doubled characters (fake bold) removed."""
    if dedupe:
        doubled = duplicate_chars(page.chars)
        if doubled:
            page = page.filter(lambda obj: id(obj) not in doubled)
    words = page.extract_words(
        x_tolerance=1.5,
        y_tolerance=3,
        keep_blank_chars=False,
        use_text_flow=False,
        extra_attrs=["fontname", "size", "upright"],
    )
    min_side = 12.0
    # A panel is a filled shape (shaded box, tcolorbox) or a stroked rectangle
    # (framed box); stroked curves are figure drawings, not panels.
    panels = [
        _box(obj)
        for obj in list(page.rects) + list(page.curves)
        if (obj.get("fill") or (obj.get("stroke") and obj["object_type"] == "rect"))
        and obj["width"] > min_side * 4
        and obj["height"] > min_side
        and obj["width"] * obj["height"] < 0.9 * float(page.width) * float(page.height)
    ]
    # Text over a figure-sized image is a label inside the figure; text over a
    # page-sized image is a scan's OCR layer and is kept.
    page_area = float(page.width) * float(page.height)
    images = [_box(obj) for obj in page.images if obj["width"] * obj["height"] < 0.5 * page_area]
    objects = list(page.lines) + list(page.rects) + list(page.curves)
    rules, drawings = _rules_and_drawings(objects, panels, float(page.width), float(page.height))
    return PageWords(page.page_number, float(page.width), float(page.height), words, panels, images, rules, drawings)


RULE_THICKNESS = 1.5  # points: a thinner horizontal shape is a rule
RULE_MIN_WIDTH = 20.0  # points: shorter horizontal strokes are tick marks and underlines of a letter
BACKGROUND = 0.5  # share of the page: a drawing this large is a background, not a mark of a figure


def _rules_and_drawings(
    objects: list[dict], panels: list[tuple[float, float, float, float]], width: float, height: float
):
    """Horizontal rules (collinear pieces joined: publishers draw a table rule cell by cell),
    and the boxes of everything else that is drawn, panels and vertical rules aside.

    Boxes are clipped to the page; a drawing that then covers half the page or more is a
    background or artwork whose clipping path pdfplumber does not apply (an icon's path
    reported two pages wide), never one mark of a figure, and would join every figure into one.
    """
    pieces, drawings = [], []
    panel_set = set(panels)
    for obj in objects:
        x0, top, x1, bottom = original = _box(obj)
        box = (max(x0, 0.0), max(top, 0.0), min(x1, width), min(bottom, height))
        if box[2] < box[0] or box[3] < box[1] or (box[2] - box[0]) * (box[3] - box[1]) >= BACKGROUND * width * height:
            continue
        if obj["object_type"] != "curve" and box[3] - box[1] <= RULE_THICKNESS:
            pieces.append(box)
        elif obj["object_type"] != "curve" and box[2] - box[0] <= RULE_THICKNESS and box[3] - box[1] >= RULE_MIN_WIDTH:
            continue  # a vertical rule: the grid of a table, not a drawing
        elif original not in panel_set:
            drawings.append(box)
    rules: list[list[float]] = []
    for x0, top, x1, bottom in sorted(pieces, key=lambda b: (round(b[1]), b[0])):
        last = rules[-1] if rules else None
        if last is not None and abs(last[1] - top) <= 1.0 and x0 <= last[2] + 2.0:
            last[2] = max(last[2], x1)
            last[3] = max(last[3], bottom)
        else:
            rules.append([x0, top, x1, bottom])
    long_rules = [(a, b, c, d) for a, b, c, d in rules if c - a >= RULE_MIN_WIDTH]
    # Short horizontal strokes (ticks, arrows, plot segments) belong to drawings.
    drawings.extend((a, b, c, d) for a, b, c, d in rules if c - a < RULE_MIN_WIDTH)
    return long_rules, drawings


def off_page_words(page: PageWords) -> int:
    """Words placed outside the page box: a sign of damaged page geometry."""
    return sum(
        1 for w in page.words if w["bottom"] < 0 or w["top"] > page.height or w["x1"] < 0 or w["x0"] > page.width
    )
