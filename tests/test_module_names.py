"""One meaning per name (issue 25): two modules share a file name only where they mean the same thing.

A new shared name fails here until it is renamed after what the module holds, or listed
below with the reason the two are one idea at two places.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "pipeline"
FILE_LIMIT = 400  # lines; DEVELOPERS.md's "no file over ~400 lines"

SHARED_NAMES = {
    "__init__.py": "a package's face",
    "base.py": "the base of a plugin family, in the family's package (lang/, extract/markdown/dialects/)",
    "blocks.py": "one format's reader from its parse to blocks (extract/markdown/, extract/pdf/)",
    "diff.py": "the same command for one pair and for a corpus (corpus/)",
    "report.py": "the same report for one pair and for a corpus (corpus/)",
    "records.py": "stage 5 and its result types (types/ holds every stage's types under the stage's name)",
}


def test_modules_share_a_name_only_where_they_mean_one_thing():
    paths = defaultdict(list)
    for path in PACKAGE.rglob("*.py"):
        paths[path.name].append(str(path.relative_to(PACKAGE)))
    shared = {name: sorted(found) for name, found in paths.items() if len(found) > 1}
    unexplained = {name: found for name, found in shared.items() if name not in SHARED_NAMES}
    assert not unexplained, unexplained


def test_no_module_is_much_over_the_line_limit():
    long = {
        str(p.relative_to(PACKAGE)): n
        for p in PACKAGE.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > FILE_LIMIT * 1.1
    }
    assert not long, long
