"""The effective settings of a corpus run, packed so any worker (another process, another machine) can use them.

A bundle holds the validated settings and profile, and the bytes of every config file
they name (user dictionary, glossaries, the profile file itself), under names relative to
the project. A worker writes those files into its scratch folder and runs there, so the
outputs never depend on where a worker or a checkout lives, and its digest is what the
incremental key takes as "the settings".
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import __version__
from pipeline.errors import PipelineError


@dataclass
class Bundle:
    version: str
    settings: object  # settings.PipelineSettings, with file paths relative to the bundle
    profile: object  # profile.Profile
    files: dict[str, bytes] = field(default_factory=dict)  # relative name -> bytes
    translate: bool = True
    models: list[str] = field(default_factory=list)  # translation models installed where the run starts

    def digest(self) -> str:
        data = {
            "version": self.version,
            # Where translations are cached and models live does not change what is written.
            "settings": self.settings.model_dump(  # type: ignore[attr-defined]
                mode="json", exclude={"translate": {"cache_dir", "packages_dir"}}
            ),
            "profile": self.profile.model_dump(mode="json"),  # type: ignore[attr-defined]
            "files": {name: hashlib.sha256(data).hexdigest() for name, data in sorted(self.files.items())},
            "translate": self.translate,
            "models": self.models if self.translate else [],
        }
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def confident_min_score(settings) -> float:
    """The score from which a sentence bead counts as confident (corpus.tmx, shares, pairs.parquet).

    `align.min_confidence`, the one setting that also cuts each page's TMX and records: a bead's
    score is the estimated probability that it is right.
    """
    return float(settings.align.min_confidence)


class _Names:
    """Relative names for config files: under the project root as they are, others apart by digest."""

    def __init__(self, root: Path):
        self.root = root.resolve()
        self.files: dict[str, bytes] = {}

    def add(self, path: Path) -> str:
        path = path.resolve()
        data = path.read_bytes()
        if path.is_relative_to(self.root):
            name = path.relative_to(self.root).as_posix()
        else:
            name = f"external/{hashlib.sha256(data).hexdigest()[:12]}/{path.name}"
        self.files[name] = data
        return name


def make_bundle(config: str | Path | None, profile: str | None, translate: bool) -> Bundle:
    """The settings `pipeline run` would use: a project's config when given, else the package's defaults."""
    from pipeline.config import PACKAGE_ROOT, load_profile
    from pipeline.settings import AlignSettings, PipelineSettings, SegmentSettings, ZhSegmentSettings

    if config is not None:
        from pipeline.config import load_config

        cfg = load_config(Path(config), profile=profile)
        names = _Names(cfg.root)
        settings = cfg.settings
        sources_file = (cfg.root / settings.sources).resolve()
        for file in cfg.files:
            if file.resolve() != sources_file:  # the corpus brings its own pages
                names.add(file)
        zh = settings.segment.zh
        if zh.user_dictionary:
            zh = zh.model_copy(update={"user_dictionary": names.add(cfg.root / zh.user_dictionary)})
        glossary = [names.add(cfg.root / g) for g in settings.align.glossary]
        translate_settings = settings.translate.model_copy(
            update={
                "packages_dir": str(cfg.root / settings.translate.packages_dir)
                if settings.translate.packages_dir
                else None,
                "cache_dir": str(cfg.root / settings.translate.cache_dir),
            }
        )
        settings = settings.model_copy(
            update={
                "segment": settings.segment.model_copy(update={"zh": zh}),
                "align": settings.align.model_copy(update={"glossary": glossary}),
                "translate": translate_settings,
            }
        )
        return Bundle(__version__, settings, cfg.profile, names.files, translate, _models(settings, translate))

    # As `pipeline run --zh --en`: the shipped dictionary and glossary, the generic profile unless named.
    names = _Names(PACKAGE_ROOT)
    prof, prof_path = load_profile(PACKAGE_ROOT, profile or "generic")
    names.add(prof_path)
    shipped_dict = PACKAGE_ROOT / "config" / "zh_userdict.txt"
    shipped_glossary = PACKAGE_ROOT / "config" / "glossary" / "general-ml.yaml"
    try:
        user_dictionary = names.add(shipped_dict) if shipped_dict.is_file() else None
        glossary = [names.add(shipped_glossary)] if shipped_glossary.is_file() else []
    except OSError as exc:
        raise PipelineError(str(PACKAGE_ROOT / "config"), f"cannot be read ({exc.strerror})") from None
    defaults = PipelineSettings()
    settings = PipelineSettings(
        segment=SegmentSettings(zh=ZhSegmentSettings(user_dictionary=user_dictionary)),
        align=AlignSettings(glossary=glossary),
        translate=defaults.translate.model_copy(
            update={"cache_dir": os.path.join(os.getcwd(), defaults.translate.cache_dir)}
        ),
    )
    return Bundle(__version__, settings, prof, names.files, translate, _models(settings, translate))


def _models(settings, translate: bool) -> list[str]:
    """Installed translation models, when they can change the outputs."""
    if not translate or settings.translate.backend == "none":
        return []
    from pipeline.translate import installed_packages, model_info

    return sorted(f"{m.name}@{m.version}" for m in map(model_info, installed_packages(settings.translate.packages_dir)))
