"""What a run says about an alignment: counts that keep confident beads apart from the rest, and a
warning when two files hardly align at all.

A bead is confident when its score (the probability that it is right)
reaches `align.min_confidence`. When, even on the side that aligns better,
less than `align.warn_below` of the sentences lie in confident beads, the
two files are probably not translations of each other (or not of the same
version), and the run says so once, on stderr and at the top of report.html.
Taking the better side keeps a partial translation (a Chinese abstract
against a whole English paper) from being mistaken for an unrelated pair.
"""

from __future__ import annotations

from pipeline.types import DocumentAlignment


def counts(alignment: DocumentAlignment) -> dict[str, int | float]:
    """Beads per level, sentence beads split into confident, uncertain and unaligned, and the share
    of each side's sentences that lie in confident beads."""
    sentence_beads = alignment.by_level("sentence")
    confident = alignment.confident()
    aligned = [r for r in sentence_beads if r.status == "aligned"]
    zh_total = sum(len(r.zh) for r in sentence_beads)
    en_total = sum(len(r.en) for r in sentence_beads)
    return {
        "section": len(alignment.by_level("section")),
        "paragraph": len(alignment.by_level("paragraph")),
        "sentence": len(sentence_beads),
        "confident": len(confident),
        "uncertain": len(aligned) - len(confident),
        "unaligned_sentences": sum(len(r.zh) + len(r.en) for r in alignment.unaligned()),
        "confident_share_zh": round(sum(len(r.zh) for r in confident) / zh_total, 4) if zh_total else 0.0,
        "confident_share_en": round(sum(len(r.en) for r in confident) / en_total, 4) if en_total else 0.0,
    }


def not_translations(summary: dict, zh_path: str, en_path: str, warn_below: float) -> str | None:
    """The warning for a pair that mostly does not align with confidence, or None."""
    best = max(summary["confident_share_zh"], summary["confident_share_en"])
    if summary["sentence"] == 0 or best >= warn_below:
        return None
    return (
        f"{zh_path} and {en_path} may not be translations of each other: only {best:.0%} of their sentences "
        f"aligned with confidence (align.warn_below {warn_below:.0%})"
    )


def line(summary: dict) -> str:
    """The run's one-line account of an alignment."""
    return (
        f"{summary['sentence']} sentence beads: {summary['confident']} confident, {summary['uncertain']} uncertain, "
        f"{summary['unaligned_sentences']} sentences unaligned"
    )
