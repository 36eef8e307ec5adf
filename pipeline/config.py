"""Loading config/pipeline.yaml and config/sources.yaml.

The config hash covers every config file a run reads, so the manifest changes
whenever a setting that can change the outputs does.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from pipeline.errors import PipelineError
from pipeline.types import SourceSpec

DEFAULT_CONFIG = Path("config/pipeline.yaml")

# Ids become directory and file names: lower-case slugs, never a path.
SLUG = re.compile(r"[a-z0-9][a-z0-9._-]*")


def check_slug(value: object, where: str, key: str) -> str:
    """`value` as an id that is safe as one path component, or a PipelineError naming `key`."""
    if not isinstance(value, str) or not SLUG.fullmatch(value) or ".." in value:
        raise PipelineError(where, f"{key}: {value!r} is not a valid id; use lower-case letters, digits, '.', "
                                   "'_' and '-', starting with a letter or digit (no '/', no '..')")
    return value


@dataclass
class Config:
    root: Path  # paths in the config are relative to this directory
    settings: dict[str, Any]
    document_id: str
    document: dict[str, Any]
    sources: list[SourceSpec]
    pairs: list[dict[str, Any]]
    files: list[Path]  # every config file read, for the hash

    def path(self, relative: str) -> Path:
        return self.root / relative

    def section(self, name: str) -> dict[str, Any]:
        return self.settings.get(name) or {}

    def hash(self) -> str:
        digest = hashlib.sha256()
        for file in sorted(self.files, key=lambda p: p.as_posix()):
            # Relative names keep the hash independent of where the checkout lives.
            digest.update(Path(os.path.relpath(file, self.root)).as_posix().encode())
            digest.update(b"\0")
            digest.update(file.read_bytes())
        return digest.hexdigest()


def _read_yaml(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise PipelineError(str(path), "config file not found")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise PipelineError(str(path), f"invalid YAML ({str(exc).splitlines()[0]})") from None
    if not isinstance(data, dict):
        raise PipelineError(str(path), "expected a mapping at the top level")
    return data


def load_config(config_path: Path | str = DEFAULT_CONFIG) -> Config:
    config_path = Path(config_path)
    # A config under <root>/config/ has its paths relative to <root>.
    root = config_path.resolve().parent
    if root.name == "config":
        root = root.parent
    settings = _read_yaml(config_path)
    files = [config_path.resolve()]
    sources_path = root / settings.get("sources", "config/sources.yaml")
    sources_doc = _read_yaml(sources_path)
    files.append(sources_path.resolve())
    for extra in (
        settings.get("segment", {}).get("zh", {}).get("user_dictionary"),
        settings.get("align", {}).get("glossary"),
    ):
        if extra and (root / extra).is_file():
            files.append((root / extra).resolve())
    document = sources_doc.get("document") or {}
    if not isinstance(document, dict) or not document.get("id"):
        raise PipelineError(str(sources_path), "missing document.id")
    check_slug(document["id"], str(sources_path), "document.id")
    specs = []
    for index, entry in enumerate(sources_doc.get("sources") or []):
        if not isinstance(entry, dict):
            raise PipelineError(str(sources_path), f"sources[{index}]: expected a mapping with id, lang and path")
        try:
            spec = SourceSpec(**entry)
        except TypeError as exc:
            raise PipelineError(str(sources_path), f"sources[{index}]: bad source entry ({exc})") from None
        check_slug(spec.id, str(sources_path), f"sources[{index}].id")
        specs.append(spec)
    return Config(
        root=root.resolve(),
        settings=settings,
        document_id=document["id"],
        document=document,
        sources=specs,
        pairs=sources_doc.get("pairs") or [],
        files=files,
    )
