"""What the bead DP is given: the typed align settings, and the length model fitted to the texts at hand.

One place for both, below dp.py and scoring.py (which read it), so neither imports the other for it.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from typing import Any

from pipeline.settings import AlignSettings


def _merged(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """`base` with `changes` laid over it, nested mappings merged key by key."""
    out = dict(base)
    for key, value in changes.items():
        out[key] = _merged(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


@dataclass(frozen=True)
class AlignParams:
    """The settings (validated, typed) and the length ratio and variance the DP uses for two texts."""

    settings: AlignSettings = field(default_factory=AlignSettings)
    # English characters per Chinese character and the Gale-Church variance at that ratio:
    # the settings' priors until for_texts() fits them to the two texts being aligned.
    ratio: float = 0.0
    variance: float = 0.0
    estimate_ratio: bool = True
    _penalty: dict[str, float] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.ratio:
            object.__setattr__(self, "ratio", self.settings.length.ratio)
            object.__setattr__(self, "variance", self.settings.length.variance)
            object.__setattr__(self, "estimate_ratio", self.settings.length.estimate_ratio)
        object.__setattr__(self, "_penalty", self.settings.penalties.as_dict())

    @classmethod
    def from_settings(cls, settings: AlignSettings) -> AlignParams:
        return cls(settings)

    def updated(self, **changes: Any) -> AlignParams:
        """These parameters with some settings changed (validated like a config file), e.g.
        `params.updated(penalties={"skip": 2.0})`; nested settings are merged, not replaced."""
        data = _merged(self.settings.model_dump(by_alias=True), changes)
        return AlignParams(AlignSettings.model_validate(data))

    @property
    def beads(self) -> tuple[tuple[int, int], ...]:
        return tuple((int(a), int(b)) for a, b in self.settings.beads)

    @property
    def weights(self):
        return self.settings.weights

    @property
    def penalties(self):
        return self.settings.penalties

    @property
    def coarse(self):
        return self.settings.coarse

    def penalty(self, a: int, b: int) -> float:
        """The extra cost of a bead with `a` Chinese and `b` English segments (a skip for 1-0 and 0-1)."""
        return self.settings.penalties.skip if a == 0 or b == 0 else self._penalty[f"{a}-{b}"]

    def weight(self, signal: str) -> float:
        return float(getattr(self.settings.weights, signal))

    def band_half_width(self, n: int, m: int) -> int:
        """Half-width of the band around the length diagonal: `band.min`, or `band.per_sqrt` x sqrt of
        the longer side when that is wider (the real path wanders further from the diagonal on a long text)."""
        band = self.settings.band
        return max(band.min, int(band.per_sqrt * math.sqrt(max(n, m, 1))))

    def for_texts(self, zh_total: float, en_total: float, zh_count: int, en_count: int) -> AlignParams:
        """The length model fitted to these two texts, as Gale and Church fit c to their data.

        How many English characters a Chinese one becomes depends on the text
        (terse classical Chinese vs technical prose full of Latin terms), so the
        ratio comes from the texts themselves when there is enough of them, and
        the variance scales with it.
        """
        if not self.estimate_ratio or min(zh_count, en_count) < 3 or zh_total <= 0 or en_total <= 0:
            return self
        prior = self.settings.length.ratio
        ratio = min(max(en_total / zh_total, prior / 2), prior * 1.5)
        return dataclasses.replace(
            self, ratio=ratio, variance=self.settings.length.variance * ratio / prior, estimate_ratio=False
        )

    def length_only(self) -> AlignParams:
        """The Gale-Church baseline: the same programme with every other signal off."""
        return self.updated(weights={k: 0.0 for k in self.settings.weights.model_dump() if k != "length"})
