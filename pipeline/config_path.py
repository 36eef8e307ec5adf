"""Where a project's config/pipeline.yaml lies, found without loading it.

Light on purpose (standard library only): every command looks for a project
before it reads a byte, and loading the settings models costs ~0.4 s of start-up.
"""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_CONFIG = Path("config/pipeline.yaml")


def find_config(start: Path | None = None) -> Path | None:
    """config/pipeline.yaml of the project `start` (default: the working directory) is in, if any."""
    folder = (start or Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        path = candidate / DEFAULT_CONFIG
        if path.is_file():
            return path
    return None


def config_for(config: str | Path | None, *files: str | Path) -> Path | None:
    """The config a command on `files` uses: the one given, else the project the files lie in, else none.

    Found from the files (their common folder), like black and ruff find pyproject.toml, so the
    same files give the same result from any working directory. Without files: the working directory.
    """
    if config:
        return Path(config)
    if not files:
        return find_config()
    folders = [Path(f).resolve().parent for f in files]
    common = Path(os.path.commonpath(folders))
    return find_config(common)


def describe_config(config: str | Path | None, *files: str | Path) -> str:
    """Which configuration a command on `files` uses, in words (`--verbose` prints it)."""
    path = config_for(config, *files)
    if path is None:
        where = "around " + ", ".join(map(str, files)) if files else f"in {Path.cwd()} or above"
        return f"built-in defaults (no config/pipeline.yaml {where})"
    return str(path.resolve())
