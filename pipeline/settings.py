"""Every setting that changes the output, typed and validated when the config is loaded.

One model per stage, defaults defined here and nowhere else (as spaCy
validates its config on load). Unknown keys and wrong types are rejected
(`config_file.validate`), every one of a file at once, one line each naming
the file, the YAML line and column, the key path and what was expected:

    config/pipeline.yaml:31:10: align.band.min: expected an integer, got 'sixty'

A document profile (config/profiles/*.yaml) holds what belongs to one
document (its record structure, expected counts, its own glossary terms);
`profile.Profile` validates it the same way.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from pipeline.config_file import read_yaml, validate  # noqa: F401  (re-exported: where callers found them)

BEAD_TYPES = ("0-1", "1-0", "1-1", "1-2", "2-1", "2-2", "1-3", "3-1", "1-4", "4-1")


# No integer setting is meant to be this large; beyond it numpy and C code overflow ("Python int too
# large to convert to C long") instead of telling the user which setting is wrong.
MAX_INT_SETTING = 2**53


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    @field_validator("*", mode="after")
    @classmethod
    def _not_huge(cls, value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_INT_SETTING:
            raise ValueError(f"too large (at most {MAX_INT_SETTING})")
        return value


# -- ingest ---------------------------------------------------------------------


class IngestSettings(_Strict):
    # A source larger than this is refused before it is read (the whole file is held in memory).
    max_bytes: int = Field(512 * 1024 * 1024, ge=1)


# -- segment ------------------------------------------------------------------


class ZhSegmentSettings(_Strict):
    # jieba user dictionary (one word per line), relative to the project root.
    user_dictionary: str | None = None


class EnSegmentSettings(_Strict):
    # Tokens after which a period never ends a sentence.
    abbreviations: list[str] = Field(
        default_factory=lambda: [
            "et al.",
            "e.g.",
            "i.e.",
            "cf.",
            "vs.",
            "Sec.",
            "Secs.",
            "Sect.",
            "Fig.",
            "Figs.",
            "Eq.",
            "Eqs.",
            "Tab.",
            "No.",
            "Nos.",
            "Ch.",
            "Chap.",
            "App.",
            "approx.",
            "resp.",
            "Dr.",
            "Mr.",
            "Mrs.",
            "Ms.",
            "Prof.",
            "St.",
            "Inc.",
            "Ltd.",
            "Jr.",
            "Sr.",
            "al.",
            "pp.",
            "p.",
            "vol.",
            "Vol.",
            "ed.",
            "eds.",
        ]
    )
    # "etc." ends a sentence only when the next word starts with a capital.
    sentence_final_abbreviations: list[str] = Field(default_factory=lambda: ["etc."])


class SegmentSettings(_Strict):
    zh: ZhSegmentSettings = ZhSegmentSettings()
    en: EnSegmentSettings = EnSegmentSettings()


# -- PDF ------------------------------------------------------------------------


class PdfHeadingSettings(_Strict):
    """Thresholds of PDF heading detection (extract/pdf/headings.py); sizes are shares of the body size."""

    larger: float = Field(1.08, gt=0, le=2)
    styled_share: float = Field(0.8, gt=0, le=1)
    caps_share: float = Field(0.8, gt=0, le=1)
    max_words: int = Field(14, ge=1)
    max_words_numbered: int = Field(24, ge=1)
    max_chars: int = Field(160, ge=1)
    min_letter_share: float = Field(0.6, gt=0, le=1)
    min_size_share: float = Field(0.85, gt=0, le=2)
    wrap_gap: float = Field(0.9, gt=0, le=2)
    outline_match: float = Field(85.0, gt=0, le=100)
    outline_pages_after: int = Field(1, ge=0)
    # A bookmark's destination lies at most this many ems above its printed heading (hyperref puts it
    # a line above); a heading there corresponds to the bookmark whatever the bookmark's text says.
    outline_below: float = Field(2.0, ge=0)
    toc_lines_per_page: int = Field(4, ge=1)
    max_gap: float = Field(2.0, gt=0)
    space_above: float = Field(0.6, gt=0, le=2)


class PdfRegionSettings(_Strict):
    """Thresholds of non-prose regions (extract/pdf/regions.py); sizes in ems of the body size."""

    toc_lines: int = Field(4, ge=2)
    toc_gap: float = Field(2.0, gt=0)
    toc_order: float = Field(0.8, gt=0, le=1)
    figure_min_objects: int = Field(6, ge=2)
    figure_min_side: float = Field(3.0, gt=0)
    figure_join: float = Field(1.0, ge=0)
    figure_margin: float = Field(1.5, ge=0)
    figure_min_nodes: int = Field(3, ge=2)
    max_drawings: int = Field(5000, ge=1)
    label_words: int = Field(6, ge=1)
    label_rings: int = Field(2, ge=1)
    prose_words: int = Field(8, ge=2)
    prose_word_share: float = Field(0.6, gt=0, le=1)
    max_prose_share: float = Field(0.5, gt=0, le=1)
    rule_tolerance: float = Field(4.0, ge=0)
    table_overlap: float = Field(0.4, gt=0, le=1)
    heading_size: float = Field(1.08, gt=1)
    code_share: float = Field(0.8, gt=0, le=1)
    letter_run: int = Field(3, ge=2)
    letter_gap: float = Field(0.2, gt=0)
    letter_gap_min: float = Field(0.08, ge=0)
    code_join: float = Field(1.5, ge=0)
    code_stretch_share: float = Field(0.34, gt=0, le=1)
    glossary_rows: int = Field(4, ge=2)
    glossary_words: int = Field(3, ge=1)
    numeric_row_cells: int = Field(4, ge=2)
    numeric_row_share: float = Field(0.7, gt=0, le=1)


class PdfFlowSettings(_Strict):
    """When body text goes on across a float, a footnote or a page break (extract/pdf/flow.py); sizes in ems."""

    # A paragraph's last line within this of the paragraph's right edge is full: the text was cut there.
    full_line: float = Field(1.5, ge=0)
    # A first line starting within this of the next lines' left edge is not indented (no new paragraph).
    indent: float = Field(0.8, ge=0)
    # Floats, footnotes and figure labels that may stand between the two halves of a sentence.
    max_between: int = Field(64, ge=1)
    # The two halves' lines differ in size by at most this share (one sentence is set in one size).
    size_change: float = Field(0.05, ge=0, le=1)


class PdfSettings(_Strict):
    headings: PdfHeadingSettings = PdfHeadingSettings()
    regions: PdfRegionSettings = PdfRegionSettings()
    flow: PdfFlowSettings = PdfFlowSettings()


# -- align ----------------------------------------------------------------------


def _moved_to_min_confidence(data: Any, old: str) -> Any:
    """Reject a setting that align.min_confidence replaced, saying where it went (README: Migrating)."""
    if isinstance(data, dict) and old in data:
        raise ValueError(
            f"{old} is now align.min_confidence in config/pipeline.yaml (a bead's score is the probability "
            f"that it is right; one cut-off for the TMX, the records and the summary): remove {old}"
        )
    return data


class AlignWeights(_Strict):
    length: float = Field(0.5, ge=0)  # fitted on the calibration half of the Bible (sensitivity.py --fit)
    anchors: float = Field(1.5, ge=0)
    dictionary: float = Field(3.0, ge=0)
    mt: float = Field(2.0, ge=0)
    # Documents: the cost of each block boundary (paragraph, list item, heading) a bead disagrees
    # with, and of pairing a heading with body text.
    blocks: float = Field(1.0, ge=0)
    headings: float = Field(3.0, ge=0)


class AlignPenalties(_Strict):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    skip: float = 4.5
    one_one: float = Field(0.0, alias="1-1")
    one_two: float = Field(1.2, alias="1-2")
    two_one: float = Field(1.2, alias="2-1")
    two_two: float = Field(3.5, alias="2-2")
    one_three: float = Field(2.5, alias="1-3")
    three_one: float = Field(2.5, alias="3-1")
    one_four: float = Field(3.5, alias="1-4")
    four_one: float = Field(3.5, alias="4-1")
    # Extra cost for pairing segments that share almost no dictionary words.
    mismatch: float = Field(0.0, ge=0)

    def as_dict(self) -> dict[str, float]:
        return self.model_dump(by_alias=True)


class AlignLength(_Strict):
    ratio: float = Field(4.14, gt=0)
    variance: float = Field(23.2, gt=0)
    estimate_ratio: bool = True
    # The length similarity counts as at least this: past it, a length mismatch says no more (an
    # abridged or expanded translation is no less a translation for being very short or long).
    floor: float = Field(1e-8, gt=0, lt=1)


class AlignCoarse(_Strict):
    # A side with at least this many segments is first aligned coarsely, in groups of
    # segments, and the fine search keeps to a margin around that path.
    above: int = Field(2000, ge=2)
    # Runs of consecutive segments each side is cut into for the coarse pass.
    groups: int = Field(1000, ge=2)
    # Segments either side of the coarse path searched by the fine pass.
    margin: int = Field(40, ge=1)
    # The fine path is checked and repaired (align/dp.py): a stretch is searched again on its own
    # where the path runs along the band's edge (within `near_edge` x margin of it) or where
    # `window` consecutive beads cost more on average than a skipped segment; its band doubles
    # every round, for at most `rounds` rounds.
    near_edge: float = Field(0.5, gt=0, le=1)
    window: int = Field(10, ge=1)
    rounds: int = Field(8, ge=0)
    # A stretch whose band would hold more cells than this (about 20 bytes each) is left as it is.
    max_cells: int = Field(20_000_000, ge=1)


class AlignBand(_Strict):
    # Half-width of the search band around the diagonal the two sides' lengths predict, in
    # segments: `min`, or `per_sqrt` x the square root of the longer side's count when that is
    # wider (on a long text the real path wanders further from the diagonal).
    min: int = Field(60, ge=1)
    per_sqrt: float = Field(2.0, ge=0)


class AlignNames(_Strict):
    # Names the dictionary lacks (transliterated people and places), learned from a first pass
    # over the two texts (align/names.py): an English capitalised word and a Chinese character
    # pair that meet in at least `min_count` of its beads, with a Dice coefficient over beads of
    # at least `min_dice`, become a shared anchor; the second pass searches `margin` segments
    # either side of the first path. `learn: false` keeps one pass.
    learn: bool = True
    min_count: int = Field(2, ge=1)
    min_dice: float = Field(0.7, gt=0, le=1)
    margin: int = Field(10, ge=1)


class AlignSettings(_Strict):
    # Chinese -> English term lists on top of CC-CEDICT, relative to the project root.
    glossary: list[str] = Field(default_factory=list)
    beads: list[tuple[int, int]] = Field(
        default_factory=lambda: [(0, 1), (1, 0), (1, 1), (1, 2), (2, 1), (2, 2), (1, 3), (3, 1), (1, 4), (4, 1)]
    )
    band: AlignBand = AlignBand()
    # A sentence bead's score is the estimated probability that it is right (align/confidence.py).
    # Beads scoring at least this are confident: they go into the TMX, lend their text to records,
    # and count as confident in the run's summary.
    min_confidence: float = Field(0.9, ge=0, le=1)
    # A pairing scoring below this is not claimed: its sentences become 1-0 and 0-1 beads in place.
    # On bench_bitext's fit half no right bead scores under 0.05; the cut sits well below that,
    # because a wrong bead there may still hold some right sentence links.
    min_claim: float = Field(0.01, ge=0, le=1)
    # When, even on the side that aligns better, less than this share of a pair's sentences lies in
    # confident beads, the run warns that the files may not be translations of each other.
    warn_below: float = Field(0.5, ge=0, le=1)
    weights: AlignWeights = AlignWeights()
    penalties: AlignPenalties = AlignPenalties()
    length: AlignLength = AlignLength()
    coarse: AlignCoarse = AlignCoarse()
    names: AlignNames = AlignNames()

    @field_validator("glossary", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else ([] if value is None else value)

    @field_validator("band", mode="before")
    @classmethod
    def _band_is_a_mapping(cls, value: Any) -> Any:
        if isinstance(value, int | float):
            raise ValueError(
                f"now a mapping: `band: {value}` was a minimum, write `band: {{min: {value}}}` (README, Alignment)"
            )
        return value

    @model_validator(mode="after")
    def _claim_below_confidence(self) -> AlignSettings:
        if self.min_claim > self.min_confidence:
            raise ValueError(f"min_claim ({self.min_claim}) must not exceed min_confidence ({self.min_confidence})")
        return self

    @field_validator("beads")
    @classmethod
    def _known_beads(cls, beads: list[tuple[int, int]]) -> list[tuple[int, int]]:
        for zh, en in beads:
            if f"{zh}-{en}" not in BEAD_TYPES:
                raise ValueError(f"unknown bead [{zh}, {en}]; known: {', '.join(BEAD_TYPES)}")
        return beads


# -- translate ---------------------------------------------------------------------


class TranslateSettings(_Strict):
    backend: Literal["argos", "none"] = "argos"
    directions: list[Literal["zh-en", "en-zh"]] = ["zh-en", "en-zh"]  # pydantic copies mutable defaults
    # Where Argos packages are installed; null means argostranslate's default.
    packages_dir: str | None = None
    cache_dir: str = ".cache/translations"


# -- emit ---------------------------------------------------------------------------------


class EmitSettings(_Strict):
    # A UTF-8 byte-order mark on CSV files, so that Excel reads the Chinese right.
    csv_bom: bool = True
    # The TMX takes the confident sentence beads: align.min_confidence.

    @model_validator(mode="before")
    @classmethod
    def _moved(cls, data: Any) -> Any:
        return _moved_to_min_confidence(data, "tmx_min_score")


# -- the whole file --------------------------------------------------------------------


class PipelineSettings(_Strict):
    """config/pipeline.yaml. Paths are relative to the project root (see config.find_root)."""

    sources: str = "config/sources.yaml"
    output_dir: str = "processed"
    log_dir: str = "logs"
    # A document profile: a path, or a name under config/profiles/ (default: generic).
    profile: str = "generic"
    ingest: IngestSettings = IngestSettings()
    segment: SegmentSettings = SegmentSettings()
    pdf: PdfSettings = PdfSettings()
    align: AlignSettings = AlignSettings()
    translate: TranslateSettings = TranslateSettings()
    emit: EmitSettings = EmitSettings()
