"""Stage 4, align: Chinese and English, section → paragraph → sentence, n:m beads with scores.

`Aligner` aligns two lists of segments with the banded DP; `align_documents`
(in hierarchical.py) applies it level by level to two segmented documents.
"""

from __future__ import annotations

import copy
from pathlib import Path

from pipeline.align import confidence, dp, names
from pipeline.align.dictionary import BilingualDictionary
from pipeline.align.dp import Bead
from pipeline.align.features import Featurizer, Segment, text_length
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

    def fitted_to(self, zh: list[Segment], en: list[Segment]) -> Aligner:
        """This aligner with its length model fitted to two whole documents, for aligning them piece by
        piece: the ratio of a few sentences between two fixed points says little about the translation."""
        zh_total = float(sum(text_length(s.text, "zh") for s in zh))
        en_total = float(sum(text_length(s.text, "en") for s in en))
        fitted = copy.copy(self)
        fitted.params = self.params.for_texts(zh_total, en_total, len(zh), len(en))
        return fitted

    def align(self, zh: list[Segment], en: list[Segment], params: AlignParams | None = None) -> list[Bead]:
        params = params or self.params
        featurizer = Featurizer(self.dictionary)
        translator = self.translator if zh and en and params.weights.mt > 0 else None
        use_mt = translator is not None
        mt_texts = translator.translate([s.text for s in zh]) if translator is not None else None
        zh_features = featurizer.features(zh, "zh", mt_texts)
        en_features = featurizer.features(en, "en", [] if use_mt else None)
        params = dp.fitted(zh_features, en_features, params)
        path = dp.best_path(zh_features, en_features, params)
        if params.settings.names.learn:
            # A second pass with the names the first one revealed (names.py), near the first path.
            zh_texts, en_texts = [s.text for s in zh], [s.text for s in en]
            found = names.learned(zh_texts, en_texts, path, params.settings.names)
            if found:
                zh_names, en_names = names.anchors(zh_texts, en_texts, found)
                zh_features = featurizer.with_anchors(zh_features, zh_names)
                en_features = featurizer.with_anchors(en_features, en_names)
                path = dp.path_near(zh_features, en_features, params, path, params.settings.names.margin)
        beads = confidence.calibrated(dp.beads(path, zh_features, en_features, params))
        return confidence.unclaimed(beads, params.settings.min_claim)


__all__ = ["AlignParams", "Aligner", "Bead", "Segment"]
