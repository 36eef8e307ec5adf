"""Loading a project: config/pipeline.yaml, config/sources.yaml and the document profile.

The project root is the folder that holds `config/` (the config file's
folder when it is named `config`, else the folder itself), so paths in a
config mean the same from any working directory. The config hash covers
every file a run reads, so the manifest changes whenever a setting that can
change the outputs does.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.config_file import read_yaml, validate
from pipeline.config_path import DEFAULT_CONFIG
from pipeline.errors import PipelineError
from pipeline.profile import Profile
from pipeline.settings import PipelineSettings
from pipeline.sources_file import SourcesFile, sources_cross_checks
from pipeline.types import SourceSpec

PACKAGE_ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Config:
    root: Path  # paths in the config are relative to this directory
    settings: PipelineSettings
    profile: Profile
    document_id: str
    document: dict[str, Any]
    sources: list[SourceSpec]
    pairs: list[dict[str, Any]]
    files: list[Path]  # every config file read, for the hash
    # A pair run outside any project (`run --zh/--en`): nothing is written beside the user's files
    # (the run log goes to the user's cache folder), sources are recorded by absolute path, and the
    # id, made from a file name, may collide, so an output another pair made is never replaced.
    standalone: bool = False

    def path(self, relative: str) -> Path:
        return self.root / relative

    def glossary_paths(self) -> list[Path]:
        return [self.root / g for g in self.settings.align.glossary]

    def hash(self) -> str:
        digest = hashlib.sha256()
        for file in sorted(self.files, key=lambda p: p.as_posix()):
            # Relative names keep the hash independent of where the checkout lives.
            digest.update(Path(os.path.relpath(file, self.root)).as_posix().encode())
            digest.update(b"\0")
            digest.update(file.read_bytes())
        return digest.hexdigest()


def project_root(config_path: Path) -> Path:
    """The folder paths in a config are relative to: the parent of a `config/` folder, else the file's folder."""
    folder = config_path.resolve().parent
    return folder.parent if folder.name == "config" else folder


def profile_path(root: Path, profile: str) -> Path:
    """A profile given by name (config/profiles/NAME.yaml, in the project or shipped) or by path."""
    if profile.endswith((".yaml", ".yml")) or "/" in profile:
        return root / profile
    for base in (root, PACKAGE_ROOT):
        candidate = base / "config" / "profiles" / f"{profile}.yaml"
        if candidate.is_file():
            return candidate
    return root / "config" / "profiles" / f"{profile}.yaml"


def load_profile(root: Path, profile: str) -> tuple[Profile, Path]:
    path = profile_path(root, profile)
    if not path.is_file():
        raise PipelineError(
            str(path), f"profile {profile!r} not found; see config/profiles/ for the profiles there are"
        )
    data, node = read_yaml(path)
    return validate(Profile, data, path, node), path


def load_settings(config_path: Path) -> PipelineSettings:
    data, node = read_yaml(config_path)
    return validate(PipelineSettings, data, config_path, node)


def load_config(config_path: Path | str = DEFAULT_CONFIG, profile: str | None = None) -> Config:
    config_path = Path(config_path)
    root = project_root(config_path)
    settings = load_settings(config_path)
    files = [config_path.resolve()]
    prof, prof_path = load_profile(root, profile or settings.profile)
    files.append(prof_path.resolve())
    sources_path = root / settings.sources
    sources_doc, node = read_yaml(sources_path)
    # Every problem of sources.yaml at once, before any source is read.
    declared = validate(SourcesFile, sources_doc, sources_path, node, check=sources_cross_checks)
    files.append(sources_path.resolve())
    extras = [settings.segment.zh.user_dictionary, *settings.align.glossary]
    for extra in extras:
        if extra and not (root / extra).is_file():
            raise PipelineError(str(config_path), f"{extra}: file not found (paths are relative to {root})")
        if extra:
            files.append((root / extra).resolve())
    return Config(
        root=root.resolve(),
        settings=settings,
        profile=prof,
        document_id=declared.document.id,
        document=sources_doc["document"],  # as written: the manifest keeps every key the user gave
        sources=[SourceSpec(**entry.model_dump()) for entry in declared.sources],
        pairs=[{"zh": pair.zh, "en": pair.en} for pair in declared.pairs],
        files=files,
    )


def user_cache_dir() -> Path:
    """Where a run outside a project keeps its log and caches ($XDG_CACHE_HOME/pipeline, else ~/.cache/pipeline)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "pipeline"
