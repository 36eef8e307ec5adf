"""Stage 1, ingest: find each source, check it is what it claims, hash it, decode it.

Everything that can be wrong with an input file is caught here and reported
as a PipelineError naming the file, before any later stage runs.
"""

from __future__ import annotations

import glob
import hashlib
import re
import unicodedata
from pathlib import Path

from pipeline.errors import PipelineError
from pipeline.files import read_bounded
from pipeline.settings import IngestSettings
from pipeline.types import IngestedSource, Source, SourceSpec

KIND_BY_SUFFIX = {
    ".pdf": "pdf",
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
}

# Magic numbers of things people rename by mistake.
_MAGIC = [
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"PK\x03\x04", "ZIP archive (e.g. .docx)"),
    (b"\x1f\x8b", "gzip archive"),
    (b"%PDF-", "PDF document"),
]


def kind_for(path: Path) -> str:
    return KIND_BY_SUFFIX.get(path.suffix.lower(), "text")


def _describe_magic(data: bytes) -> str | None:
    for magic, name in _MAGIC:
        if data.startswith(magic):
            return name
    return None


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > max(2, len(sample) // 100)


def _cjk_share(text: str) -> float:
    non_ascii = [c for c in text if ord(c) > 127]
    if not non_ascii:
        return 1.0
    cjk = sum(1 for c in non_ascii if unicodedata.name(c, "").startswith(("CJK", "FULLWIDTH", "IDEOGRAPHIC")))
    return cjk / len(non_ascii)


UTF16_NUL_SHARE = 0.05  # NUL bytes among the first 8 KB of a UTF-16 text with some ASCII in it
UTF16_NUL_PARITY = 0.8  # share of those NULs on one side of the byte pairs (U+4E00 puts one on the other)
UTF16_READABLE = 0.97  # share of readable characters (CJK, Latin, punctuation, spaces) in real UTF-16 text


def _readable(ch: str) -> bool:
    """Characters a Chinese or English text is made of (not the Hangul and symbols that misread bytes give)."""
    code = ord(ch)
    return (
        32 <= code < 127
        or ch in "\n\r\t"
        or 0x4E00 <= code <= 0x9FFF
        or 0x3000 <= code <= 0x303F
        or 0xFF00 <= code <= 0xFFEF
        or 0x2000 <= code <= 0x206F
        or 0xA0 <= code <= 0x17F
    )


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 text saved without a byte-order mark, recognised by decoding to readable text."""
    if len(data) < 4 or len(data) % 2:
        return None
    sample = data[:8192]
    # ASCII characters (spaces, newlines, digits) leave NUL bytes on one side of each pair; a
    # byte text (Latin-1, GBK) has none, though its byte pairs also read as ideographs.
    odd, even = sample[1::2].count(0), sample[0::2].count(0)
    if odd + even < UTF16_NUL_SHARE * len(sample) or max(odd, even) < UTF16_NUL_PARITY * (odd + even):
        return None
    for codec in ("utf-16-le",) if odd > even else ("utf-16-be",):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        head = text[:4096]
        if head and sum(_readable(c) for c in head) >= UTF16_READABLE * len(head):
            return text, codec
    return None


def decode_text(path: str, data: bytes) -> tuple[str, str, list[str]]:
    """Decode a text file: UTF-8 (with or without BOM), else GB18030/GBK Chinese.

    Returns (text, encoding, warnings).
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig", []
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            try:
                return data[2:].decode(codec), codec, [f"{path}: decoded as {codec.upper()} (byte-order mark)"]
            except UnicodeDecodeError:
                raise PipelineError(
                    path, f"has a {codec.upper()} byte-order mark but is not valid {codec.upper()}"
                ) from None
    guessed = _utf16_without_bom(data)
    if guessed is not None:
        text, codec = guessed
        return text, codec, [f"{path}: decoded as {codec.upper()} (no byte-order mark); save it as UTF-8 to be sure"]
    if _looks_binary(data):
        raise PipelineError(path, "binary data, not text")
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError as utf8_error:
        bad = f"invalid UTF-8 byte 0x{data[utf8_error.start]:02x} at offset {utf8_error.start}"
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise PipelineError(path, f"not UTF-8 ({bad}) and not GB18030/GBK either") from None
    # GB18030 maps almost any byte pair to something; accept it only when the
    # result reads as Chinese.
    if _cjk_share(text) < 0.6:
        raise PipelineError(path, f"not UTF-8 ({bad}); decoding as GB18030 gives no Chinese text")
    return text, "gb18030", [f"{path}: not UTF-8; decoded as GB18030 (GBK) Chinese"]


def read_source_file(
    path: Path, spec: SourceSpec | None = None, lang: str | None = None, max_bytes: int | None = None
) -> IngestedSource:
    """Read one file and return it hashed and decoded, or raise PipelineError.

    Only a regular file is read (a FIFO, a device or a socket is refused before any read), and
    only up to `max_bytes` (the `ingest.max_bytes` setting).
    """
    shown = str(path)
    data = read_bounded(path, IngestSettings().max_bytes if max_bytes is None else max_bytes)
    if not data:
        raise PipelineError(shown, "empty file")
    kind = kind_for(path)
    magic = _describe_magic(data[:16])
    warnings: list[str] = []
    if kind == "pdf":
        if magic != "PDF document" and b"%PDF-" not in data[:1024]:
            raise PipelineError(shown, f"not a PDF (looks like {magic or 'something else'})")
        text, encoding = None, None
    else:
        if magic and magic != "PDF document":
            raise PipelineError(shown, f"not text ({magic})")
        if magic == "PDF document":
            raise PipelineError(shown, "is a PDF; give it a .pdf name")
        text, encoding, warnings = decode_text(shown, data)
        if not text.strip():
            raise PipelineError(shown, "contains no text")
    source = Source(
        id=spec.id if spec else path.stem,
        lang=(spec.lang if spec else lang) or "und",
        path=path.as_posix(),
        kind=kind,
        version=_version(spec, path),
        origin_url=spec.origin_url if spec else "",
        licence=spec.licence if spec else "",
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        encoding=encoding,
    )
    return IngestedSource(source=source, text=text, data=data, warnings=warnings)


def _version(spec: SourceSpec | None, path: Path) -> str:
    if spec is None or spec.version == "from-filename":
        match = re.search(r"v(\d+)(?=\.[a-z]+$)", path.name)
        return f"v{match.group(1)}" if match else ""
    return spec.version


def resolve_path(root: Path, pattern: str) -> Path | None:
    """The file a config path names; for a glob, the highest version by name."""
    if not glob.has_magic(pattern):
        candidate = root / pattern
        return candidate if candidate.exists() else None
    matches = sorted(Path(p) for p in glob.glob(str(root / pattern)))
    if not matches:
        return None

    def version_key(p: Path) -> tuple[int, str]:
        found = re.search(r"v(\d+)", p.name)
        return (int(found.group(1)) if found else -1, p.name)

    return max(matches, key=version_key)


def ingest_sources(
    root: Path,
    specs: list[SourceSpec],
    allow_outside: bool = False,
    max_bytes: int | None = None,
    relative: bool = True,
) -> tuple[list[IngestedSource], list[str]]:
    """Read every declared source. Missing optional sources give a notice, not an error.

    A source must lie inside `root` (symbolic links followed) unless its entry
    has `allow_outside: true` or the caller passes `allow_outside`. Its path is
    recorded relative to the root when inside it and `relative` (a project), else absolute.
    """
    ingested, notices = [], []
    for spec in specs:
        path = resolve_path(root, spec.path)
        if path is None:
            if spec.optional:
                notices.append(f"{spec.id}: {spec.path} not found; {spec.missing_hint or 'skipped'}")
                continue
            raise PipelineError(spec.path, "no such file (declared in config/sources.yaml)")
        inside = path.resolve().is_relative_to(root.resolve())
        if not inside and not (allow_outside or spec.allow_outside):
            raise PipelineError(
                spec.path,
                f"source {spec.id!r} lies outside the project root {root}; move it into "
                "the project, or set allow_outside: true on its entry (or --allow-outside)",
            )
        item = read_source_file(path, spec, max_bytes=max_bytes)
        # Keep paths relative to the root so manifests do not depend on the checkout.
        rel = path.resolve().relative_to(root.resolve()).as_posix() if inside and relative else path.as_posix()
        item.source = Source(**{**item.source.__dict__, "path": rel})
        ingested.append(item)
    return ingested, notices


def recorded_pattern(root: Path, spec: SourceSpec, relative: bool = True) -> str:
    """The path the manifest records for `spec` (a glob stays a pattern): which files made an output."""
    full = Path(spec.path) if Path(spec.path).is_absolute() else root / spec.path
    if glob.has_magic(spec.path):
        full = full.parent.resolve() / full.name if not glob.has_magic(str(full.parent)) else full
    else:
        full = full.resolve()
    if relative and full.is_relative_to(root.resolve()):
        return full.relative_to(root.resolve()).as_posix()
    return full.as_posix()
