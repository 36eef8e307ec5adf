"""Progress bars on stderr: off until the application turns them on (the CLI does), and then shown
only when stderr is a terminal (tqdm is imported only then). A library prints nothing by itself."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")
_ENABLED = False  # `enable()`: the CLI's choice, not the library's
# Off while a corpus worker runs a pair: the corpus shows one bar over pairs, not one per file.
_SILENCED = False


class _Silent:
    """What progress_bar gives when nothing is shown."""

    def update(self, count: int = 1) -> None:
        pass

    def set_postfix_str(self, text: str, refresh: bool = True) -> None:
        pass

    def __enter__(self) -> _Silent:
        return self

    def __exit__(self, *exc) -> None:
        pass


def enable(on: bool = True) -> None:
    """Show progress bars from now on (when stderr is a terminal): what `pipeline` commands do."""
    global _ENABLED
    _ENABLED = on


def _shown() -> bool:
    return _ENABLED and not _SILENCED and sys.stderr.isatty()


@contextlib.contextmanager
def silenced() -> Iterator[None]:
    """No bars inside this block (a corpus pair, run under the corpus's own bar)."""
    global _SILENCED
    before, _SILENCED = _SILENCED, True
    try:
        yield
    finally:
        _SILENCED = before


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
