"""Stage 4, align: Chinese and English, section → paragraph → sentence, n:m beads with scores.

`Aligner` aligns two lists of segments with the banded DP; `align_documents`
(in hierarchical.py) applies it level by level to two segmented documents.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from pipeline.align.dictionary import BilingualDictionary
from pipeline.align.dp import AlignParams, Bead, align
from pipeline.align.features import Featurizer, Segment


class Aligner:
    """Aligns Chinese segments with English ones using the configured signals."""

    def __init__(self, params: AlignParams | None = None, glossary: str | Path | None = None,
                 mt_scorer=None):
        self.params = params or AlignParams()
        self.dictionary = BilingualDictionary(glossary)
        # Optional callable(zh_texts, en_texts) -> similarity matrix in 0..1 (Bleualign-style MT scorer).
        self.mt_scorer = mt_scorer

    @classmethod
    def from_config(cls, settings: dict, root: Path | None = None, mt_scorer=None) -> Aligner:
        glossary = settings.get("glossary")
        if glossary and root is not None:
            glossary = root / glossary
        return cls(AlignParams.from_config(settings), glossary, mt_scorer)

    def align(self, zh: list[Segment], en: list[Segment], params: AlignParams | None = None) -> list[Bead]:
        params = params or self.params
        featurizer = Featurizer(self.dictionary)
        zh_features = featurizer.features(zh, "zh")
        en_features = featurizer.features(en, "en")
        featurizer.finish(zh_features, en_features)
        mt = None
        if self.mt_scorer is not None and zh and en and params.weights.get("mt", 0) > 0:
            mt = np.asarray(self.mt_scorer([s.text for s in zh], [s.text for s in en]), dtype=np.float64)
        return align(zh_features, en_features, params, mt)


__all__ = ["AlignParams", "Aligner", "Bead", "Segment"]
