"""Figures by their drawing: dense clusters of drawn objects (plots, diagrams, attention maps).

Used twice: by the layout, since words inside a figure say nothing about a
page's columns, and by the region finder, since the text of a figure is
figure text, not prose.
"""

from __future__ import annotations

from pipeline.settings import PdfRegionSettings

Box = tuple[float, float, float, float]


def holds(outer: Box, inner: Box, tolerance: float = 2.0) -> bool:
    return (
        outer[0] - tolerance <= inner[0]
        and outer[1] - tolerance <= inner[1]
        and outer[2] + tolerance >= inner[2]
        and outer[3] + tolerance >= inner[3]
    )


def clusters(marks: list[Box], gap: float) -> list[tuple[Box, int]]:
    """Marks joined when they touch or stand within `gap`: each cluster's box and how many marks it holds."""
    found: list[tuple[list[float], int]] = []
    for x0, top, x1, bottom in sorted(marks, key=lambda b: (b[1], b[0])):
        box, count = [x0, top, x1, bottom], 1
        kept = []
        for other, other_count in found:
            if x0 <= other[2] + gap and x1 >= other[0] - gap and top <= other[3] + gap and bottom >= other[1] - gap:
                box = [min(box[0], other[0]), min(box[1], other[1]), max(box[2], other[2]), max(box[3], other[3])]
                count += other_count
            else:
                kept.append((other, other_count))
        kept.append((box, count))
        found = kept
    return [((b[0], b[1], b[2], b[3]), n) for b, n in found]


def figure_boxes(
    drawings: list[Box],
    nodes: list[Box],
    frames: list[Box],
    body_size: float,
    page_area: float,
    settings: PdfRegionSettings,
) -> list[Box]:
    """Clusters of enough marks (drawn objects and boxed labels), a few lines high and wide,
    smaller than the page; and frames that hold several boxed labels, a diagram whose nodes stand apart."""
    boxes = []
    side = settings.figure_min_side * body_size
    marks = drawings[: settings.max_drawings] + nodes
    for (x0, top, x1, bottom), count in clusters(marks, settings.figure_join * body_size):
        area = (x1 - x0) * (bottom - top)
        if count >= settings.figure_min_objects and x1 - x0 >= side and bottom - top >= side and area < 0.8 * page_area:
            boxes.append((x0, top, x1, bottom))
    for frame in frames:
        held = sum(1 for node in nodes if node != frame and holds(frame, node))
        if held >= settings.figure_min_nodes and (frame[2] - frame[0]) * (frame[3] - frame[1]) < 0.8 * page_area:
            boxes.append(frame)
    return boxes
