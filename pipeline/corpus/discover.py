"""Which pages a corpus holds: files paired by relative path, or by a pairs file, and their ids.

Pairing by path is how documentation sites are translated (`en/learn/x.md` and
`zh/learn/x.md` are one page); a pairs file (CSV with `zh,en` columns) covers any
other naming. A page present on one side only is kept, so corpus.json can say it
has no counterpart.
"""

from __future__ import annotations

import csv
import hashlib
import os
import re
from collections.abc import Iterable
from pathlib import Path

from pipeline.errors import PipelineError
from pipeline.types.corpus import PagePair

# Joins the slugs of a page's folders and name into one id ("learn/setup.md" -> "learn--setup"):
# a single '-' is common inside names, a doubled one rarely is.
ID_JOIN = "--"


def glob_regex(pattern: str) -> re.Pattern[str]:
    """A glob over relative paths: `**` any number of folders, `*` and `?` within one, `[...]` a class.

    A pattern without '/' matches the file name at any depth (as in .gitignore).
    """
    if "/" not in pattern.rstrip("/"):
        pattern = "**/" + pattern
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:[^/]+/)*")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        elif pattern[i] == "[" and "]" in pattern[i + 2 :]:
            end = pattern.index("]", i + 2)
            body = pattern[i + 1 : end]
            out.append("[" + ("^" + body[1:] if body.startswith("!") else body).replace("\\", "\\\\") + "]")
            i = end + 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    # A pattern naming a folder takes everything under it.
    return re.compile("".join(out) + "(?:/.*)?")


class PathFilter:
    """--include / --exclude: a path is taken when it matches an include (any, by default) and no exclude."""

    def __init__(self, include: Iterable[str] = (), exclude: Iterable[str] = ()):
        self.include = [glob_regex(p) for p in include]
        self.exclude = [glob_regex(p) for p in exclude]

    def __call__(self, path: str) -> bool:
        if self.include and not any(p.fullmatch(path) for p in self.include):
            return False
        return not any(p.fullmatch(path) for p in self.exclude)


# Page formats of documentation sites beyond the kinds ingest names: a reader for them may come
# later; until then they are read as text, which beats leaving a whole site out.
DOC_SUFFIXES = frozenset({".mdx", ".rst", ".adoc", ".asciidoc", ".org"})


def _readable_suffixes() -> set[str]:
    from pipeline.ingest import KIND_BY_SUFFIX

    return set(KIND_BY_SUFFIX) | DOC_SUFFIXES


def list_files(folder: Path, taken: PathFilter, explicit: bool) -> dict[str, Path]:
    """Relative posix path -> file, for every file under `folder` that the filter takes.

    Hidden files and folders are never taken; without --include only pages are: files of a
    kind the pipeline reads (.md, .txt, .html, .pdf, ...) or a docs format (.mdx, .rst, ...),
    not the images and data beside them.
    """
    suffixes = _readable_suffixes()
    found = {}
    for here, folders, files in os.walk(folder):
        folders[:] = sorted(d for d in folders if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = Path(here) / name
            rel = path.relative_to(folder).as_posix()
            if (explicit or path.suffix.lower() in suffixes) and taken(rel):
                found[rel] = path
    return found


def _component_slug(name: str) -> str:
    from pipeline.ids import slug

    return slug(name)


def page_id(path: str) -> str:
    """A page's id from its relative path: each folder and the name (without suffix) slugged, joined."""
    parts = path.split("/")
    parts[-1] = parts[-1].rsplit(".", 1)[0] if "." in parts[-1].lstrip(".") else parts[-1]
    return _component_slug(ID_JOIN.join(_component_slug(p) for p in parts if p))


def assign_ids(paths: list[tuple[str, str]]) -> dict[str, str]:
    """Unique ids for (page path, what tells it apart) pairs; ids that collide get a digest of the latter."""
    by_id: dict[str, list[tuple[str, str]]] = {}
    for path, key in paths:
        by_id.setdefault(page_id(path), []).append((path, key))
    ids = {}
    for base, members in by_id.items():
        for path, key in members:
            digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:8]
            ids[path] = base if len(members) == 1 else _component_slug(f"{base}-{digest}")
    return ids


def pairs_by_path(zh_dir: Path, en_dir: Path, taken: PathFilter, explicit: bool) -> list[PagePair]:
    for side, folder in (("--zh-dir", zh_dir), ("--en-dir", en_dir)):
        if not folder.is_dir():
            raise PipelineError(str(folder), f"is not a directory; give {side} the folder of the pages")
    if zh_dir.resolve() == en_dir.resolve():
        raise PipelineError(
            str(zh_dir), "is given as both --zh-dir and --en-dir; pair its files with --pairs FILE.csv (zh,en columns)"
        )
    # Absolute: an inline run works in a scratch folder of its own while pages are still read.
    zh = list_files(zh_dir.resolve(), taken, explicit)
    en = list_files(en_dir.resolve(), taken, explicit)
    paths = sorted(set(zh) | set(en))
    ids = assign_ids([(p, p) for p in paths])
    return [PagePair(ids[p], p, p if p in zh else None, p if p in en else None, zh.get(p), en.get(p)) for p in paths]


def _relative(value: str, base: Path) -> tuple[str, Path]:
    """A pairs-file cell: the path as the corpus names it, and the file."""
    path = Path(value)
    file = path if path.is_absolute() else base / path
    return Path(os.path.normpath(value)).as_posix(), file


def pairs_from_file(
    pairs_file: Path, taken: PathFilter, zh_dir: Path | None = None, en_dir: Path | None = None
) -> list[PagePair]:
    """A CSV with `zh` and `en` columns (and an optional `path`, the page's name; default: the en cell).

    Paths are relative to --zh-dir / --en-dir when given, else to the pairs file's folder. An
    empty cell is a page without that side.
    """
    shown = str(pairs_file)
    try:
        text = pairs_file.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise PipelineError(shown, "no such file; give --pairs a CSV file with zh,en columns") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PipelineError(shown, f"cannot be read as UTF-8 text ({exc}); give a CSV file") from None
    rows = list(csv.reader(text.splitlines()))
    header = [h.strip().lower() for h in rows[0]] if rows else []
    if "zh" not in header or "en" not in header:
        raise PipelineError(shown, "the first line must name the columns, with zh and en among them (zh,en)")
    column = {name: header.index(name) for name in ("zh", "en", "path") if name in header}
    found: dict[str, tuple[str | None, str | None, Path | None, Path | None]] = {}
    for number, row in enumerate(rows[1:], 2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise PipelineError(shown, f"line {number} has {len(row)} cells, the header {len(header)}")
        cells = {name: row[i].strip() for name, i in column.items()}
        if not cells["zh"] and not cells["en"]:
            raise PipelineError(shown, f"line {number} names neither a zh nor an en file")
        zh = _relative(cells["zh"], (zh_dir or pairs_file.parent).resolve()) if cells["zh"] else None
        en = _relative(cells["en"], (en_dir or pairs_file.parent).resolve()) if cells["en"] else None
        page = cells.get("path") or (en or zh)[0]  # type: ignore[index]
        if page in found:
            raise PipelineError(shown, f"line {number}: the page {page!r} is listed twice; give each row a path")
        found[page] = (zh[0] if zh else None, en[0] if en else None, zh[1] if zh else None, en[1] if en else None)
    ids = assign_ids([(page, f"{v[0]}\0{v[1]}") for page, v in found.items()])
    return [PagePair(ids[page], page, *found[page]) for page in sorted(found) if taken(page)]


def discover(
    zh_dir: Path | None,
    en_dir: Path | None,
    pairs_file: Path | None = None,
    include: Iterable[str] = (),
    exclude: Iterable[str] = (),
) -> list[PagePair]:
    """The corpus's pages, sorted by path; PipelineError for bad corpus input (exit 2)."""
    include, exclude = list(include), list(exclude)
    taken = PathFilter(include, exclude)
    if pairs_file is not None:
        pairs = pairs_from_file(pairs_file, taken, zh_dir, en_dir)
        where = str(pairs_file)
    else:
        if zh_dir is None or en_dir is None:
            raise PipelineError(None, "give --zh-dir and --en-dir (pages paired by path), or --pairs FILE.csv")
        pairs = pairs_by_path(zh_dir, en_dir, taken, explicit=bool(include))
        where = f"{zh_dir} and {en_dir}"
    if not pairs:
        hint = "; check --include/--exclude" if include or exclude else ""
        raise PipelineError(where, f"no pages found{hint}")
    return pairs
