"""jieba tokenizers sharing one read of jieba's prefix dictionary per process.

Building a `ChineseRules` used to read jieba's dictionary cache twice: once for the
tokenizer of its own (so a user dictionary stays in it), once more for jieba's global
tokenizer, which spaCy's Chinese tokenizer initialises when it is created
(`spacy.lang.zh.try_jieba_import` cuts a word with it) although the rules then replace
it. Here the default dictionary is read once per process, and jieba's global tokenizer and
each rules' tokenizer start from a copy of it (~20 ms each).

The read itself: jieba reads its cache file with `marshal.load(file)`, which CPython
serves by calling the file's `readinto` for every one of its ~500,000 words: 0.8-1.3 s
here, against 0.35 s for `marshal.loads` of the bytes read at once. So the default
dictionary's cache is read here, the same file jieba would read (its name and folder
follow jieba's rule for the default dictionary), giving the same dictionary; without it
(first run, an unreadable file) jieba initialises itself as usual, building and writing
the cache. jieba's global tokenizer is left alone when it has a dictionary already, or
another one (`jieba.set_dictionary`).
"""

from __future__ import annotations

import functools
import io
import marshal
import os
import tempfile
from pathlib import Path

import jieba


def _read_cache(tokenizer: jieba.Tokenizer) -> tuple[dict[str, int], int] | None:
    """(words with their frequencies, their total) from jieba's cache of its default dictionary, if readable."""
    cache = os.path.join(tokenizer.tmp_dir or tempfile.gettempdir(), tokenizer.cache_file or "jieba.cache")
    try:
        freq, total = marshal.loads(Path(cache).read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None  # missing or not jieba's: jieba rebuilds it
    return freq, total


@functools.cache
def _default_dictionary() -> tuple[dict[str, int], int]:
    """jieba's default dictionary, read once per process; never handed out itself, only copies."""
    fresh = jieba.Tokenizer()
    loaded = _read_cache(fresh)
    if loaded is None:
        fresh.initialize()  # jieba's own way: reads the cache, or builds the dictionary and writes it
        loaded = fresh.FREQ, fresh.total
    return loaded


def _fill(tokenizer: jieba.Tokenizer) -> None:
    freq, total = _default_dictionary()
    tokenizer.FREQ, tokenizer.total = dict(freq), total
    tokenizer.initialized = True


def prepare_global_tokenizer() -> None:
    """Give jieba's global tokenizer the default dictionary, unless it has one (spaCy's Chinese tokenizer
    initialises it on creation)."""
    shared = jieba.dt
    with shared.lock:
        if not shared.initialized and shared.dictionary == jieba.DEFAULT_DICT:
            _fill(shared)


def new_tokenizer(user_dictionary: tuple[str, bytes] | None = None) -> jieba.Tokenizer:
    """A jieba tokenizer of its own, on the default dictionary, with a user dictionary's words
    ((its name, its bytes)) loaded into it only: no other tokenizer changes."""
    tokenizer = jieba.Tokenizer()
    _fill(tokenizer)
    if user_dictionary is not None:
        name, data = user_dictionary
        words = io.BytesIO(data)
        words.name = name  # named in jieba's error message, as the file would be
        tokenizer.load_userdict(words)
    return tokenizer
