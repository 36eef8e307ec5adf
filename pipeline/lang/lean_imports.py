"""The language libraries' imports without what the pipeline never uses: torch, spaCy's command
line, pkg_resources.

Measured with `python -X importtime` (whole `pipeline segment` processes took 5-7 s on this
shared machine, ~2-3 s on a quiet one, before reading a byte), three imports done by the
libraries themselves, for features the pipeline does not use (blank spaCy pipelines with
rule-based, numpy-backed components; jieba's dictionary and HMM):

- torch, ~1.3 s: spaCy imports thinc, and `thinc/compat.py` probes `import torch` to offer
  PyTorch layers. torch is installed because argostranslate's sentence splitter (stanza)
  needs it.
- spaCy's command line, ~0.3 s: `spacy/__init__.py` runs `from .cli.info import info` (for
  `spacy.info()`), which imports every CLI command and with them typer, weasel, httpx, rich,
  requests and jinja2.
- pkg_resources, ~0.4 s: `jieba/_compat.py` tries it to open its data files, and opens them
  as plain files next to its modules without it (the same files: jieba is a folder).

A meta-path finder, put first on `sys.meta_path` when `pipeline.lang` is imported (before
any of its modules imports spaCy or jieba), acts only while one of those three modules is
being executed (it sits in `sys.modules` without yet defining the name that follows the
import), and only for imports not done yet (the import system asks finders only for
modules not in `sys.modules`):

- thinc's `import torch` and jieba's `import pkg_resources` fail with ImportError, which both
  catch: thinc records `has_torch = False`, as on a machine without torch; jieba takes its
  fallback. Both stay importable: argostranslate and stanza import torch later in the same
  process as usual (tests/lang/test_lean_imports.py runs them).
- `spacy.cli` and `spacy.cli.info` are small stand-ins: `spacy.info(...)`, and any name taken
  from `spacy.cli` (`from spacy.cli import download`, as argostranslate does), import the real
  command line then and forward to it; its submodules stay importable (the stand-in package
  has the real folder as its path).

A program that imports `pipeline.lang` and then needs thinc's PyTorch layers in the same
process (spacy-transformers) imports spacy or thinc first: thinc decides once, at its
first import.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
import types
from typing import Any

# module refused -> (the module whose import of it is refused, a name that module defines after that import)
REFUSED = {
    "torch": ("thinc.compat", "has_torch"),
    "pkg_resources": ("jieba._compat", "get_module_res"),
}
SPACY_INIT = ("spacy", "blank")  # `from .cli.info import info` comes before `def blank`
CLI_PACKAGE, CLI_INFO = "spacy.cli", "spacy.cli.info"


def _executing(module_name: str, defined_later: str) -> bool:
    module = sys.modules.get(module_name)
    return module is not None and not hasattr(module, defined_later)


def _real_cli() -> types.ModuleType:
    """spaCy's real command-line package, imported in place of the stand-ins (once)."""
    for name in (CLI_INFO, CLI_PACKAGE):
        if getattr(sys.modules.get(name), "__stand_in__", False):
            del sys.modules[name]
    real = importlib.import_module(CLI_PACKAGE)
    sys.modules["spacy"].cli = real  # type: ignore[attr-defined]  # where the import system put the stand-in
    return real


def _real_info_module() -> types.ModuleType:
    _real_cli()
    return sys.modules[CLI_INFO]  # the package's `info` is the function; the module is here


def info(*args: Any, **kwargs: Any) -> Any:
    """`spacy.info`: spaCy's command line is imported on the first call."""
    return _real_info_module().info(*args, **kwargs)


class LeanImportFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, fullname, path=None, target=None):
        if fullname in REFUSED and _executing(*REFUSED[fullname]):
            raise ModuleNotFoundError(f"{fullname} is not offered here (see pipeline.lang.lean_imports)", name=fullname)
        if fullname in (CLI_PACKAGE, CLI_INFO) and _executing(*SPACY_INIT):
            real = importlib.machinery.PathFinder.find_spec(fullname, path)
            if real is not None:  # else spaCy changed; let the import system report it
                spec = importlib.machinery.ModuleSpec(fullname, self, origin=real.origin)
                spec.submodule_search_locations = real.submodule_search_locations  # the package's real folder
                return spec
        return None  # any other import: the next finder decides

    def create_module(self, spec):
        return None  # a plain module

    def exec_module(self, module: types.ModuleType) -> None:
        module.__stand_in__ = True  # type: ignore[attr-defined]
        real = _real_cli if module.__name__ == CLI_PACKAGE else _real_info_module
        if module.__name__ == CLI_INFO:
            module.info = info  # type: ignore[attr-defined]

        def forward(name: str) -> Any:
            if name.startswith("__"):  # the import system probing (`__path__`), not a user
                raise AttributeError(name)
            return getattr(real(), name)

        module.__getattr__ = forward  # type: ignore[method-assign]


def install() -> None:
    """Put the finder first on `sys.meta_path`, once per process."""
    if not any(isinstance(finder, LeanImportFinder) for finder in sys.meta_path):
        sys.meta_path.insert(0, LeanImportFinder())
