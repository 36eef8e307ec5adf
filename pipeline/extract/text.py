"""Plain text and Markdown: paragraphs by line or by blank-line chunk.

Block text is always the exact slice of the source with newlines turned into
spaces, so offsets stay valid character for character.
"""

from __future__ import annotations

import re

from pipeline.types import Block, ExtractedDoc, IngestedSource

URL_LINE = re.compile(r"^\s*(?:https?://|www\.)\S+\s*$")
MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
MD_LIST = re.compile(r"^\s*(?:(?P<num>\d{1,3})[.)]|[-*+•])\s+")
BOLD_LINE = re.compile(r"^\s*\*\*\s*(?P<inner>.*?)\s*\*\*\s*$")
# A chunk of hard-wrapped lines is one paragraph; a chunk whose lines are long
# (one paragraph a line, as in the Chinese seed) is one paragraph per line.
WRAPPED_LINE_MAX = 200


def _lines_with_offsets(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, line.rstrip("\r")))
        pos += len(line) + 1
    return out


def _chunks(lines: list[tuple[int, str]]) -> list[list[tuple[int, str]]]:
    chunks, current = [], []
    for offset, line in lines:
        if line.strip():
            current.append((offset, line))
        elif current:
            chunks.append(current)
            current = []
    if current:
        chunks.append(current)
    return chunks


def _trimmed(offset: int, line: str) -> tuple[int, int]:
    stripped_left = len(line) - len(line.lstrip())
    return offset + stripped_left, offset + len(line.rstrip())


def _line_block(offset: int, line: str, markdown: bool) -> Block:
    start, end = _trimmed(offset, line)
    body = line.strip()
    if URL_LINE.match(body):
        return Block("metadata", body, start, end)
    bold = BOLD_LINE.match(line)
    if bold and bold.group("inner"):
        inner_start = offset + bold.start("inner")
        return Block("heading", bold.group("inner"), inner_start, inner_start + len(bold.group("inner")))
    if markdown:
        heading = MD_HEADING.match(line)
        if heading:
            title_start = offset + heading.start(2)
            return Block(
                "heading",
                heading.group(2),
                title_start,
                title_start + len(heading.group(2)),
                level=len(heading.group(1)),
            )
        item = MD_LIST.match(line)
        if item:
            return Block("list_item", body, start, end, marker=item.group("num"))
    return Block("paragraph", body, start, end)


SENTENCE_END = re.compile(r"[.!?。！？:：;；\"”’)）]\s*$")


def _continues(line: str, following: str, width: int) -> bool:
    """Whether `following` continues the paragraph `line` was cut from (hard wrapping).

    A line that ends a sentence, or stops well short of the wrap width, ends
    its paragraph; so does one followed by a heading, list item or URL.
    """
    return not SENTENCE_END.search(line) and len(line.rstrip()) >= 0.6 * width and bool(following.strip())


def extract_text(item: IngestedSource, markdown: bool = False) -> ExtractedDoc:
    text = item.text or ""
    blocks: list[Block] = []
    for chunk in _chunks(_lines_with_offsets(text)):
        width = max(len(line.rstrip()) for _, line in chunk)
        if width > WRAPPED_LINE_MAX:
            width = 10**9  # one paragraph a line: nothing was hard-wrapped
        run: list[tuple[int, str]] = []
        for index, (offset, line) in enumerate(chunk):
            block = _line_block(offset, line, markdown)
            if block.kind != "paragraph":
                blocks.append(block)
                continue
            run.append((offset, line))
            following = chunk[index + 1][1] if index + 1 < len(chunk) else ""
            follows_as_text = following and _line_block(0, following, markdown).kind == "paragraph"
            if follows_as_text and _continues(line, following, width):
                continue
            start = _trimmed(*run[0])[0]
            end = _trimmed(*run[-1])[1]
            blocks.append(Block("paragraph", text[start:end].replace("\n", " ").replace("\r", " "), start, end))
            run = []
    return ExtractedDoc(source=item.source, text=text, blocks=blocks, warnings=list(item.warnings))
