"""Every `pipeline …` command in the README runs as written (sqlite-utils checks its docs this way).

Commands are taken from the README's ```sh blocks in order, run from the
repository root with /tmp/pipeline-readme replaced by a temporary folder.
Exit status 0, or 1 where the command reports differences or problems (diff).
"""

from __future__ import annotations

import re
import shlex

from conftest import REPO, run_cli


def readme_commands() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", text, flags=re.S):
        for line in block.splitlines():
            if line.startswith("pipeline "):
                commands.append(re.sub(r"\s+#\s.*$", "", line).strip())
    return commands


def test_the_readme_has_commands_to_run():
    assert len(readme_commands()) >= 12


def test_every_readme_command_runs_as_written(tmp_path):
    for command in readme_commands():
        args = [
            a.replace("/tmp/pipeline-readme", str(tmp_path)).replace("/tmp/mine", str(tmp_path / "mine"))
            for a in shlex.split(command)[1:]
        ]
        result = run_cli(*args)
        allowed = (0, 1) if "diff" in args[:2] else (0,)
        assert result.returncode in allowed, f"{command}\n{result.stderr.decode()}"
        assert b"error" not in result.stderr, f"{command}\n{result.stderr.decode()}"


def test_every_python_file_the_readme_names_exists():
    """A renamed or split module leaves no stale name behind in the README.

    A file of ../shared (read in place by a benchmark) counts where ../shared is beside the clone.
    """
    text = (REPO / "README.md").read_text(encoding="utf-8")
    names = set(re.findall(r"`([\w./-]+\.py)\b", text))
    roots = [REPO, REPO.parent / "shared"]
    files = {str(p.relative_to(root)) for root in roots if root.is_dir() for p in root.rglob("*.py")}
    missing = [n for n in sorted(names) if not any(f == n or f.endswith("/" + n) for f in files)]
    assert len(names) > 20 and not missing, missing
