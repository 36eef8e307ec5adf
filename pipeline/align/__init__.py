"""Stage 4, align: Chinese and English, section → paragraph → sentence, n:m beads with scores.

`Aligner` aligns two lists of segments with the banded DP; `align_documents`
(in hierarchical.py) applies it level by level to two segmented documents.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.align import confidence
from pipeline.align.dictionary import BilingualDictionary
from pipeline.align.dp import Bead, align
from pipeline.align.features import Featurizer, Segment
from pipeline.align.params import AlignParams


class Aligner:
    """Aligns Chinese segments with English ones using the configured signals."""

    def __init__(
        self,
        params: AlignParams | None = None,
        glossary: str | Path | list | None = None,
        translator=None,
        terms: dict[str, list[str]] | None = None,
        use_cedict: bool = True,
    ):
        self.params = params or AlignParams()
        self.dictionary = BilingualDictionary(glossary, use_cedict=use_cedict, terms=terms)
        # An available zh→en `pipeline.translate.Translator` switches on the MT signal.
        self.translator = translator if translator is not None and translator.available else None

    @classmethod
    def from_config(cls, config, translator=None) -> Aligner:
        """The aligner a project's config describes: its settings, glossaries and profile terms."""
        return cls(
            AlignParams.from_settings(config.settings.align),
            config.glossary_paths(),
            translator,
            terms=config.profile.glossary,
        )

    def align(self, zh: list[Segment], en: list[Segment], params: AlignParams | None = None) -> list[Bead]:
        params = params or self.params
        featurizer = Featurizer(self.dictionary)
        translator = self.translator if zh and en and params.weights.mt > 0 else None
        use_mt = translator is not None
        mt_texts = translator.translate([s.text for s in zh]) if translator is not None else None
        zh_features = featurizer.features(zh, "zh", mt_texts)
        en_features = featurizer.features(en, "en", [] if use_mt else None)
        return confidence.calibrated(align(zh_features, en_features, params))


__all__ = ["AlignParams", "Aligner", "Bead", "Segment"]
