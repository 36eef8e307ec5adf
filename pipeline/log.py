"""The library's diagnostics: the `pipeline` logger, silent unless an application configures it.

A library does not print (the rule of Python's logging HOWTO for libraries): the
`pipeline` logger carries a NullHandler, so a notice of a run reaches nobody until
the application adds a handler, e.g. `logging.basicConfig(level=logging.INFO)`.
The CLI does not go through here: it passes its own writer (`log=`), which
honours --quiet and --verbose.
"""

from __future__ import annotations

import logging

LOGGER = logging.getLogger("pipeline")
LOGGER.addHandler(logging.NullHandler())


def note(message: str) -> None:
    """A line a stage reports ("warning: …", "notice: …", a summary): WARNING for warnings, else INFO."""
    LOGGER.log(logging.WARNING if message.startswith("warning:") else logging.INFO, message)
