"""Each language's citation and cross-reference patterns (language data, no NLP engine).

Kept apart from zh.py/en.py so that commands needing only anchors (`pipeline
align --presplit`) do not import spaCy.
"""

from __future__ import annotations

import re

from pipeline.citations import AnchorPatterns

ZH = AnchorPatterns(
    author_separators=re.compile(r"等人|et al\.?|和|与|及|\band\b|&|,|，"),
    year_suffix="年",
    narrative_author=re.compile(
        r"(?P<author>[A-Z][\w\-']+|[\u4e00-\u9fff]{2,6})(?:等人|\s+et al\.|和[A-Z][\w\-']+)?\s*$"
    ),
    references={
        "section_ref": re.compile(r"第\s*(\d+(?:\.\d+)*)\s*节"),
        "chapter_ref": re.compile(r"第\s*(\d+)\s*章"),
        "table_ref": re.compile(r"表\s*(\d+)"),
        "figure_ref": re.compile(r"图\s*(\d+)"),
        "appendix_ref": re.compile(r"附录\s*([A-Z](?:\.\d+)*)"),
    },
)

EN = AnchorPatterns(
    author_separators=re.compile(r"\bet al\.?|\band\b|&|,"),
    year_suffix="",
    narrative_author=re.compile(r"(?P<author>[A-Z][\w\-']+)(?:\s+et al\.|\s+(?:and|&)\s+[A-Z][\w\-']+)?\s*$"),
    references={
        "section_ref": re.compile(r"(?:\bSections?|\bSecs?\.|§)\s*(\d+(?:\.\d+)*)"),
        "chapter_ref": re.compile(r"\bCh(?:apters?|ap\.|\.)\s*(\d+)"),
        "table_ref": re.compile(r"\b(?:Tables?|Tab\.)\s*(\d+)"),
        "figure_ref": re.compile(r"\b(?:Figures?|Figs?\.)\s*(\d+)"),
        "appendix_ref": re.compile(r"\bAppendi(?:x|ces)\s+([A-Z](?:\.\d+)*)\b"),
    },
)

BY_LANGUAGE = {"zh": ZH, "en": EN}
