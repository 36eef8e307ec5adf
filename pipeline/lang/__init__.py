"""Language rules, one module per language, behind one registry.

Importing this package is cheap: spaCy loads with the first `rules_for`.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pipeline.errors import PipelineError

SUPPORTED = ("zh", "en")


@lru_cache(maxsize=None)
def _build(lang: str, options: tuple):
    settings = dict(options)
    if lang == "zh":
        from pipeline.lang.zh import ChineseRules

        return ChineseRules(user_dictionary=settings.get("user_dictionary"))
    if lang == "en":
        from pipeline.lang.en import EnglishRules

        return EnglishRules(
            abbreviations=list(settings.get("abbreviations") or []) or None,
            sentence_final_abbreviations=list(settings.get("sentence_final_abbreviations") or []) or None,
        )
    raise PipelineError(None, f"unsupported language {lang!r} (supported: {', '.join(SUPPORTED)})")


def rules_for(lang: str, settings: dict | None = None, root: Path | None = None):
    """The rules (a lang.base.LanguageRules) for a language, built once per distinct settings."""
    settings = dict(settings or {})
    if root is not None and settings.get("user_dictionary"):
        settings["user_dictionary"] = str(root / settings["user_dictionary"])
    frozen = tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in settings.items()))
    return _build(lang, frozen)


__all__ = ["SUPPORTED", "rules_for"]
