"""Machine translation behind one interface: Argos language packages, or none.

`Translator.translate(texts)` translates a batch of already-split sentences
and returns one string per input. Results are cached on disk by
(text hash, direction, model id, model version), so a re-run on unchanged
inputs translates nothing.

Nothing here downloads anything. Argos packages are installed from local
`.argosmodel` files; argostranslate's own sentence splitting (which fetches a
model on first use) is never called: the pipeline hands over sentences it has
split itself, and the batch goes straight to the package's SentencePiece
tokenizer and CTranslate2 model with the options argostranslate uses.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import PipelineError
from pipeline.settings import TranslateSettings
from pipeline.types import ModelInfo

BATCH_SIZE = 32


_ARGOS_DEFAULTS: dict = {}


def _argos_settings(packages_dir: str | Path | None):
    """argostranslate's settings, pointed at `packages_dir`, or back at its own defaults.

    argostranslate keeps these as module globals, so a configured directory
    must not leak into a later run in the same process that configures none.
    """
    from argostranslate import settings

    if not _ARGOS_DEFAULTS:
        _ARGOS_DEFAULTS.update(package_data_dir=settings.package_data_dir, package_dirs=list(settings.package_dirs))
    if packages_dir:
        Path(packages_dir).mkdir(parents=True, exist_ok=True)
        settings.package_data_dir = Path(packages_dir)
        settings.package_dirs = [Path(packages_dir)]
    else:
        settings.package_data_dir = _ARGOS_DEFAULTS["package_data_dir"]
        settings.package_dirs = list(_ARGOS_DEFAULTS["package_dirs"])
    return settings


def installed_packages(packages_dir: str | Path | None = None) -> list:
    _argos_settings(packages_dir)
    from argostranslate import package

    return [p for p in package.get_installed_packages() if getattr(p, "type", "translate") == "translate"]


def install_package(path: Path, packages_dir: str | Path | None = None) -> ModelInfo:
    """Install an .argosmodel file (a zip archive) without any network access."""
    import zipfile

    if not path.is_file():
        raise PipelineError(str(path), "no such file")
    if not zipfile.is_zipfile(path):
        raise PipelineError(str(path), "not an Argos package (.argosmodel files are zip archives)")
    with zipfile.ZipFile(path) as archive:
        if not any(name.endswith("metadata.json") for name in archive.namelist()):
            raise PipelineError(str(path), "not an Argos package (no metadata.json inside)")
    settings = _argos_settings(packages_dir)
    from argostranslate import package

    package.install_from_path(path)
    top = zipfile.ZipFile(path).namelist()[0].split("/")[0]
    installed = package.Package(Path(settings.package_data_dir) / top)
    return model_info(installed)


def model_info(pkg) -> ModelInfo:
    name = pkg.code or f"translate-{pkg.from_code}_{pkg.to_code}"
    return ModelInfo(f"argos:{name}", str(pkg.package_version), pkg.from_code, pkg.to_code, str(pkg.package_path))


class TranslationCache:
    """One JSON file per (direction, model, version): text sha256 -> translation."""

    def __init__(self, directory: Path, direction: str, model: ModelInfo):
        safe = f"{direction}__{model.name}__{model.version}".replace("/", "_").replace(":", "_")
        self.path = directory / f"{safe}.json"
        self.entries: dict[str, str] = {}
        if self.path.exists():
            try:
                self.entries = json.loads(self.path.read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError):
                self.entries = {}

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=self.path.parent, delete=False) as handle:
            json.dump(self.entries, handle, ensure_ascii=False, sort_keys=True)
        os.replace(handle.name, self.path)


class _GivenSentences:
    """argostranslate sentencizer that trusts the pipeline's own split."""

    def split_sentences(self, text: str) -> list[str]:
        return [text]


@dataclass
class Translator:
    """Translates one direction (zh→en or en→zh) with one backend."""

    direction: str
    model: ModelInfo | None
    cache: TranslationCache | None = None
    calls: int = 0  # sentences sent to the model (not served from the cache)
    _pkg: object = field(default=None, repr=False)
    _engine: object = field(default=None, repr=False)

    @property
    def available(self) -> bool:
        return self.model is not None

    @property
    def loaded_model(self) -> ModelInfo:
        """The installed model; only asked for when `available`."""
        if self.model is None:
            raise RuntimeError(f"no translation model for {self.direction}")
        return self.model

    def translate(self, texts: list[str]) -> list[str | None]:
        """One translation per text (None for every text when no model is installed)."""
        if self.model is None:
            return [None] * len(texts)
        out: list[str | None] = [None] * len(texts)
        todo: dict[str, list[int]] = {}
        for index, text in enumerate(texts):
            cached = self.cache.entries.get(TranslationCache.key(text)) if self.cache else None
            if cached is not None:
                out[index] = cached
            elif text.strip():
                todo.setdefault(text, []).append(index)
            else:
                out[index] = ""
        pending = list(todo)
        for start in range(0, len(pending), BATCH_SIZE):
            batch = pending[start : start + BATCH_SIZE]
            for text, translation in zip(batch, self._translate_batch(batch)):
                for index in todo[text]:
                    out[index] = translation
                if self.cache is not None:
                    self.cache.entries[TranslationCache.key(text)] = translation
        if pending and self.cache is not None:
            self.cache.save()
        return out

    def _load(self):
        if self._engine is None:
            import ctranslate2
            from argostranslate import package

            model_path = Path(self.loaded_model.path)
            self._pkg = package.Package(model_path)
            self._engine = ctranslate2.Translator(
                str(model_path / "model"), device="cpu", inter_threads=1, intra_threads=0
            )
        return self._pkg, self._engine

    def _translate_batch(self, sentences: list[str]) -> list[str]:
        """argostranslate's `apply_packaged_translation` for many sentences at once, one result each."""
        pkg, engine = self._load()
        self.calls += len(sentences)
        tokenized = [pkg.tokenizer.encode(s) for s in sentences]
        prefix = [[pkg.target_prefix]] * len(tokenized) if pkg.target_prefix else None
        results = engine.translate_batch(
            tokenized,
            target_prefix=prefix,
            replace_unknowns=True,
            beam_size=4,
            num_hypotheses=1,
            length_penalty=0.2,
            max_decoding_length=256,
        )
        out = []
        for result in results:
            value = pkg.tokenizer.decode(result.hypotheses[0])
            if pkg.target_prefix and value.startswith(pkg.target_prefix):
                value = value[len(pkg.target_prefix) :]
            out.append(value.lstrip(" "))
        return out


def make_translators(
    settings: TranslateSettings, root: Path | None, enabled: bool = True
) -> tuple[dict[str, Translator], list[str]]:
    """The configured translators by direction ("zh-en", "en-zh"), and one notice per missing package."""
    directions: list[str] = list(settings.directions)
    backend = settings.backend
    if not enabled or backend == "none":
        return {d: Translator(d, None) for d in directions}, []
    if backend != "argos":
        raise PipelineError(None, f"translate.backend must be argos or none, not {backend!r}")
    packages_dir: str | Path | None = settings.packages_dir
    if settings.packages_dir and root is not None:
        packages_dir = root / settings.packages_dir
    cache_dir = Path(settings.cache_dir)
    if root is not None and not cache_dir.is_absolute():
        cache_dir = root / cache_dir
    translators: dict[str, Translator] = {}
    missing: list[str] = []
    packages = installed_packages(packages_dir)
    for direction in directions:
        source, target = direction.split("-")
        pkg = next((p for p in packages if p.from_code == source and p.to_code == target), None)
        if pkg is None:
            missing.append(direction)
            translators[direction] = Translator(direction, None)
            continue
        model = model_info(pkg)
        translators[direction] = Translator(direction, model, TranslationCache(cache_dir, direction, model))
    notices = []
    if missing:
        names = " and ".join(f"translate-{d.replace('-', '_')}.argosmodel" for d in missing)
        notices.append(
            f"no Argos package for {', '.join(d.replace('-', '→') for d in missing)}; going on without "
            f"machine translation there. Fix: pipeline models install {names} (see README)"
        )
    return translators, notices


# -- fill-in ----------------------------------------------------------------------


def _model_label(translator: Translator) -> str:
    return f"{translator.loaded_model.name}@{translator.loaded_model.version}"


def fill_in(records, docs, alignments, translators: dict[str, Translator]):
    """Machine text for every field that has no source or aligned text in the other language.

    Returns new objects, leaving the earlier stages' ones as they were:
    (records, docs, counts). Records get `text_xx` with `origin_xx: machine` and
    the model in `machine`; sentences with no counterpart get `machine_text`;
    section titles with no matching section get `machine_title`; counts say how
    many texts got machine text.
    """
    import dataclasses

    counts = {"records": 0, "sentences": 0, "section_titles": 0}
    unaligned = {i for a in alignments for r in a.unaligned() for i in r.zh + r.en}
    paired = {a.zh_source for a in alignments} | {a.en_source for a in alignments}
    matched = {i for a in alignments for r in a.by_level("section") for i in r.zh + r.en}
    record_updates: dict[tuple[str, str], dict] = {}  # (kind, record id) -> new field values
    sentence_updates: dict[str, dict] = {}
    section_updates: dict[str, dict] = {}
    for source_lang, target_lang in (("zh", "en"), ("en", "zh")):
        translator = translators.get(f"{source_lang}-{target_lang}")
        if translator is None or not translator.available:
            continue
        machine = {
            "model": translator.loaded_model.name,
            "version": translator.loaded_model.version,
            "direction": f"{source_lang}-{target_lang}",
        }
        wanting = [
            r for r in records.all() if not getattr(r, f"text_{target_lang}") and getattr(r, f"text_{source_lang}")
        ]
        for record, text in zip(wanting, translator.translate([getattr(r, f"text_{source_lang}") for r in wanting])):
            update = record_updates.setdefault((record.kind, record.id), {})
            update.update(
                {
                    f"text_{target_lang}": text,
                    f"origin_{target_lang}": "machine",
                    "machine": {**(update.get("machine") or record.machine or {}), **machine},
                }
            )
            counts["records"] += 1
        sentences = [
            s
            for d in docs
            if d.source.lang == source_lang and d.source.id in paired
            for s in d.sentences
            if s.id in unaligned
        ]
        for sentence, text in zip(sentences, translator.translate([s.text for s in sentences])):
            sentence_updates[sentence.id] = {"machine_text": text, "machine_model": _model_label(translator)}
            counts["sentences"] += 1
        sections = [
            s
            for d in docs
            if d.source.lang == source_lang and d.source.id in paired
            for s in d.sections
            if s.title and s.id not in matched
        ]
        for section, text in zip(sections, translator.translate([s.title for s in sections])):
            section_updates[section.id] = {"machine_title": text, "machine_model": _model_label(translator)}
            counts["section_titles"] += 1

    def renewed(record):
        update = record_updates.get((record.kind, record.id))
        return dataclasses.replace(record, **update) if update else record

    new_records = dataclasses.replace(
        records,
        **{
            name: [renewed(r) for r in getattr(records, name)]
            for name in ("categories", "challenges", "topics", "questions")
        },
    )
    new_docs = [
        dataclasses.replace(
            doc,
            sentences=[
                dataclasses.replace(s, **sentence_updates[s.id]) if s.id in sentence_updates else s
                for s in doc.sentences
            ],
            sections=[
                dataclasses.replace(s, **section_updates[s.id]) if s.id in section_updates else s for s in doc.sections
            ],
        )
        for doc in docs
    ]
    return new_records, new_docs, counts
