"""Progress bars on stderr, shown only when stderr is a terminal (tqdm is imported only then)."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import TypeVar

T = TypeVar("T")


class _Silent:
    """What progress_bar gives when nothing is shown."""

    def update(self, count: int = 1) -> None:
        pass

    def __enter__(self) -> _Silent:
        return self

    def __exit__(self, *exc) -> None:
        pass


def _shown() -> bool:
    return sys.stderr.isatty()


def progress(items: Iterable[T], desc: str, unit: str = "it") -> Iterable[T]:
    if not _shown():
        return items
    from tqdm import tqdm

    return tqdm(items, desc=desc, unit=unit, leave=False, file=sys.stderr)


def progress_bar(total: int, desc: str, unit: str = "it"):
    """A bar advanced by hand (`bar.update(n)`), for work that arrives in parts."""
    if not _shown():
        return _Silent()
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit=unit, leave=False, file=sys.stderr)
