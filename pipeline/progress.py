"""Progress bars on stderr, shown only when stderr is a terminal."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import TypeVar

from tqdm import tqdm

T = TypeVar("T")


def progress(items: Iterable[T], desc: str, unit: str = "it") -> Iterable[T]:
    return tqdm(items, desc=desc, unit=unit, disable=not sys.stderr.isatty(), leave=False, file=sys.stderr)
