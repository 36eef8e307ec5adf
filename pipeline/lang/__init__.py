"""Language rules, one module per language, behind one registry.

Importing this package is cheap: spaCy loads with the first `rules_for` (or the first import
of `lang.zh`, `lang.en`), without torch, spaCy's command line and pkg_resources
(`lang.lean_imports`: every submodule's import runs this package first, so its finder is in
place before spaCy's or jieba's import).
"""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import PipelineError
from pipeline.lang import lean_imports

lean_imports.install()

SUPPORTED = ("zh", "en")


_BUILT: dict[tuple[str, str], object] = {}  # (language, settings as JSON) -> rules


def _build(lang: str, settings):
    key = (lang, settings.model_dump_json())
    if key not in _BUILT:
        if lang == "zh":
            from pipeline.lang.zh import ChineseRules

            _BUILT[key] = ChineseRules(user_dictionary=settings.user_dictionary)
        else:
            from pipeline.lang.en import EnglishRules

            _BUILT[key] = EnglishRules(settings)
    return _BUILT[key]


def rules_for(lang: str, settings=None, root: Path | None = None):
    """The rules (a lang.base.LanguageRules) for a language, built once per distinct settings.

    `settings`: the language's segmentation settings (settings.ZhSegmentSettings or
    EnSegmentSettings), or a dict of them, validated the same way; a relative user
    dictionary is taken from `root`.
    """
    from pipeline.settings import EnSegmentSettings, ZhSegmentSettings

    if lang not in SUPPORTED:
        raise PipelineError(None, f"unsupported language {lang!r} (supported: {', '.join(SUPPORTED)})")
    model = ZhSegmentSettings if lang == "zh" else EnSegmentSettings
    settings = settings if isinstance(settings, model) else model(**(settings or {}))
    if lang == "zh" and root is not None and settings.user_dictionary:
        settings = settings.model_copy(update={"user_dictionary": str(root / settings.user_dictionary)})
    return _build(lang, settings)


__all__ = ["SUPPORTED", "rules_for"]
