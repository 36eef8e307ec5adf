"""Reading a YAML config file with positions, and validating it against a settings model.

Every problem of a file is reported at once, each as `file:line:column: key.path: problem`
(PipelineErrors), so a config with three mistakes is fixed in one round, not three.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from pipeline.errors import PipelineError, raise_all
from pipeline.files import read_bounded

MAX_CONFIG_BYTES = 16 * 1024 * 1024  # a config or profile is a few KB; a glossary a few MB at most


def read_yaml(path: Path) -> tuple[dict[str, Any], yaml.Node | None]:
    """A YAML mapping and its node tree (for line numbers); errors name the line and column."""
    if not path.exists():
        raise PipelineError(str(path), "config file not found")
    try:
        # A FIFO or a device named as a config is refused, not waited on.
        text = read_bounded(path, MAX_CONFIG_BYTES, setting=None).decode("utf-8")
        node = yaml.compose(text)
        data = yaml.safe_load(text)
    except UnicodeDecodeError:
        raise PipelineError(str(path), "is not UTF-8 text") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise PipelineError(where, f"invalid YAML ({problem})") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise PipelineError(str(path), "expected a mapping at the top level")
    return data, node


def _node_at(node: yaml.Node | None, location: tuple, key_node: bool = False) -> yaml.Node | None:
    """The YAML node at a key path (the key itself with `key_node`, to point at an unknown key)."""
    for position, key in enumerate(location):
        if isinstance(node, yaml.MappingNode):
            pair = next(((k, v) for k, v in node.value if k.value == str(key)), None)
            if pair is None:
                return None
            node = pair[0] if key_node and position == len(location) - 1 else pair[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
        else:
            return node
        if node is None:
            return None
    return node


_EXPECTED = {
    "int_parsing": "expected an integer",
    "int_type": "expected an integer",
    "float_parsing": "expected a number",
    "float_type": "expected a number",
    "bool_parsing": "expected true or false",
    "bool_type": "expected true or false",
    "string_type": "expected a string",
    "list_type": "expected a list",
    "dict_type": "expected a mapping",
    "model_type": "expected a mapping",
    "tuple_type": "expected a pair [zh, en]",
    "extra_forbidden": "unknown setting",
    "literal_error": None,
}


def _found(node: yaml.Node | None, location: tuple, key_node: bool = False) -> yaml.Node | None:
    location = tuple(p for p in location if not (isinstance(p, str) and p.startswith("function-")))
    found = _node_at(node, location, key_node=key_node)
    for end in range(len(location) - 1, 0, -1):  # a missing key: point at the entry that lacks it
        if found is not None:
            break
        found = _node_at(node, location[:end])
    return found


def _where(path: Path, node: yaml.Node | None, location: tuple, key_node: bool = False) -> str:
    found = _found(node, location, key_node)
    return f"{path}:{found.start_mark.line + 1}:{found.start_mark.column + 1}" if found is not None else str(path)


def _position(location: tuple, node: yaml.Node | None) -> tuple[int, int]:
    found = _found(node, location)
    return (found.start_mark.line, found.start_mark.column) if found is not None else (-1, -1)


def key_path(location: tuple) -> str:
    """("sources", 0, "id") as `sources[0].id`, as a user would write it."""
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _problem(error: Any, path: Path, node: yaml.Node | None) -> PipelineError:
    location = tuple(part for part in error["loc"] if not (isinstance(part, str) and part.startswith("function-")))
    key = key_path(location) or "(top level)"
    where = _where(path, node, location, key_node=error["type"] == "extra_forbidden")
    expected = _EXPECTED.get(error["type"]) or error["msg"].replace("Value error, ", "")
    if error["type"] == "extra_forbidden":
        message = f"{key}: unknown setting (a typo?)"
    elif error["type"] == "missing":
        message = f"{key}: missing (required)"
    elif error["type"] in _EXPECTED and "input" in error and not isinstance(error["input"], (dict, list)):
        message = f"{key}: {expected}, got {error['input']!r}"
    else:
        message = f"{key}: {expected}"
    return PipelineError(where, message)


Check = Callable[[dict], list[tuple[tuple, str]]]


def validate(model: type[BaseModel], data: dict, path: Path, node: yaml.Node | None, check: Check | None = None) -> Any:
    """`model` from `data`, or a PipelineError naming file:line:column, the key path and the problem.

    Every problem of the file is reported at once (PipelineErrors), in file order: the model's, and
    those `check` finds across entries (duplicate ids, references to unknown ids), given as
    (key path, message).
    """
    problems: list[tuple[tuple[int, int], PipelineError]] = []
    result = None
    try:
        result = model.model_validate(data)
    except ValidationError as exc:
        problems += [(_position(error["loc"], node), _problem(error, path, node)) for error in exc.errors()]
    for location, message in check(data) if check else []:
        key = key_path(location)
        problems.append((_position(location, node), PipelineError(_where(path, node, location), f"{key}: {message}")))
    unique = list({str(error): (order, error) for order, error in problems}.values())
    raise_all([error for _, error in sorted(unique, key=lambda item: item[0])])
    return result
